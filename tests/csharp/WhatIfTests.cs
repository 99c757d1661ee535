// What-if for every row of the operations table: the exact request is described and nothing
// at all reaches the emulator (not even a token request).
using System;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    internal static class WhatIfTests
    {
        internal static void Run()
        {
            T.Group("what-if for every operation");
            Emulator emu = Ctx.Emulator;
            string p = Ctx.NewPartner();
            int rows = 0;
            using (MgpClient fresh = new MgpClient(emu.ConfigJson("test")))
            {
                emu.ClearRequests();
                foreach (object o in MgpLibrary.Operations())
                {
                    MgpJsonObject row = (MgpJsonObject)o;
                    string cmdlet = (string)row["cmdlet"], set = (string)row["parameter_set"], name = cmdlet + " -" + set;
                    MgpJsonObject args = new MgpJsonObject();
                    if ((string)row["key"] == "id") args["id"] = p;
                    if ((string)row["key"] == "identity")
                    {
                        MgpJsonObject identity = new MgpJsonObject();
                        identity[(string)row["id_parameter"]] = p;
                        args["identity"] = identity;
                    }
                    if ((string)row["body"] == "expanded") args["fields"] = MgpJson.Parse("{\"display_name\":\"What if\",\"user_sync_inbound\":true}");
                    if ((string)row["body"] == "json") args["body"] = MgpJson.Parse("{\"displayName\":\"What if\"}");
                    args["options"] = MgpJson.Parse("{\"what_if\":true,\"headers\":{\"x-ms-test-marker\":\"wi\"}}");
                    MgpResult r = fresh.Invoke(cmdlet, set, MgpJson.Serialize(args));
                    string path = "/" + row["api_version"] + ((string)row["path"]).Replace("{id}", p);
                    T.Check(r.IsSuccess && r.WhatIf && !r.Sent && r.HttpStatus == 0 && r.Attempts == 0, name + ": what-if, not sent",
                        r.StatusName + " sent=" + r.Sent + " http=" + r.HttpStatus);
                    T.Equal(row["method"], r.Request.Method, name + ": method");
                    T.Equal(emu.HttpsUrl + path, r.Request.Url, name + ": URL");
                    T.Equal("Bearer <redacted>", r.Request.Headers["authorization"], name + ": Authorization redacted");
                    T.Equal("wi", r.Request.Headers["x-ms-test-marker"], name + ": the caller's header is in the plan");
                    string body = (string)row["body"];
                    if (body == "none") T.Equal(null, r.Request.Body, name + ": no body");
                    else T.Contains(r.Request.BodyJson, "\"displayName\":\"What if\"", name + ": the body is in the plan");
                    T.Equal(row["should_process_action"], r.ShouldProcessAction, name + ": ShouldProcess action");
                    T.Equal("Call remote '" + row["method"] + " " + path + "' operation", r.ShouldProcessTarget, name + ": ShouldProcess target");
                    T.Equal(0, r.Headers.Count, name + ": no response headers");
                    rows++;
                }
                T.Equal(31, rows, "what-if ran for all 31 rows");
                object[] log = emu.Requests();
                T.Equal(0, log.Length, "the emulator's request log stays empty (no Graph call, no token request)");

                MgpSyncPolicyFields f = new MgpSyncPolicyFields();
                f.GroupSyncInbound = true;
                MgpResult typed = fresh.SetBetaIdentitySyncExpanded(p, f, "{\"what_if\":true}");
                T.Check(typed.WhatIf && typed.Request.BodyJson == "{\"groupSyncInbound\":{\"isSyncAllowed\":true}}", "a typed method honours what_if", typed.Request.BodyJson);
                T.Equal(0, emu.Requests().Length, "still nothing sent after a typed what-if");
            }
        }
    }
}
