// The freshly started graph-emulator: its startup line and its admin API, over plain HTTP.
using System;
using System.Collections;
using System.IO;
using System.Net;
using System.Text;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    internal sealed class Emulator
    {
        internal readonly MgpJsonObject Info;

        internal Emulator(string infoPath)
        {
            Info = (MgpJsonObject)MgpJson.Parse(File.ReadAllText(infoPath).Trim());
        }

        internal string TenantId { get { return (string)Info["tenant_id"]; } }
        internal string HttpsUrl { get { return (string)Info["https_url"]; } }
        internal string AdminUrl { get { return (string)Info["admin_url"]; } }

        /// <summary>The client configuration for one of the emulator's applications ("test", "reader", ...).</summary>
        internal Hashtable Config(string appName)
        {
            MgpJsonObject app = null;
            foreach (object a in (object[])Info["apps"])
                if ((string)((MgpJsonObject)a)["name"] == appName) app = (MgpJsonObject)a;
            if (app == null) throw new ArgumentException("no emulator app " + appName);
            Hashtable credential = new Hashtable();
            credential["type"] = "client_secret";
            credential["tenant_id"] = app["tenant_id"];
            credential["client_id"] = app["client_id"];
            credential["client_secret"] = app["client_secret"];
            Hashtable retry = new Hashtable();
            retry["max_retries"] = 3;
            retry["delay_ms"] = 20;
            retry["max_total_ms"] = 20000;
            Hashtable config = new Hashtable();
            config["cloud"] = "Custom";
            config["graph_url"] = HttpsUrl;
            config["authority_url"] = HttpsUrl;
            config["credential"] = credential;
            config["ca_certificate_files"] = new string[] { (string)Info["ca_pem_path"] };
            config["retry"] = retry;
            return config;
        }

        internal string ConfigJson(string appName)
        {
            return MgpJson.Serialize(Config(appName));
        }

        internal void Reset() { Send("POST", "/reset", "{}"); }

        /// <summary>Adds partner configurations (no sync policy) for the default tenant.</summary>
        internal void SeedPartners(params string[] partnerIds)
        {
            MgpJsonObject seed = new MgpJsonObject();
            seed["tenant_id"] = TenantId;
            object[] partners = new object[partnerIds.Length];
            for (int i = 0; i < partnerIds.Length; i++)
            {
                MgpJsonObject p = new MgpJsonObject();
                p["tenantId"] = partnerIds[i];
                partners[i] = p;
            }
            seed["partners"] = partners;
            Send("POST", "/seed", MgpJson.Serialize(seed));
        }

        /// <summary>Adds a partner with a live sync policy (beta JSON).</summary>
        internal void SeedPolicy(string partnerId, string displayName, bool userSync)
        {
            string json = "{\"tenant_id\":" + MgpJson.Quote(TenantId) + ",\"sync_policies\":[{\"tenantId\":" + MgpJson.Quote(partnerId) +
                ",\"displayName\":" + MgpJson.Quote(displayName) + ",\"userSyncInbound\":{\"isSyncAllowed\":" + (userSync ? "true" : "false") + "}}]}";
            Send("POST", "/seed", json);
        }

        /// <summary>The live sync policy of a partner as the emulator holds it, or null.</summary>
        internal MgpJsonObject Policy(string partnerId)
        {
            MgpJsonObject partner = Partner(partnerId);
            return partner == null ? null : partner["identitySynchronization"] as MgpJsonObject;
        }

        internal MgpJsonObject Partner(string partnerId)
        {
            MgpJsonObject tenant = Tenant();
            if (tenant == null) return null;
            foreach (object p in (object[])tenant["partners"])
                if (string.Equals((string)((MgpJsonObject)p)["tenantId"], partnerId, StringComparison.OrdinalIgnoreCase)) return (MgpJsonObject)p;
            return null;
        }

        /// <summary>The soft-deleted policy of a partner as the emulator holds it, or null.</summary>
        internal MgpJsonObject DeletedPolicy(string partnerId)
        {
            MgpJsonObject tenant = Tenant();
            if (tenant == null) return null;
            foreach (object p in (object[])tenant["deleted_sync_policies"])
                if (string.Equals((string)((MgpJsonObject)p)["tenantId"], partnerId, StringComparison.OrdinalIgnoreCase)) return (MgpJsonObject)p;
            return null;
        }

        MgpJsonObject Tenant()
        {
            MgpJsonObject state = (MgpJsonObject)MgpJson.Parse(Send("GET", "/state", null));
            return ((MgpJsonObject)state["tenants"])[TenantId] as MgpJsonObject;
        }

        /// <summary>The request log (each entry: method, path, query, headers, body, status).</summary>
        internal object[] Requests() { return (object[])MgpJson.Parse(Send("GET", "/requests", null)); }

        internal void ClearRequests() { Send("DELETE", "/requests", null); }

        /// <summary>The requests logged for Graph paths (token requests left out).</summary>
        internal object[] GraphRequests()
        {
            System.Collections.Generic.List<object> graph = new System.Collections.Generic.List<object>();
            foreach (object r in Requests())
            {
                string path = (string)((MgpJsonObject)r)["path"];
                if (path.StartsWith("/v1.0/", StringComparison.Ordinal) || path.StartsWith("/beta/", StringComparison.Ordinal)) graph.Add(r);
            }
            return graph.ToArray();
        }

        internal MgpJsonObject LastGraphRequest()
        {
            object[] all = GraphRequests();
            return all.Length == 0 ? null : (MgpJsonObject)all[all.Length - 1];
        }

        internal void Fault(string json) { Send("POST", "/faults", json); }

        internal void ClearFaults() { Send("DELETE", "/faults", null); }

        // The harness's own admin calls. A request that failed before any
        // answer came back (Mono's HttpWebRequest now and then reports "Error
        // writing headers" on a fresh connection) is sent again, up to three
        // times in all; an answer with an error status is never retried.
        internal string Send(string method, string path, string body)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return SendOnce(method, path, body);
                }
                catch (InvalidOperationException e)
                {
                    WebException web = e.InnerException as WebException;
                    if (attempt >= 3 || web == null || web.Response != null) throw;
                    System.Threading.Thread.Sleep(50 * attempt);
                }
            }
        }

        string SendOnce(string method, string path, string body)
        {
            HttpWebRequest request = (HttpWebRequest)WebRequest.Create(AdminUrl + path);
            request.Method = method;
            request.Proxy = null;
            request.KeepAlive = false;
            try
            {
                if (body != null)
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(body);
                    request.ContentType = "application/json";
                    request.ContentLength = bytes.Length;
                    using (Stream s = request.GetRequestStream()) s.Write(bytes, 0, bytes.Length);
                }
                using (HttpWebResponse response = (HttpWebResponse)request.GetResponse())
                using (StreamReader reader = new StreamReader(response.GetResponseStream(), Encoding.UTF8))
                    return reader.ReadToEnd();
            }
            catch (WebException e)
            {
                string text = "";
                if (e.Response != null)
                    using (StreamReader reader = new StreamReader(e.Response.GetResponseStream(), Encoding.UTF8)) text = reader.ReadToEnd();
                throw new InvalidOperationException("emulator admin " + method + " " + path + " failed: " + e.Message + " " + text, e);
            }
        }
    }
}
