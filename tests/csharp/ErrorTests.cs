// Failures as MgpException: 404, 409, 403 (reader app), 429 with Retry-After, calls refused
// before sending, bad configuration and credentials, and a panic caught inside the library.
using System;
using System.Collections;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    internal static class ErrorTests
    {
        const string Get = "Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization";
        const string Set = "Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization";

        internal static void Run()
        {
            Emulator emu = Ctx.Emulator;
            MgpClient c = Ctx.Client;

            T.Group("404");
            string p = Ctx.NewPartner();
            emu.SeedPartners(p);
            MgpException e = T.Throws<MgpException>(delegate { c.Invoke(Get, "Get", "{\"id\":\"" + p + "\"}"); }, "Get of a missing policy throws MgpException");
            if (e != null)
            {
                T.Equal(MgpStatus.NotFound, e.Status, "404: Status");
                T.Equal("MGP_STATUS_NOT_FOUND", e.StatusName, "404: StatusName");
                T.Equal(404, e.HttpStatus, "404: HttpStatus");
                T.Equal("Directory_ObjectNotFound", e.GraphCode, "404: Graph code");
                T.Check(e.GraphMessage.Length > 0, "404: Graph message");
                T.Check(!string.IsNullOrEmpty(e.RequestId), "404: request-id");
                T.Check(e.Headers.ContainsKey("Request-Id") && e.Headers["request-id"][0] == e.RequestId, "404: response headers on failure, request-id among them");
                T.Check(e.Headers.ContainsKey("date") && e.Headers.ContainsKey("client-request-id"), "404: every response header is there");
                T.Contains(e.Message, "Directory_ObjectNotFound", "404: message names the Graph code");
                T.Contains(e.Message, "HTTP 404 Not Found", "404: message names the HTTP status");
                T.Contains(e.Message, "request-id " + e.RequestId, "404: message names the request-id");
                T.Check(System.Text.RegularExpressions.Regex.IsMatch(e.Message, "404|NotFound"), "404: scripts' -match '404|NotFound' works");
                T.Equal("ObjectNotFound", e.ErrorCategory, "404: error category");
                T.Equal("Directory_ObjectNotFound", e.ErrorId, "404: error id");
                T.Check(e.Result != null && e.Result.Request != null && e.Result.Request.Method == "GET", "404: the request is in the result");
                T.Equal(e.Result.ClientRequestId, e.ClientRequestId, "404: client-request-id");
            }
            string absent = Ctx.NewPartner();
            e = T.Throws<MgpException>(delegate { c.GetBetaIdentitySync(absent, null); }, "typed Get for a partner that does not exist throws");
            if (e != null)
            {
                T.Equal(404, e.HttpStatus, "missing partner: HTTP 404");
                T.Equal("Request_ResourceNotFound", e.GraphCode, "missing partner: Graph code");
            }
            MgpResult failed = c.TryInvoke(Get, "Get", "{\"id\":\"" + p + "\"}");
            T.Check(!failed.IsSuccess && failed.Status == MgpStatus.NotFound && failed.HttpStatus == 404 && failed.ErrorCode == "Directory_ObjectNotFound",
                "TryInvoke returns the failed result instead of throwing");
            T.Equal(failed.Message, failed.ToException().Message, "ToException carries the same message");

            T.Group("409");
            c.Invoke(Set, "Set", "{\"id\":\"" + p + "\",\"body\":{\"displayName\":\"first\"}}");
            e = T.Throws<MgpException>(delegate { c.Invoke(Set, "Set", "{\"id\":\"" + p + "\",\"body\":{\"displayName\":\"second\"}}"); }, "a second Set (PUT) throws");
            if (e != null)
            {
                T.Equal(MgpStatus.Conflict, e.Status, "409: Status");
                T.Equal(409, e.HttpStatus, "409: HttpStatus");
                T.Check(e.GraphCode.Length > 0, "409: Graph code", e.GraphCode);
                T.Contains(e.Message, "HTTP 409 Conflict", "409: message");
                T.Contains(e.Message, e.GraphCode, "409: message names the code");
                T.Equal("ResourceExists", e.ErrorCategory, "409: error category");
                T.Check(!string.IsNullOrEmpty(e.RequestId), "409: request-id");
            }
            T.Equal("first", emu.Policy(p)["displayName"], "409: the policy is unchanged");

            T.Group("403 (reader application)");
            using (MgpClient reader = new MgpClient(emu.ConfigJson("reader")))
            {
                T.Equal("first", ((MgpJsonObject)reader.GetIdentitySync(p, null).Body)["displayName"], "the reader may read");
                e = T.Throws<MgpException>(delegate { reader.UpdateIdentitySync(p, "{\"displayName\":\"reader\"}", null); }, "the reader may not write");
                if (e != null)
                {
                    T.Equal(MgpStatus.Forbidden, e.Status, "403: Status");
                    T.Equal(403, e.HttpStatus, "403: HttpStatus");
                    T.Check(e.GraphCode.Length > 0, "403: Graph code", e.GraphCode);
                    T.Contains(e.Message, "HTTP 403 Forbidden", "403: message");
                    T.Equal("PermissionDenied", e.ErrorCategory, "403: error category");
                    T.Check(e.Headers.ContainsKey("request-id"), "403: headers on failure");
                }
            }
            T.Equal("first", emu.Policy(p)["displayName"], "403: the policy is unchanged");

            T.Group("429");
            emu.Fault("{\"method\":\"GET\",\"path_contains\":\"identitySynchronization\",\"count\":1,\"fault\":{\"kind\":\"status\",\"status\":429,\"retry_after\":\"1\"}}");
            DateTime start = DateTime.UtcNow;
            MgpResult retried = c.GetIdentitySync(p, null);
            double waited = (DateTime.UtcNow - start).TotalMilliseconds;
            T.Check(retried.IsSuccess && retried.Attempts == 2, "one 429 is retried and succeeds", retried.Attempts + " attempts");
            T.Check(waited >= 900, "Retry-After: 1 was honoured", waited + " ms");
            emu.Fault("{\"method\":\"GET\",\"path_contains\":\"identitySynchronization\",\"count\":10,\"fault\":{\"kind\":\"status\",\"status\":429,\"retry_after\":\"0\"}}");
            e = T.Throws<MgpException>(delegate { c.GetIdentitySync(p, null); }, "persistent 429 throws after the retries");
            emu.ClearFaults();
            if (e != null)
            {
                T.Equal(MgpStatus.Throttled, e.Status, "429: Status");
                T.Equal(429, e.HttpStatus, "429: HttpStatus");
                T.Check(e.Headers.ContainsKey("Retry-After"), "429: Retry-After header on failure");
                T.Equal(4, e.Result.Attempts, "429: one attempt plus three retries");
                T.Equal("LimitsExceeded", e.ErrorCategory, "429: error category");
            }

            T.Group("refused before sending");
            emu.ClearRequests();
            e = T.Throws<MgpException>(delegate { c.Invoke(Get, "Get", "{\"id\":\"not-a-guid\"}"); }, "a bad GUID throws");
            if (e != null)
            {
                T.Equal(MgpStatus.InvalidArgument, e.Status, "bad GUID: InvalidArgument");
                T.Equal(0, e.HttpStatus, "bad GUID: no HTTP status");
                T.Contains(e.Message, "not-a-guid", "bad GUID: the library's message");
                T.Check(e.Result != null && e.Result.Request == null, "bad GUID: no request was formed");
                T.Equal("InvalidArgument", e.ErrorCategory, "bad GUID: error category");
                T.Equal("MGP_STATUS_INVALID_ARGUMENT", e.ErrorId, "bad GUID: error id is the status name");
            }
            e = T.Throws<MgpException>(delegate { c.Invoke("Get-MgNothing", null, null); }, "an unknown cmdlet throws");
            if (e != null) T.Equal(MgpStatus.InvalidArgument, e.Status, "unknown cmdlet: InvalidArgument");
            e = T.Throws<MgpException>(delegate { c.Invoke(Get, "Get", "{\"id\":"); }, "broken args JSON throws");
            if (e != null) T.Equal(MgpStatus.InvalidJson, e.Status, "broken JSON: InvalidJson");
            e = T.Throws<MgpException>(delegate { c.GetIdentitySync(null, null); }, "a NULL partner id throws");
            if (e != null) T.Equal(MgpStatus.NullArgument, e.Status, "NULL id: NullArgument");
            e = T.Throws<MgpException>(delegate { c.SetIdentitySync(p, "{\"groupSyncInbound\":{\"isSyncAllowed\":true}}", null); }, "a beta-only property in a v1.0 body throws");
            if (e != null) T.Equal(MgpStatus.InvalidArgument, e.Status, "beta property in v1.0: InvalidArgument");
            e = T.Throws<MgpException>(delegate { c.GetIdentitySync(p, "{\"headers\":{\"x-bad\":\"a\\r\\nb\"}}"); }, "a header with CR/LF throws");
            if (e != null) T.Equal(MgpStatus.InvalidArgument, e.Status, "CR/LF header: InvalidArgument");
            T.Equal(0, emu.GraphRequests().Length, "nothing refused reached Graph");

            T.Group("configuration and credentials");
            e = T.Throws<MgpException>(delegate { new MgpClient("{\"cloud\":\"Nowhere\"}"); }, "an unknown cloud is refused");
            if (e != null)
            {
                T.Equal(MgpStatus.InvalidConfig, e.Status, "bad config: InvalidConfig");
                T.Contains(e.Message, "Nowhere", "bad config: the library's message");
            }
            e = T.Throws<MgpException>(delegate { new MgpClient("{\"unknown_key\":1}"); }, "an unknown config key is refused");
            T.Throws<ArgumentNullException>(delegate { new MgpClient(null); }, "a null config is refused");
            emu.ClearRequests();
            using (MgpClient good = MgpClient.FromConfig(emu.Config("test")))
            {
                good.Authenticate();
                T.Equal(0, emu.GraphRequests().Length, "Authenticate sends nothing to Graph");
                T.Check(emu.Requests().Length >= 1, "Authenticate asked the token endpoint", "");
            }
            Hashtable wrong = emu.Config("test");
            ((Hashtable)wrong["credential"])["client_secret"] = "wrong-secret";
            using (MgpClient bad = MgpClient.FromConfig(wrong))
            {
                e = T.Throws<MgpException>(delegate { bad.Authenticate(); }, "Authenticate reports a wrong secret");
                if (e != null)
                {
                    T.Equal(MgpStatus.AuthenticationFailed, e.Status, "Authenticate: AuthenticationFailed");
                    T.Contains(e.Message, "AADSTS", "Authenticate: the authority's error code");
                    T.Check(e.Message.IndexOf("wrong-secret", StringComparison.Ordinal) < 0, "Authenticate: the secret is not in the message");
                }
                e = T.Throws<MgpException>(delegate { bad.GetIdentitySync(p, null); }, "a wrong secret fails the call");
                if (e != null)
                {
                    T.Check(e.Status == MgpStatus.AuthenticationFailed || e.Status == MgpStatus.Unauthorized, "wrong secret: an authentication status", e.StatusName);
                    T.Equal("AuthenticationError", e.ErrorCategory, "wrong secret: error category");
                    T.Check(e.Message.IndexOf("wrong-secret", StringComparison.Ordinal) < 0, "wrong secret: the secret is not in the message");
                }
            }

            T.Group("panic inside the library");
            Hashtable panicky = emu.Config("test");
            Hashtable diagnostics = new Hashtable();
            diagnostics["panic_in_call"] = true;
            panicky["diagnostics"] = diagnostics;
            using (MgpClient boom = MgpClient.FromConfig(panicky))
            {
                e = T.Throws<MgpException>(delegate { boom.GetIdentitySync(p, null); }, "a panic becomes an MgpException");
                if (e != null)
                {
                    T.Equal(MgpStatus.Panic, e.Status, "panic: Status");
                    T.Contains(e.Message.ToLowerInvariant(), "panic", "panic: the library's message");
                    T.Check(e.Result.Request == null, "panic: no response was written");
                }
                MgpResult again = boom.TryInvoke(Get, "Get", "{\"id\":\"" + p + "\"}");
                T.Equal(MgpStatus.Panic, again.Status, "panic: the handle stays usable and panics again");
            }
            T.Equal("first", ((MgpJsonObject)c.GetIdentitySync(p, null).Body)["displayName"], "other clients keep working after a panic");
        }
    }
}
