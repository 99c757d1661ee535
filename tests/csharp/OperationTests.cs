// Every operation for real: the v1.0 and beta policy lifecycles in all parameter sets and the
// beta deleted items, once through Invoke (cmdlet + parameter set) and once through the typed
// methods (one export each), checked against what the emulator then holds.
using System;
using System.Collections.Generic;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    internal static class OperationTests
    {
        const string Noun = "PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization";
        const string DeletedNoun = "MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner";

        // "cmdlet/set" pairs and export names that returned Ok on a call that reached Graph.
        static readonly Dictionary<string, bool> InvokedSets = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        static readonly Dictionary<string, bool> TypedExports = new Dictionary<string, bool>();

        static string Cmdlet(string verb, bool beta) { return verb + (beta ? "-MgBeta" : "-Mg") + Noun; }

        static string Identity(string p) { return "{\"CrossTenantAccessPolicyConfigurationPartnerTenantId\":\"" + p + "\"}"; }

        static string DeletedIdentity(string p) { return "{\"crossTenantIdentitySyncPolicyPartnerTenantId\":\"" + p + "\"}"; }

        static MgpResult Inv(string cmdlet, string set, string args, int http, string name)
        {
            MgpResult r = Ctx.Client.Invoke(cmdlet, set, args);
            bool ok = T.Check(r.IsSuccess && r.Sent && !r.WhatIf && r.HttpStatus == http, name + ": " + cmdlet + " -" + set + " answers " + http,
                r.StatusName + " HTTP " + r.HttpStatus + " " + r.Message);
            if (ok) InvokedSets[cmdlet + "/" + set] = true;
            return r;
        }

        static MgpResult Typed(string export, MgpResult r, int http)
        {
            bool ok = T.Check(r.IsSuccess && r.Sent && r.HttpStatus == http, export + " answers " + http, r.StatusName + " HTTP " + r.HttpStatus);
            if (ok) TypedExports[export] = true;
            return r;
        }

        static string Url(MgpResult r) { return r.Request == null ? null : r.Request.Url; }

        static object Flag(MgpJsonObject policy, string name)
        {
            if (policy == null) return "<no policy>";
            MgpJsonObject o = policy[name] as MgpJsonObject;
            return o == null ? null : o["isSyncAllowed"];
        }

        static object Name(MgpJsonObject policy) { return policy == null ? "<no policy>" : policy["displayName"]; }

        internal static void RunInvoke()
        {
            foreach (bool beta in new bool[] { false, true }) LiveLifecycleByInvoke(beta);
            DeletedItemsByInvoke();
        }

        static void LiveLifecycleByInvoke(bool beta)
        {
            string v = beta ? "beta" : "v1.0";
            T.Group("Invoke: " + v + " policy in every parameter set");
            Emulator emu = Ctx.Emulator;
            string p = Ctx.NewPartner();
            emu.SeedPartners(p);
            string id = "{\"id\":\"" + p + "\"";
            string ident = "{\"identity\":" + Identity(p);
            string betaFields = beta ? ",\"group_sync_inbound\":false,\"role_enabled_group_sync_inbound\":true,\"external_cloud_authorized_application_id\":\"app-1\"" : "";

            MgpResult r = Inv(Cmdlet("Set", beta), "SetExpanded", id + ",\"fields\":{\"display_name\":\"Fabrikam\",\"user_sync_inbound\":true" + betaFields + "}}", 204, v);
            T.Equal("PUT", r.Request.Method, v + " SetExpanded sends PUT");
            T.Check(Url(r).EndsWith("/" + v + "/policies/crossTenantAccessPolicy/partners/" + p + "/identitySynchronization", StringComparison.Ordinal), v + " SetExpanded URL", Url(r));
            T.Equal(null, r.Body, v + " SetExpanded: no body in a 204");
            T.Check(r.Headers.ContainsKey("request-id") && r.Headers.ContainsKey("REQUEST-ID"), v + " response headers, case-insensitive");
            T.Equal(r.Headers["request-id"][0], r.RequestId, v + " RequestId is the request-id header");
            T.Equal(v == "beta" ? "Set-MgBeta" + Noun + "_SetExpanded" : "Set-Mg" + Noun + "_SetExpanded", r.ShouldProcessAction, v + " ShouldProcess action");
            T.Contains(r.ShouldProcessTarget, "PUT /" + v + "/policies/crossTenantAccessPolicy/partners/", v + " ShouldProcess target");
            MgpJsonObject policy = emu.Policy(p);
            T.Equal("Fabrikam", Name(policy), v + " SetExpanded created the policy");
            T.Equal(true, Flag(policy, "userSyncInbound"), v + " SetExpanded user sync");
            if (beta)
            {
                T.Equal(false, Flag(policy, "groupSyncInbound"), "beta SetExpanded group sync");
                T.Equal(true, Flag(policy, "roleEnabledGroupSyncInbound"), "beta SetExpanded role-enabled group sync");
                T.Equal("app-1", policy["externalCloudAuthorizedApplicationId"], "beta SetExpanded external cloud app id");
            }

            r = Inv(Cmdlet("Get", beta), "Get", id + "}", 200, v);
            MgpJsonObject body = r.Body as MgpJsonObject;
            T.Check(body != null && p.Equals(body["tenantId"]) && "Fabrikam".Equals(body["displayName"]), v + " Get returns the policy", MgpJson.Serialize(r.Body));
            T.Equal(beta, body != null && body.Contains("groupSyncInbound"), v + " Get: groupSyncInbound present only in beta");
            r = Inv(Cmdlet("Get", beta), "GetViaIdentity", ident + "}", 200, v);
            T.Equal("Fabrikam", ((MgpJsonObject)r.Body)["displayName"], v + " GetViaIdentity returns the policy");
            r = Inv(Cmdlet("Get", beta), null, id + "}", 200, v + " default set");
            T.Equal("Get", r.ParameterSet, v + " a null parameter set means the default set");

            r = Inv(Cmdlet("Update", beta), "UpdateExpanded", id + ",\"fields\":{\"display_name\":\"F2\"}}", 204, v);
            T.Equal("PATCH", r.Request.Method, v + " UpdateExpanded sends PATCH");
            T.Equal("{\"displayName\":\"F2\"}", r.Request.BodyJson, v + " UpdateExpanded sends only the given field");
            T.Equal("F2", Name(emu.Policy(p)), v + " UpdateExpanded changed displayName");
            T.Equal(true, Flag(emu.Policy(p), "userSyncInbound"), v + " UpdateExpanded kept user sync");
            Inv(Cmdlet("Update", beta), "Update", id + ",\"body\":{\"displayName\":\"F3\"}}", 204, v);
            T.Equal("F3", Name(emu.Policy(p)), v + " Update changed displayName");
            Inv(Cmdlet("Update", beta), "UpdateViaIdentityExpanded", ident + ",\"fields\":{\"user_sync_inbound\":false}}", 204, v);
            T.Equal(false, Flag(emu.Policy(p), "userSyncInbound"), v + " UpdateViaIdentityExpanded changed user sync");
            Inv(Cmdlet("Update", beta), "UpdateViaIdentity", ident + ",\"body\":{\"userSyncInbound\":{\"isSyncAllowed\":true}}}", 204, v);
            T.Equal(true, Flag(emu.Policy(p), "userSyncInbound"), v + " UpdateViaIdentity changed user sync");

            r = Inv(Cmdlet("Remove", beta), "Delete", id + "}", 204, v);
            T.Equal("DELETE", r.Request.Method, v + " Delete sends DELETE");
            T.Check(emu.Policy(p) == null && emu.DeletedPolicy(p) != null, v + " Delete soft-deleted the policy");

            Inv(Cmdlet("Set", beta), "Set", id + ",\"body\":{\"displayName\":\"S2\"}}", 204, v);
            T.Equal("S2", Name(emu.Policy(p)), v + " Set created the policy");
            Inv(Cmdlet("Remove", beta), "DeleteViaIdentity", ident + "}", 204, v);
            T.Check(emu.Policy(p) == null, v + " DeleteViaIdentity removed the policy");
            Inv(Cmdlet("Set", beta), "SetViaIdentityExpanded", ident + ",\"fields\":{\"display_name\":\"S3\"}}", 204, v);
            T.Equal("S3", Name(emu.Policy(p)), v + " SetViaIdentityExpanded created the policy");
            Inv(Cmdlet("Remove", beta), "Delete", id + "}", 204, v + " again");
            Inv(Cmdlet("Set", beta), "SetViaIdentity", ident + ",\"body\":{\"displayName\":\"S4\"}}", 204, v);
            T.Equal("S4", Name(emu.Policy(p)), v + " SetViaIdentity created the policy");
        }

        static void DeletedItemsByInvoke()
        {
            T.Group("Invoke: beta deleted items");
            Emulator emu = Ctx.Emulator;
            string get = "Get-" + DeletedNoun, restore = "Restore-" + DeletedNoun, remove = "Remove-" + DeletedNoun;
            string p = Ctx.NewPartner(), q = Ctx.NewPartner();
            emu.SeedPolicy(p, "Deleted P", true);
            emu.SeedPolicy(q, "Deleted Q", false);
            Ctx.Client.Invoke(Cmdlet("Remove", true), "Delete", "{\"id\":\"" + p + "\"}");
            Ctx.Client.Invoke(Cmdlet("Remove", true), "Delete", "{\"id\":\"" + q + "\"}");

            MgpResult r = Inv(get, "List", "{}", 200, "deleted");
            object[] value = ((MgpJsonObject)r.Body)["value"] as object[];
            List<string> ids = new List<string>();
            if (value != null) foreach (object o in value) ids.Add((string)((MgpJsonObject)o)["tenantId"]);
            T.Check(ids.Contains(p) && ids.Contains(q), "List holds both deleted policies", string.Join(",", ids.ToArray()));
            T.Check(Url(r).EndsWith("/beta/policies/deletedItems/crossTenantSyncPolicyPartners", StringComparison.Ordinal), "List URL", Url(r));
            r = Inv(get, "List", "{\"options\":{\"all\":true,\"page_size\":1}}", 200, "deleted, all pages one by one");
            value = ((MgpJsonObject)r.Body)["value"] as object[];
            T.Check(value != null && value.Length == ids.Count, "all=true merges every page", value == null ? "no value" : value.Length + " of " + ids.Count);
            T.Check(r.Attempts >= ids.Count, "all=true with page_size 1 made one request per page", r.Attempts + " attempts");

            r = Inv(get, "Get", "{\"id\":\"" + p + "\"}", 200, "deleted");
            T.Check(p.Equals(((MgpJsonObject)r.Body)["tenantId"]) && ((MgpJsonObject)r.Body)["deletedDateTime"] != null, "Get returns the deleted policy with deletedDateTime");
            r = Inv(get, "GetViaIdentity", "{\"identity\":" + DeletedIdentity(p) + "}", 200, "deleted");
            T.Equal("Deleted P", ((MgpJsonObject)r.Body)["displayName"], "GetViaIdentity returns the deleted policy");

            r = Inv(restore, "Restore", "{\"id\":\"" + p + "\"}", 200, "deleted");
            T.Equal("POST", r.Request.Method, "Restore sends POST");
            T.Check(Url(r).EndsWith("/crossTenantSyncPolicyPartners/" + p + "/restore", StringComparison.Ordinal), "Restore URL", Url(r));
            T.Equal(p, ((MgpJsonObject)r.Body)["tenantId"], "Restore returns the restored policy");
            T.Check(emu.Policy(p) != null && emu.DeletedPolicy(p) == null, "Restore brought the policy back");
            Ctx.Client.Invoke(Cmdlet("Remove", true), "Delete", "{\"id\":\"" + p + "\"}");
            Inv(restore, "RestoreViaIdentity", "{\"identity\":" + DeletedIdentity(p) + "}", 200, "deleted");
            T.Check(emu.Policy(p) != null && emu.DeletedPolicy(p) == null, "RestoreViaIdentity brought the policy back");

            Ctx.Client.Invoke(Cmdlet("Remove", true), "Delete", "{\"id\":\"" + p + "\"}");
            Inv(remove, "Delete", "{\"id\":\"" + p + "\"}", 204, "deleted");
            T.Check(emu.DeletedPolicy(p) == null && emu.Policy(p) == null, "Delete removed the deleted policy for good");
            T.Equal(MgpStatus.NotFound, Ctx.Client.TryInvoke(get, "Get", "{\"id\":\"" + p + "\"}").Status, "a permanently deleted policy is not found");
            Inv(remove, "DeleteViaIdentity", "{\"identity\":" + DeletedIdentity(q) + "}", 204, "deleted");
            T.Check(emu.DeletedPolicy(q) == null, "DeleteViaIdentity removed the deleted policy for good");
        }

        internal static void RunTyped()
        {
            MgpClient c = Ctx.Client;
            Emulator emu = Ctx.Emulator;
            foreach (bool beta in new bool[] { false, true })
            {
                string v = beta ? "beta" : "v1.0";
                string pre = beta ? "mgp_beta_identity_sync_" : "mgp_identity_sync_";
                T.Group("typed methods: " + v);
                string p = Ctx.NewPartner();
                emu.SeedPartners(p);
                string ident = Identity(p);
                MgpSyncPolicyFields f = new MgpSyncPolicyFields();
                f.DisplayName = "Typed";
                f.TenantId = p;
                f.UserSyncInbound = false;
                f.AdditionalPropertiesJson = beta ? "{\"externalCloudAuthorizedApplicationId\":\"typed-app\"}" : null;
                if (beta) { f.GroupSyncInbound = true; f.RoleEnabledGroupSyncInbound = false; }
                MgpResult r = Typed(pre + "set_set_expanded", beta ? c.SetBetaIdentitySyncExpanded(p, f, null) : c.SetIdentitySyncExpanded(p, f, null), 204);
                string expected = "{\"tenantId\":\"" + p + "\",\"displayName\":\"Typed\",\"userSyncInbound\":{\"isSyncAllowed\":false}" +
                    (beta ? ",\"groupSyncInbound\":{\"isSyncAllowed\":true},\"roleEnabledGroupSyncInbound\":{\"isSyncAllowed\":false},\"externalCloudAuthorizedApplicationId\":\"typed-app\"" : "") + "}";
                MgpJsonObject sent = r.Request.Body as MgpJsonObject;
                T.Check(sent != null && SameMembers(expected, sent), v + " the struct's fields all reached the body", r.Request.BodyJson);
                T.Equal(false, Flag(emu.Policy(p), "userSyncInbound"), v + " SetExpanded through the struct created the policy");
                if (beta) T.Equal(false, Flag(emu.Policy(p), "roleEnabledGroupSyncInbound"), "beta tri-state FALSE reached Graph");

                r = Typed(pre + "get_get", beta ? c.GetBetaIdentitySync(p, "{\"select\":[\"displayName\"]}") : c.GetIdentitySync(p, "{\"select\":[\"displayName\"]}"), 200);
                T.Contains(Uri.UnescapeDataString(Url(r)), "$select=displayName", v + " options_json reaches the URL");
                r = Typed(pre + "get_get_via_identity", beta ? c.GetBetaIdentitySyncViaIdentity(ident, null) : c.GetIdentitySyncViaIdentity(ident, null), 200);
                T.Equal("Typed", ((MgpJsonObject)r.Body)["displayName"], v + " GetViaIdentity");

                f = new MgpSyncPolicyFields();
                f.UserSyncInbound = true;
                Typed(pre + "update_update_expanded", beta ? c.UpdateBetaIdentitySyncExpanded(p, f, null) : c.UpdateIdentitySyncExpanded(p, f, null), 204);
                T.Equal(true, Flag(emu.Policy(p), "userSyncInbound"), v + " UpdateExpanded (tri-state TRUE)");
                r = Typed(pre + "update_update_expanded", beta ? c.UpdateBetaIdentitySyncExpanded(p, null, null) : c.UpdateIdentitySyncExpanded(p, null, null), 204);
                T.Equal("{}", r.Request.BodyJson, v + " NULL fields send an empty object");
                Typed(pre + "update_update", beta ? c.UpdateBetaIdentitySync(p, "{\"displayName\":\"T2\"}", null) : c.UpdateIdentitySync(p, "{\"displayName\":\"T2\"}", null), 204);
                T.Equal("T2", Name(emu.Policy(p)), v + " Update");
                f = new MgpSyncPolicyFields();
                f.DisplayName = "T3";
                Typed(pre + "update_update_via_identity_expanded", beta ? c.UpdateBetaIdentitySyncViaIdentityExpanded(ident, f, null) : c.UpdateIdentitySyncViaIdentityExpanded(ident, f, null), 204);
                T.Equal("T3", Name(emu.Policy(p)), v + " UpdateViaIdentityExpanded");
                Typed(pre + "update_update_via_identity", beta ? c.UpdateBetaIdentitySyncViaIdentity(ident, "{\"displayName\":\"T4\"}", null) : c.UpdateIdentitySyncViaIdentity(ident, "{\"displayName\":\"T4\"}", null), 204);
                T.Equal("T4", Name(emu.Policy(p)), v + " UpdateViaIdentity");

                Typed(pre + "remove_delete", beta ? c.RemoveBetaIdentitySync(p, null) : c.RemoveIdentitySync(p, null), 204);
                T.Check(emu.Policy(p) == null, v + " Delete");
                Typed(pre + "set_set", beta ? c.SetBetaIdentitySync(p, "{\"displayName\":\"T5\"}", null) : c.SetIdentitySync(p, "{\"displayName\":\"T5\"}", null), 204);
                T.Equal("T5", Name(emu.Policy(p)), v + " Set");
                Typed(pre + "remove_delete_via_identity", beta ? c.RemoveBetaIdentitySyncViaIdentity(ident, null) : c.RemoveIdentitySyncViaIdentity(ident, null), 204);
                T.Check(emu.Policy(p) == null, v + " DeleteViaIdentity");
                f = new MgpSyncPolicyFields();
                f.DisplayName = "T6";
                Typed(pre + "set_set_via_identity_expanded", beta ? c.SetBetaIdentitySyncViaIdentityExpanded(ident, f, null) : c.SetIdentitySyncViaIdentityExpanded(ident, f, null), 204);
                T.Equal("T6", Name(emu.Policy(p)), v + " SetViaIdentityExpanded");
                c.RemoveIdentitySync(p, null);
                Typed(pre + "set_set_via_identity", beta ? c.SetBetaIdentitySyncViaIdentity(ident, "{\"displayName\":\"T7\"}", null) : c.SetIdentitySyncViaIdentity(ident, "{\"displayName\":\"T7\"}", null), 204);
                T.Equal("T7", Name(emu.Policy(p)), v + " SetViaIdentity");
                c.RemoveIdentitySync(p, null);
                Typed(pre + "set_set_expanded", beta ? c.SetBetaIdentitySyncExpanded(p, null, null) : c.SetIdentitySyncExpanded(p, null, null), 204);
                T.Check(emu.Policy(p) != null && Name(emu.Policy(p)) == null, v + " SetExpanded with NULL fields creates an empty policy");
            }

            T.Group("typed methods: beta deleted items");
            string d = Ctx.NewPartner();
            emu.SeedPolicy(d, "Typed deleted", true);
            c.RemoveBetaIdentitySync(d, null);
            string di = DeletedIdentity(d);
            MgpResult list = Typed("mgp_beta_deleted_sync_partner_get_list", c.ListBetaDeletedSyncPartners("{\"top\":50}"), 200);
            T.Contains(Uri.UnescapeDataString(Url(list)), "$top=50", "list options reach the URL");
            T.Contains(MgpJson.Serialize(list.Body), d, "the list holds the deleted policy");
            Typed("mgp_beta_deleted_sync_partner_get_get", c.GetBetaDeletedSyncPartner(d, null), 200);
            Typed("mgp_beta_deleted_sync_partner_get_get_via_identity", c.GetBetaDeletedSyncPartnerViaIdentity(di, null), 200);
            Typed("mgp_beta_deleted_sync_partner_restore_restore", c.RestoreBetaDeletedSyncPartner(d, null), 200);
            T.Check(emu.Policy(d) != null, "Restore (typed)");
            c.RemoveBetaIdentitySync(d, null);
            Typed("mgp_beta_deleted_sync_partner_restore_restore_via_identity", c.RestoreBetaDeletedSyncPartnerViaIdentity(di, null), 200);
            T.Check(emu.Policy(d) != null, "RestoreViaIdentity (typed)");
            c.RemoveBetaIdentitySync(d, null);
            Typed("mgp_beta_deleted_sync_partner_remove_delete", c.RemoveBetaDeletedSyncPartner(d, "{\"if_match\":\"*\"}"), 204);
            T.Check(emu.DeletedPolicy(d) == null, "Delete (typed), with if_match");
            string e = Ctx.NewPartner();
            emu.SeedPolicy(e, "Typed deleted 2", true);
            c.RemoveBetaIdentitySync(e, null);
            Typed("mgp_beta_deleted_sync_partner_remove_delete_via_identity", c.RemoveBetaDeletedSyncPartnerViaIdentity(DeletedIdentity(e), null), 204);
            T.Check(emu.DeletedPolicy(e) == null, "DeleteViaIdentity (typed)");
        }

        static bool SameMembers(string expectedJson, MgpJsonObject actual)
        {
            MgpJsonObject expected = (MgpJsonObject)MgpJson.Parse(expectedJson);
            if (expected.Count != actual.Count) return false;
            foreach (System.Collections.DictionaryEntry x in expected)
                if (MgpJson.Serialize(x.Value) != MgpJson.Serialize(actual[x.Key])) return false;
            return true;
        }

        internal static void CheckCoverage()
        {
            T.Group("every row of the operations table ran for real");
            List<string> missingSets = new List<string>(), missingExports = new List<string>();
            foreach (object o in MgpLibrary.Operations())
            {
                MgpJsonObject row = (MgpJsonObject)o;
                if (!InvokedSets.ContainsKey(row["cmdlet"] + "/" + row["parameter_set"])) missingSets.Add(row["cmdlet"] + " -" + row["parameter_set"]);
                if (!TypedExports.ContainsKey((string)row["export"])) missingExports.Add((string)row["export"]);
            }
            T.Check(missingSets.Count == 0, "every cmdlet parameter set succeeded through Invoke", string.Join("; ", missingSets.ToArray()));
            T.Check(missingExports.Count == 0, "every export succeeded through a typed method", string.Join("; ", missingExports.ToArray()));
        }
    }
}
