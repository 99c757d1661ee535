// PowerShell-shaped input (Hashtables in either key casing, nested Hashtables, "True"
// strings, IDictionary headers, arrays, PSObjects and plain objects, null members) turned
// into the JSON the C ABI takes, first as text, then sent to the emulator for real.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Management.Automation;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    /// <summary>A plain object as a script might build with New-Object or a class.</summary>
    public sealed class SyncSetting
    {
        public bool? IsSyncAllowed { get; set; }
    }

    public sealed class PolicyBody
    {
        public string DisplayName { get; set; }
        public string TenantId { get; set; }
        public SyncSetting UserSyncInbound { get; set; }
        public IDictionary<string, object> AdditionalProperties { get; set; }
    }

    public sealed class WithField
    {
        public string displayName = "field";
    }

    /// <summary>Not a PSObject, but a Properties collection of Name/Value pairs.</summary>
    public sealed class NameValue
    {
        public NameValue(string name, object value) { Name = name; Value = value; }
        public string Name { get; private set; }
        public object Value { get; private set; }
    }

    public sealed class Bag
    {
        readonly List<NameValue> properties = new List<NameValue>();
        public List<NameValue> Properties { get { return properties; } }
        public string Ignored { get { return "not a member"; } }
    }

    internal static class MarshalTests
    {
        const string V1 = "PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization";

        static Hashtable H(params object[] kv)
        {
            Hashtable h = new Hashtable();
            for (int i = 0; i + 1 < kv.Length; i += 2) h[kv[i]] = kv[i + 1];
            return h;
        }

        static OrderedDictionary O(params object[] kv)
        {
            OrderedDictionary h = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i + 1 < kv.Length; i += 2) h[kv[i]] = kv[i + 1];
            return h;
        }

        internal static void RunOffline()
        {
            T.Group("marshalling to JSON text");
            T.Equal("{\"DisplayName\":\"A\",\"UserSyncInbound\":{\"IsSyncAllowed\":\"True\"}}",
                MgpJson.Serialize(O("DisplayName", "A", "UserSyncInbound", O("IsSyncAllowed", "True"))),
                "PascalCase keys and a \"True\" string are written as given (the library maps both)");
            T.Equal("{\"displayName\":null,\"userSyncInbound\":{\"isSyncAllowed\":true}}",
                MgpJson.Serialize(O("displayName", null, "userSyncInbound", O("isSyncAllowed", true))), "a null member is written as null");
            Hashtable h = H("DisplayName", "Contoso", "UserSyncInbound", H("IsSyncAllowed", true));
            MgpJsonObject back = (MgpJsonObject)MgpJson.Parse(MgpJson.Serialize(h));
            T.Check("Contoso".Equals(back["displayname"]) && true.Equals(((MgpJsonObject)back["usersyncinbound"])["issyncallowed"]), "a nested Hashtable survives the trip");

            PSObject wrappedTable = new PSObject(H("displayName", "W"));
            T.Equal("{\"displayName\":\"W\"}", MgpJson.Serialize(wrappedTable), "a PSObject wrapping a Hashtable is the Hashtable");
            T.Equal("\"text\"", MgpJson.Serialize(new PSObject("text")), "a PSObject wrapping a string is the string");
            T.Equal("7", MgpJson.Serialize(new PSObject(new PSObject(7))), "nested PSObject wrappers are removed");
            PSObject custom = PSObject.Custom("DisplayName", "P", "UserSyncInbound", PSObject.Custom("IsSyncAllowed", false), "Note", null);
            T.Equal("{\"DisplayName\":\"P\",\"UserSyncInbound\":{\"IsSyncAllowed\":false},\"Note\":null}", MgpJson.Serialize(custom), "[pscustomobject] with a nested one, null kept");
            T.Equal("{\"list\":[1,\"x\"]}", MgpJson.Serialize(H("list", new PSObject(new object[] { new PSObject(1), "x" }))), "PSObject-wrapped arrays and elements");
            T.Equal("{\"on\":true,\"off\":false}", MgpJson.Serialize(O("on", new SwitchParameter(true), "off", new SwitchParameter(false))), "SwitchParameter becomes a bool");

            PolicyBody poco = new PolicyBody();
            poco.DisplayName = "Poco";
            poco.UserSyncInbound = new SyncSetting();
            poco.UserSyncInbound.IsSyncAllowed = true;
            poco.AdditionalProperties = new Dictionary<string, object>();
            poco.AdditionalProperties["@odata.type"] = "#microsoft.graph.crossTenantIdentitySyncPolicyPartner";
            T.Equal("{\"DisplayName\":\"Poco\",\"UserSyncInbound\":{\"IsSyncAllowed\":true},\"@odata.type\":\"#microsoft.graph.crossTenantIdentitySyncPolicyPartner\"}",
                MgpJson.Serialize(poco), "a plain object: public properties, null ones left out, AdditionalProperties merged");
            T.Equal("{\"displayName\":\"field\"}", MgpJson.Serialize(new WithField()), "public fields of a plain object");
            Bag bag = new Bag();
            bag.Properties.Add(new NameValue("DisplayName", "Bag"));
            bag.Properties.Add(new NameValue("UserSyncInbound", H("IsSyncAllowed", "False")));
            T.Equal("{\"DisplayName\":\"Bag\",\"UserSyncInbound\":{\"IsSyncAllowed\":\"False\"}}", MgpJson.Serialize(bag), "any object with a Properties collection of Name/Value pairs");

            T.Group("MgpArgs");
            T.Equal("{\"id\":\"p\",\"body\":{\"displayName\":\"x\"},\"options\":{\"what_if\":true}}",
                MgpArgs.Build("p", null, O("displayName", "x"), null, MgpArgs.Options(null, true)), "Build leaves out null parts");
            T.Equal("{\"identity\":{\"CrossTenantAccessPolicyConfigurationPartnerTenantId\":\"p\"},\"body\":{\"displayName\":\"j\"}}",
                MgpArgs.Build(null, PSObject.Custom("CrossTenantAccessPolicyConfigurationPartnerTenantId", "p"), "{\"displayName\":\"j\"}", null, null),
                "identity from a PSObject; a body given as JSON text is parsed");
            T.Equal("{\"identity\":{\"k\":\"v\"}}", MgpArgs.Build("", O("k", "v"), null, null, null), "Build: an empty id (PowerShell's $null for a string) is left out");
            T.Throws<ArgumentException>(delegate { MgpArgs.Build("p", null, "not json", null, null); }, "a body string that is not a JSON object is refused");

            Hashtable bound = H(
                "CrossTenantAccessPolicyConfigurationPartnerTenantId", "p",
                "displayname", "Lower-case key",
                "UserSyncInbound", H("isSyncAllowed", true),
                "GroupSyncInbound", H("IsSyncAllowed", "False"),
                "RoleEnabledGroupSyncInbound", PSObject.Custom("IsSyncAllowed", new SwitchParameter(true)),
                "ExternalCloudAuthorizedApplicationId", "app-1",
                "AdditionalProperties", H("extra", 1),
                "Headers", H("x", "y"),
                "WhatIf", new SwitchParameter(true));
            T.Equal("{\"display_name\":\"Lower-case key\",\"external_cloud_authorized_application_id\":\"app-1\",\"additional_properties\":{\"extra\":1}," +
                "\"user_sync_inbound\":true,\"group_sync_inbound\":\"False\",\"role_enabled_group_sync_inbound\":true}",
                MgpJson.Serialize(MgpArgs.ExpandedFields(bound)), "ExpandedFields picks the expanded parameters, any key case, nested Hashtables to flags");
            T.Equal("{}", MgpJson.Serialize(MgpArgs.ExpandedFields(H("CrossTenantAccessPolicyConfigurationPartnerTenantId", "p"))), "no expanded parameters: an empty fields object");
            T.Equal(true, MgpArgs.SyncFlag(true, "UserSyncInbound"), "SyncFlag: bool");
            T.Equal("True", MgpArgs.SyncFlag("True", "UserSyncInbound"), "SyncFlag: the string True stays for the library to coerce");
            T.Equal(false, MgpArgs.SyncFlag(PSObject.Custom("isSyncAllowed", false), "UserSyncInbound"), "SyncFlag: [pscustomobject]");
            SyncSetting setting = new SyncSetting();
            setting.IsSyncAllowed = true;
            T.Equal(true, MgpArgs.SyncFlag(setting, "UserSyncInbound"), "SyncFlag: a plain object with IsSyncAllowed");
            MicrosoftGraphCrossTenantUserSyncInbound model = new MicrosoftGraphCrossTenantUserSyncInbound();
            model.IsSyncAllowed = false;
            T.Equal(false, MgpArgs.SyncFlag(model, "UserSyncInbound"), "SyncFlag: the binding's own model object");
            T.Equal(null, MgpArgs.SyncFlag(H("IsSyncAllowed", null), "UserSyncInbound"), "SyncFlag: $null");
            T.Equal(null, MgpArgs.SyncFlag(new Hashtable(), "UserSyncInbound"), "SyncFlag: @{} sends nothing");
            T.Throws<ArgumentException>(delegate { MgpArgs.SyncFlag(H("IsAllowed", true), "UserSyncInbound"); }, "SyncFlag: a misspelt member is refused");
            T.Throws<ArgumentException>(delegate { MgpArgs.SyncFlag(H("IsSyncAllowed", 3), "UserSyncInbound"); }, "SyncFlag: a number is refused");

            Dictionary<string, string> headers = new Dictionary<string, string>();
            headers["x-ms-test-marker"] = "m1";
            Hashtable common = H(
                "Headers", headers,
                "IfMatch", "W/\"1\"",
                "Property", new string[] { "displayName", "tenantId" },
                "ExpandProperty", null,
                "Filter", null,
                "Top", 5,
                "Sort", new object[] { "tenantId desc" },
                "All", new SwitchParameter(true),
                "CountVariable", "n",
                "Verbose", new SwitchParameter(true));
            MgpJsonObject opts = MgpArgs.Options(common, false);
            T.Equal("{\"x-ms-test-marker\":\"m1\"}", MgpJson.Serialize(opts["headers"]), "Options: IDictionary headers");
            T.Equal("W/\"1\"", opts["if_match"], "Options: IfMatch");
            T.Equal("[\"displayName\",\"tenantId\"]", MgpJson.Serialize(opts["select"]), "Options: Property becomes select, an array");
            T.Check(!opts.Contains("expand") && !opts.Contains("filter"), "Options: null parameters (-Filter $null) are left out");
            T.Equal(5, opts["top"], "Options: Top");
            T.Equal("[\"tenantId desc\"]", MgpJson.Serialize(opts["orderby"]), "Options: Sort becomes orderby");
            T.Equal(true, opts["all"], "Options: the All switch");
            T.Equal(true, opts["count"], "Options: CountVariable asks for the count");
            T.Check(!opts.Contains("what_if") && !opts.Contains("Verbose") && opts.Count == 7, "Options: nothing else is passed on", MgpJson.Serialize(opts));

        }

        internal static void RunLive()
        {
            T.Group("PowerShell-shaped input sent to the emulator");
            Emulator emu = Ctx.Emulator;
            MgpClient c = Ctx.Client;
            string p = Ctx.NewPartner();
            emu.SeedPartners(p);
            emu.ClearRequests();
            T.Throws<ArgumentException>(delegate { c.TryInvoke("Get-Mg" + V1 + "\0", null, null); }, "a string with NUL is refused before the call");
            T.Throws<ArgumentException>(delegate { c.TryInvoke("Get-Mg" + V1, null, "{\"id\":\"\ud800\"}"); }, "a lone surrogate is refused before the call");
            T.Equal(0, emu.Requests().Length, "strings refused by the binding send nothing");
            c.Invoke("Set-Mg" + V1, "", MgpArgs.Build(p, null, null, MgpArgs.ExpandedFields(H("DisplayName", "default set")), ""));
            T.Equal("default set", emu.Policy(p)["displayName"], "an empty parameter set (PowerShell's $null) is the default set, SetExpanded");
            T.Equal("default set", ((MgpJsonObject)c.GetIdentitySync(p, "").Body)["displayName"], "empty options_json (PowerShell's $null) means no options");
            c.RemoveIdentitySync(p, null);

            // Set -BodyParameter @{DisplayName = 'Pascal'; UserSyncInbound = @{IsSyncAllowed = 'True'}}
            emu.ClearRequests();
            c.Invoke("Set-Mg" + V1, "Set", MgpArgs.Build(p, null, H("DisplayName", "Pascal", "UserSyncInbound", H("IsSyncAllowed", "True")), null, null));
            MgpJsonObject sent = SentBody(emu);
            T.Check(SameMembers("{\"displayName\":\"Pascal\",\"userSyncInbound\":{\"isSyncAllowed\":true}}", sent), "PascalCase Hashtable with \"True\": sent as camelCase with a boolean", MgpJson.Serialize(sent));
            T.Equal(true, Sync(emu.Policy(p)), "the policy was created with user sync allowed");

            // Update -BodyParameter @{displayName = 'camel'; userSyncInbound = @{isSyncAllowed = $false}}
            c.Invoke("Update-Mg" + V1, "Update", MgpArgs.Build(p, null, H("displayName", "camel", "userSyncInbound", H("isSyncAllowed", false)), null, null));
            T.Equal("camel", emu.Policy(p)["displayName"], "camelCase Hashtable: displayName updated");
            T.Equal(false, Sync(emu.Policy(p)), "camelCase Hashtable: nested flag updated");

            // Update -CrossTenant...Id $p -DisplayName 'expanded' -UserSyncInbound @{IsSyncAllowed = $true} (from $PSBoundParameters)
            Hashtable bound = H("CrossTenantAccessPolicyConfigurationPartnerTenantId", p, "DisplayName", "expanded", "UserSyncInbound", H("IsSyncAllowed", true));
            c.Invoke("Update-Mg" + V1, "UpdateExpanded", MgpArgs.Build(p, null, null, MgpArgs.ExpandedFields(bound), null));
            T.Equal("expanded", emu.Policy(p)["displayName"], "expanded parameters: DisplayName");
            T.Equal(true, Sync(emu.Policy(p)), "expanded parameters: nested Hashtable -UserSyncInbound");

            // DSC style: displayName = $null
            emu.ClearRequests();
            c.Invoke("Update-Mg" + V1, "Update", MgpArgs.Build(p, null, H("displayName", null, "userSyncInbound", H("isSyncAllowed", "False")), null, null));
            sent = SentBody(emu);
            T.Check(sent != null && sent.Contains("displayName") && sent["displayName"] == null, "a null member is sent as null", MgpJson.Serialize(sent));
            T.Equal(null, emu.Policy(p)["displayName"], "the null member cleared displayName");
            T.Equal(false, Sync(emu.Policy(p)), "\"False\" string sent as false");

            // -Headers as IDictionary (generic Dictionary and Hashtable), -Property as an array
            Dictionary<string, string> headers = new Dictionary<string, string>();
            headers["x-ms-test-marker"] = "generic";
            emu.ClearRequests();
            MgpResult got = c.Invoke("Get-Mg" + V1, "Get", MgpArgs.Build(p, null, null, null,
                MgpArgs.Options(H("Headers", headers, "Property", new string[] { "displayName", "tenantId" }), false)));
            MgpJsonObject logged = emu.LastGraphRequest();
            T.Equal("generic", ((MgpJsonObject)logged["headers"])["x-ms-test-marker"], "Dictionary<string,string> headers reach Graph");
            string query = Uri.UnescapeDataString((string)logged["query"]);
            T.Contains(query, "$select=displayName,tenantId", "the Property array became $select");
            MgpJsonObject body = (MgpJsonObject)got.Body;
            T.Check(body.Contains("displayName") && !body.Contains("userSyncInbound"), "the answer holds only the selected properties", MgpJson.Serialize(body));
            emu.ClearRequests();
            c.Invoke("Get-Mg" + V1, "Get", MgpArgs.Build(p, null, null, null, MgpArgs.Options(H("Headers", H("X-Ms-Test-Marker", "hashtable")), false)));
            T.Equal("hashtable", ((MgpJsonObject)emu.LastGraphRequest()["headers"])["x-ms-test-marker"], "Hashtable headers reach Graph");

            // A plain object, a [pscustomobject] with a nested one, and an object with a Properties bag
            PolicyBody poco = new PolicyBody();
            poco.DisplayName = "poco";
            poco.UserSyncInbound = new SyncSetting();
            poco.UserSyncInbound.IsSyncAllowed = true;
            c.Invoke("Update-Mg" + V1, "Update", MgpArgs.Build(p, null, poco, null, null));
            T.Equal("poco", emu.Policy(p)["displayName"], "a plain object body (TenantId null, left out)");
            T.Equal(true, Sync(emu.Policy(p)), "a plain object body: nested object");
            string bp = Ctx.NewPartner();
            emu.SeedPartners(bp);
            c.Invoke("Set-MgBeta" + V1, "SetViaIdentity", MgpArgs.Build(null,
                PSObject.Custom("CrossTenantAccessPolicyConfigurationPartnerTenantId", bp),
                PSObject.Custom("DisplayName", "custom", "GroupSyncInbound", PSObject.Custom("IsSyncAllowed", true), "UserSyncInbound", PSObject.Custom("IsSyncAllowed", "False")), null, null));
            MgpJsonObject beta = emu.Policy(bp);
            T.Equal("custom", beta == null ? null : beta["displayName"], "[pscustomobject] identity and body (beta)");
            T.Equal(true, beta == null ? null : ((MgpJsonObject)beta["groupSyncInbound"])["isSyncAllowed"], "[pscustomobject] nested GroupSyncInbound");
            Bag bag = new Bag();
            bag.Properties.Add(new NameValue("displayName", "bag"));
            c.Invoke("Update-MgBeta" + V1, "Update", MgpArgs.Build(bp, null, bag, null, null));
            T.Equal("bag", emu.Policy(bp)["displayName"], "an object with a Properties bag as the body");

            // $PSBoundParameters as the library's "parameters" form, as the PowerShell functions call it
            string bp2 = Ctx.NewPartner();
            emu.SeedPartners(bp2);
            Dictionary<string, object> psBound = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            psBound["CrossTenantAccessPolicyConfigurationPartnerTenantId"] = bp2;
            psBound["DisplayName"] = "bound";
            psBound["UserSyncInbound"] = new PSObject(H("IsSyncAllowed", "True"));
            psBound["GroupSyncInbound"] = PSObject.Custom("isSyncAllowed", new SwitchParameter(false));
            psBound["Headers"] = H("x-ms-test-marker", "bound");
            psBound["ErrorAction"] = System.Management.Automation.ActionPreferenceStandIn.Stop;
            emu.ClearRequests();
            MgpResult planned = c.Invoke("Set-MgBeta" + V1, "SetExpanded", MgpArgs.FromParameters(psBound, null, true));
            T.Check(planned.WhatIf && planned.Request.BodyJson == "{\"displayName\":\"bound\",\"userSyncInbound\":{\"isSyncAllowed\":true},\"groupSyncInbound\":{\"isSyncAllowed\":false}}",
                "bound parameters: the what-if plan has the body", planned.Request.BodyJson);
            T.Equal(0, emu.GraphRequests().Length, "bound parameters with what-if: nothing sent");
            c.Invoke("Set-MgBeta" + V1, "SetExpanded", MgpArgs.FromParameters(psBound, null, false));
            T.Equal("bound", emu.Policy(bp2) == null ? null : emu.Policy(bp2)["displayName"], "bound parameters (SetExpanded): displayName");
            T.Equal(true, Sync(emu.Policy(bp2)), "bound parameters: a PSObject-wrapped Hashtable with \"True\"");
            T.Equal("bound", ((MgpJsonObject)emu.LastGraphRequest()["headers"])["x-ms-test-marker"], "bound parameters: -Headers reach Graph");
            Dictionary<string, object> viaIdentity = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            viaIdentity["InputObject"] = PSObject.Custom("CrossTenantAccessPolicyConfigurationPartnerTenantId", bp2);
            viaIdentity["Property"] = new object[] { "displayName" };
            MgpResult viaGet = c.Invoke("Get-MgBeta" + V1, "GetViaIdentity", MgpArgs.FromParameters(viaIdentity, null, false));
            T.Equal("bound", ((MgpJsonObject)viaGet.Body)["displayName"], "bound parameters (GetViaIdentity): a [pscustomobject] InputObject");
            T.Contains(Uri.UnescapeDataString(viaGet.Request.Url), "$select=displayName", "bound parameters: -Property becomes $select");

            // Characters that need escaping survive the whole trip (binding, library, Graph, back)
            string tricky = "Quote\" Backslash\\ Tab\t Newline\n é 😀 日本 \u0001";
            c.Invoke("Update-Mg" + V1, "Update", MgpArgs.Build(p, null, H("DisplayName", tricky), null, null));
            MgpJsonObject read = (MgpJsonObject)c.GetIdentitySync(p, null).Body;
            T.Equal(tricky, read["displayName"], "an escaped display name reads back identical");
        }

        static object Sync(MgpJsonObject policy)
        {
            if (policy == null) return "<no policy>";
            MgpJsonObject user = policy["userSyncInbound"] as MgpJsonObject;
            return user == null ? null : user["isSyncAllowed"];
        }

        static bool SameMembers(string expectedJson, MgpJsonObject actual)
        {
            if (actual == null) return false;
            MgpJsonObject expected = (MgpJsonObject)MgpJson.Parse(expectedJson);
            if (expected.Count != actual.Count) return false;
            foreach (DictionaryEntry x in expected)
            {
                MgpJsonObject nested = x.Value as MgpJsonObject;
                if (nested != null) { if (!SameMembers(MgpJson.Serialize(nested), actual[x.Key] as MgpJsonObject)) return false; }
                else if (MgpJson.Serialize(x.Value) != MgpJson.Serialize(actual[x.Key])) return false;
            }
            return true;
        }

        static MgpJsonObject SentBody(Emulator emu)
        {
            MgpJsonObject last = emu.LastGraphRequest();
            if (last == null) return null;
            return MgpJson.Parse((string)last["body"]) as MgpJsonObject;
        }
    }
}
