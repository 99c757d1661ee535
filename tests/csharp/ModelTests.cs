// Result objects: the Graph PowerShell model names, nested objects, AdditionalProperties,
// ToJsonString, and the generic fallback.
using System;
using System.Collections.Generic;
using System.Reflection;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    internal static class ModelTests
    {
        const string Full = "{\"@odata.context\":\"https://graph.microsoft.com/beta/$metadata#x/$entity\",\"tenantId\":\"90e29127-71ad-49c7-9ce8-db3f41ea06f1\"," +
            "\"displayName\":\"Fabrikam\",\"deletedDateTime\":\"2024-05-01T10:00:00Z\",\"externalCloudAuthorizedApplicationId\":\"app-1\"," +
            "\"userSyncInbound\":{\"isSyncAllowed\":true},\"groupSyncInbound\":{\"isSyncAllowed\":false},\"roleEnabledGroupSyncInbound\":null," +
            "\"futureProperty\":{\"a\":1}}";

        static string Names(Type t)
        {
            List<string> names = new List<string>();
            foreach (PropertyInfo p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance)) names.Add(p.Name);
            names.Sort(StringComparer.Ordinal);
            return string.Join(",", names.ToArray());
        }

        internal static void RunOffline()
        {
            T.Group("result objects");
            T.Equal("AdditionalProperties,DeletedDateTime,DisplayName,ExternalCloudAuthorizedApplicationId,GroupSyncInbound,RoleEnabledGroupSyncInbound,TenantId,UserSyncInbound",
                Names(typeof(MicrosoftGraphCrossTenantIdentitySyncPolicyPartner)), "the policy type has the Graph PowerShell model's property names");
            T.Equal("AdditionalProperties,IsSyncAllowed", Names(typeof(MicrosoftGraphCrossTenantUserSyncInbound)), "UserSyncInbound has IsSyncAllowed");
            T.Equal("AdditionalProperties,IsSyncAllowed", Names(typeof(MicrosoftGraphCrossTenantGroupSyncInbound)), "GroupSyncInbound has IsSyncAllowed");
            T.Check(typeof(MicrosoftGraphCrossTenantIdentitySyncPolicyPartner).GetMethod("ToJsonString", Type.EmptyTypes) != null, "the policy type has ToJsonString()");

            MicrosoftGraphCrossTenantIdentitySyncPolicyPartner p = MicrosoftGraphCrossTenantIdentitySyncPolicyPartner.FromJsonString(Full);
            T.Equal("90e29127-71ad-49c7-9ce8-db3f41ea06f1", p.TenantId, "TenantId");
            T.Equal("Fabrikam", p.DisplayName, "DisplayName");
            T.Equal(true, p.UserSyncInbound.IsSyncAllowed, "UserSyncInbound.IsSyncAllowed");
            T.Equal(false, p.GroupSyncInbound.IsSyncAllowed, "GroupSyncInbound.IsSyncAllowed");
            T.Equal(null, p.RoleEnabledGroupSyncInbound, "a null nested object stays null");
            T.Equal("app-1", p.ExternalCloudAuthorizedApplicationId, "ExternalCloudAuthorizedApplicationId");
            T.Equal(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc), p.DeletedDateTime, "DeletedDateTime");
            T.Equal(DateTimeKind.Utc, p.DeletedDateTime.Value.Kind, "DeletedDateTime is UTC");
            T.Equal("https://graph.microsoft.com/beta/$metadata#x/$entity", p.AdditionalProperties["@odata.context"], "AdditionalProperties['@odata.context']");
            T.Check(p.AdditionalProperties.ContainsKey("@ODATA.CONTEXT"), "AdditionalProperties is case-insensitive");
            MgpJsonObject future = p.AdditionalProperties["futureProperty"] as MgpJsonObject;
            T.Check(future != null && 1L.Equals(future["a"]), "an unknown member lands in AdditionalProperties, parsed");
            T.Equal(2, p.AdditionalProperties.Count, "known members are not repeated in AdditionalProperties");
            T.Equal("{\n  \"@odata.context\": \"https://graph.microsoft.com/beta/$metadata#x/$entity\",\n  \"tenantId\": \"90e29127-71ad-49c7-9ce8-db3f41ea06f1\",\n" +
                "  \"displayName\": \"Fabrikam\",\n  \"userSyncInbound\": {\n    \"isSyncAllowed\": true\n  },\n  \"groupSyncInbound\": {\n    \"isSyncAllowed\": false\n  },\n" +
                "  \"externalCloudAuthorizedApplicationId\": \"app-1\",\n  \"deletedDateTime\": \"2024-05-01T10:00:00Z\",\n  \"futureProperty\": {\n    \"a\": 1\n  }\n}",
                p.ToJsonString(), "ToJsonString: camelCase, annotations first, nulls left out, unknown members kept");
            MicrosoftGraphCrossTenantIdentitySyncPolicyPartner again = MicrosoftGraphCrossTenantIdentitySyncPolicyPartner.FromJsonString(p.ToJsonString());
            T.Equal(p.ToJsonString(), again.ToJsonString(), "ToJsonString then FromJsonString is lossless");
            T.Equal("{\"isSyncAllowed\":true}", MgpJson.Serialize(p.UserSyncInbound), "a nested model serialises as Graph JSON");

            MicrosoftGraphCrossTenantIdentitySyncPolicyPartner upper = MicrosoftGraphCrossTenantIdentitySyncPolicyPartner.FromJsonString("{\"TENANTID\":\"t\",\"UserSyncInbound\":{\"IsSyncAllowed\":\"True\"}}");
            T.Check(upper.TenantId == "t" && upper.UserSyncInbound.IsSyncAllowed == true, "members are read in any letter case");
            MicrosoftGraphCrossTenantIdentitySyncPolicyPartner odd = MicrosoftGraphCrossTenantIdentitySyncPolicyPartner.FromJsonString("{\"userSyncInbound\":\"yes\",\"deletedDateTime\":\"not a date\"}");
            T.Check(odd.UserSyncInbound == null && "yes".Equals(odd.AdditionalProperties["userSyncInbound"]) && odd.DeletedDateTime == null &&
                "not a date".Equals(odd.AdditionalProperties["deletedDateTime"]), "members of an unexpected shape are kept in AdditionalProperties, not lost");

            object generic = MgpModels.FromJson(MgpJson.Parse("{\"@odata.type\":\"#microsoft.graph.somethingElse\",\"x\":1}"), MgpModels.SyncPolicyPartnerType);
            T.Check(generic is MgpJsonObject && 1L.Equals(((MgpJsonObject)generic)["X"]), "an unknown @odata.type falls back to the parsed object");
            object typedByAnnotation = MgpModels.FromJson(MgpJson.Parse("{\"@odata.type\":\"#microsoft.graph.crossTenantUserSyncInbound\",\"isSyncAllowed\":true}"), null);
            T.Check(typedByAnnotation is MicrosoftGraphCrossTenantUserSyncInbound, "@odata.type chooses the model");
            object[] list = MgpModels.FromJson(MgpJson.Parse("[{\"tenantId\":\"a\"},{\"tenantId\":\"b\"}]"), MgpModels.SyncPolicyPartnerType) as object[];
            T.Check(list != null && list.Length == 2 && ((MicrosoftGraphCrossTenantIdentitySyncPolicyPartner)list[1]).TenantId == "b", "arrays convert element by element");
            T.Equal("text", MgpModels.FromJson("text", null), "scalars pass through");
            T.Equal(null, MgpModels.FromJson(null, MgpModels.SyncPolicyPartnerType), "null passes through");
            MgpJsonObject plain = (MgpJsonObject)MgpJson.Parse("{\"b\":[1,2],\"a\":\"x\"}");
            T.Equal("{\n  \"b\": [\n    1,\n    2\n  ],\n  \"a\": \"x\"\n}", plain.ToJsonString(), "the fallback object has ToJsonString() too");
        }

        internal static void RunLive()
        {
            T.Group("result objects from the emulator");
            Emulator emu = Ctx.Emulator;
            MgpClient c = Ctx.Client;
            string p = Ctx.NewPartner();
            emu.SeedPolicy(p, "Live", true);

            MgpResult v1 = c.GetIdentitySync(p, null);
            MicrosoftGraphCrossTenantIdentitySyncPolicyPartner one = v1.ToOutput() as MicrosoftGraphCrossTenantIdentitySyncPolicyPartner;
            if (!T.Check(one != null, "a v1.0 Get gives the policy type")) return;
            T.Equal(p, one.TenantId, "TenantId from Graph");
            T.Equal("Live", one.DisplayName, "DisplayName from Graph");
            T.Equal(true, one.UserSyncInbound.IsSyncAllowed, "UserSyncInbound.IsSyncAllowed from Graph");
            T.Contains(one.AdditionalProperties["@odata.context"] as string, "/v1.0/$metadata#", "@odata.context from Graph");
            T.Equal(null, one.GroupSyncInbound, "v1.0 has no GroupSyncInbound");

            c.UpdateBetaIdentitySync(p, "{\"groupSyncInbound\":{\"isSyncAllowed\":true},\"externalCloudAuthorizedApplicationId\":\"ext-app\"}", null);
            MicrosoftGraphCrossTenantIdentitySyncPolicyPartner beta = (MicrosoftGraphCrossTenantIdentitySyncPolicyPartner)c.GetBetaIdentitySync(p, null).ToOutput();
            T.Equal(true, beta.GroupSyncInbound.IsSyncAllowed, "beta GroupSyncInbound from Graph");
            T.Equal("ext-app", beta.ExternalCloudAuthorizedApplicationId, "beta ExternalCloudAuthorizedApplicationId from Graph");
            T.Contains(beta.ToJsonString(), "\"groupSyncInbound\": {", "ToJsonString of a Graph answer");

            // A result object given back as -BodyParameter (Get | change | Update)
            beta.DisplayName = "Piped back";
            beta.AdditionalProperties.Remove("@odata.context");
            c.Invoke("Update-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization", "Update", MgpArgs.Build(p, null, beta, null, null));
            T.Equal("Piped back", emu.Policy(p)["displayName"], "a result object works as a body");

            T.Equal(null, c.UpdateIdentitySync(p, "{\"displayName\":\"n\"}", null).ToOutput(), "a 204 answer has no output");

            c.RemoveBetaIdentitySync(p, null);
            MgpResult listed = c.ListBetaDeletedSyncPartners(null);
            object[] items = listed.ToOutput() as object[];
            MicrosoftGraphCrossTenantIdentitySyncPolicyPartner deleted = null;
            if (items != null)
                foreach (object o in items)
                {
                    MicrosoftGraphCrossTenantIdentitySyncPolicyPartner d = o as MicrosoftGraphCrossTenantIdentitySyncPolicyPartner;
                    if (d != null && d.TenantId == p) deleted = d;
                }
            T.Check(deleted != null, "the deleted list gives policy objects, this one among them");
            T.Check(deleted != null && deleted.DeletedDateTime.HasValue && Math.Abs((DateTime.UtcNow - deleted.DeletedDateTime.Value).TotalMinutes) < 10,
                "DeletedDateTime of a deleted policy is a recent UTC time", deleted == null ? null : deleted.DeletedDateTime.ToString());
            MicrosoftGraphCrossTenantIdentitySyncPolicyPartner restored = c.RestoreBetaDeletedSyncPartner(p, null).ToOutput() as MicrosoftGraphCrossTenantIdentitySyncPolicyPartner;
            T.Check(restored != null && restored.TenantId == p && restored.DisplayName == "n", "Restore gives the restored policy");
        }
    }
}
