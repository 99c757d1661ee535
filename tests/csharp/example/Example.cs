using System;
using System.IO;
using MgPolicy.Native;

class Example
{
    static void Main(string[] args) // args: client-config.json partner-tenant-id
    {
        using (MgpClient client = new MgpClient(File.ReadAllText(args[0])))
        {
            MgpSyncPolicyFields fields = new MgpSyncPolicyFields { DisplayName = "Fabrikam", UserSyncInbound = true };
            MgpResult plan = client.SetIdentitySyncExpanded(args[1], fields, "{\"what_if\": true}");
            Console.WriteLine("what-if: " + plan.Request + " " + plan.Request.BodyJson);
            client.SetIdentitySyncExpanded(args[1], fields, null);
            var policy = (MicrosoftGraphCrossTenantIdentitySyncPolicyPartner)client.GetIdentitySync(args[1], null).ToOutput();
            Console.WriteLine(policy.DisplayName + ": user sync allowed = " + policy.UserSyncInbound.IsSyncAllowed);
            client.RemoveIdentitySync(args[1], null);
            try { client.GetIdentitySync(args[1], null); }
            catch (MgpException e) { Console.WriteLine(e.HttpStatus + " " + e.GraphCode + " (request-id " + e.RequestId + ")"); }
        }
    }
}
