// MgpCertificates.RsaPrivateKeyPem: the DER encoder on hand-built values, random keys of
// several sizes read back by openssl, keys that cannot be exported, and a sign-in with the
// exported key against a second graph-emulator that knows only a certificate made for it.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    internal static class CertificateTests
    {
        const string Begin = "-----BEGIN RSA PRIVATE KEY-----";
        const string End = "-----END RSA PRIVATE KEY-----";

        internal static void RunOffline()
        {
            T.Group("PKCS#1 export: DER lengths and integers");
            CheckBytes("00", MgpCertificates.DerLength(0), "length 0: short form");
            CheckBytes("7F", MgpCertificates.DerLength(127), "length 127: short form");
            CheckBytes("81 80", MgpCertificates.DerLength(128), "length 128: long form, one byte");
            CheckBytes("81 FF", MgpCertificates.DerLength(255), "length 255: long form, one byte");
            CheckBytes("82 01 00", MgpCertificates.DerLength(256), "length 256: long form, two bytes");
            CheckBytes("82 FF FF", MgpCertificates.DerLength(65535), "length 65535: long form, two bytes");
            CheckBytes("83 01 00 00", MgpCertificates.DerLength(65536), "length 65536: long form, three bytes");

            CheckBytes("02 01 00", MgpCertificates.DerInteger(new byte[0]), "INTEGER of no bytes is 0");
            CheckBytes("02 01 00", MgpCertificates.DerInteger(Bytes("00 00 00")), "INTEGER of zero bytes is one 00");
            CheckBytes("02 01 01", MgpCertificates.DerInteger(Bytes("00 00 01")), "INTEGER: leading zeros stripped");
            CheckBytes("02 01 7F", MgpCertificates.DerInteger(Bytes("7F")), "INTEGER 0x7F: no padding");
            CheckBytes("02 02 00 80", MgpCertificates.DerInteger(Bytes("80")), "INTEGER 0x80: 00 prepended (high bit)");
            CheckBytes("02 02 00 80", MgpCertificates.DerInteger(Bytes("00 00 80")), "INTEGER 00 00 80: stripped, then 00 prepended");
            CheckBytes("02 03 00 FF FF", MgpCertificates.DerInteger(Bytes("FF FF")), "INTEGER 0xFFFF: 00 prepended");
            CheckBytes("02 02 01 00", MgpCertificates.DerInteger(Bytes("00 01 00")), "INTEGER 0x100: inner zero kept");

            byte[] big = Filled(200, 0xA5);
            byte[] der = MgpCertificates.DerInteger(big);
            T.Equal("02 81 C9 00 A5", Hex(der, 5), "INTEGER of 200 bytes, high bit: 81 C9 (201) then 00");
            T.Equal(204, der.Length, "INTEGER of 200 bytes, high bit: 204 bytes in all");
            byte[] longer = Filled(300, 0x5A);
            der = MgpCertificates.DerInteger(longer);
            T.Equal("02 82 01 2C 5A", Hex(der, 5), "INTEGER of 300 bytes, no high bit: 82 01 2C (300)");
            T.Equal(304, der.Length, "INTEGER of 300 bytes: 304 bytes in all");
            byte[] padded = new byte[301];
            Buffer.BlockCopy(Filled(300, 0xC3), 0, padded, 1, 300);
            der = MgpCertificates.DerInteger(padded);
            T.Equal("02 82 01 2D 00 C3", Hex(der, 6), "INTEGER 00 + 300 bytes, high bit: 82 01 2D (301), one 00");
            T.Equal(305, der.Length, "INTEGER 00 + 300 bytes: 305 bytes in all");

            T.Group("PKCS#1 export: a hand-built key");
            // The textbook key p = 61, q = 53: n = 3233, e = 17, d = 2753, dP = 53, dQ = 49, qInv = 38,
            // given with the leading zeros .NET pads parameters with.
            RSAParameters tiny = new RSAParameters();
            tiny.Modulus = Bytes("0C A1");
            tiny.Exponent = Bytes("11");
            tiny.D = Bytes("00 00 0A C1");
            tiny.P = Bytes("00 3D");
            tiny.Q = Bytes("35");
            tiny.DP = Bytes("00 35");
            tiny.DQ = Bytes("31");
            tiny.InverseQ = Bytes("00 26");
            byte[] tinyDer = MgpCertificates.RsaPrivateKeyDer(tiny);
            CheckBytes("30 1D 02 01 00 02 02 0C A1 02 01 11 02 02 0A C1 02 01 3D 02 01 35 02 01 35 02 01 31 02 01 26",
                tinyDer, "RSAPrivateKey SEQUENCE { 0, n, e, d, p, q, dP, dQ, qInv }");
            using (TempDir dir = new TempDir())
            {
                string file = dir.Write("tiny.pem", MgpCertificates.Pem("RSA PRIVATE KEY", tinyDer));
                OpenSsl parsed = OpenSsl.Run("asn1parse -in \"" + file + "\"");
                T.Equal(0, parsed.Exit, "openssl asn1parse reads the hand-built key" + parsed.Detail);
                T.Equal(9, Count(parsed.Output, "prim: INTEGER"), "openssl sees nine INTEGERs");
                T.Contains(parsed.Output, ":0CA1", "openssl sees the modulus 0CA1");
            }

            T.Group("PKCS#1 export: PEM layout");
            string layout = MgpCertificates.Pem("RSA PRIVATE KEY", Filled(100, 0xFF));
            string[] lines = layout.Split('\n');
            T.Check(layout.IndexOf('\r') < 0, "no carriage returns");
            T.Check(layout.EndsWith(End + "\n", StringComparison.Ordinal), "ends with the END line and a newline");
            T.Equal(6, lines.Length, "100 bytes: BEGIN, three base64 lines (136 characters), END, nothing after the final newline");
            if (lines.Length == 6)
            {
                T.Equal(Begin, lines[0], "BEGIN line");
                T.Equal(64, lines[1].Length, "first base64 line: 64 characters");
                T.Equal(64, lines[2].Length, "second base64 line: 64 characters");
                T.Equal(8, lines[3].Length, "last base64 line: the remaining 8 characters");
                T.Equal(End, lines[4], "END line");
                T.Equal("", lines[5], "nothing after the final newline");
                T.Equal(Convert.ToBase64String(Filled(100, 0xFF)), lines[1] + lines[2] + lines[3], "the lines join to the base64 of the bytes");
            }
            T.Equal(Begin + "\n" + End + "\n", MgpCertificates.Pem("RSA PRIVATE KEY", new byte[0]), "no bytes: BEGIN and END only");
            string exact = MgpCertificates.Pem("RSA PRIVATE KEY", Filled(48, 1));
            T.Equal(Begin + "\n" + Convert.ToBase64String(Filled(48, 1)) + "\n" + End + "\n", exact, "48 bytes (64 characters): BEGIN, one full line, END");

            T.Group("PKCS#1 export: random keys read back by openssl");
            using (TempDir dir = new TempDir())
            {
                int[][] plan = { new int[] { 1024, 4 }, new int[] { 2048, 3 }, new int[] { 3072, 2 } };
                foreach (int[] step in plan)
                    for (int i = 1; i <= step[1]; i++)
                        using (RSACryptoServiceProvider rsa = new RSACryptoServiceProvider(step[0]))
                            CheckKey(dir, rsa, step[0] + "-bit key " + i);

                // A parameter that .NET hands out with a leading zero byte (the encoder must strip it)
                // turns up in about one key in forty; small keys find one quickly.
                int tried = 0;
                string which = null;
                RSACryptoServiceProvider found = null;
                while (found == null && tried < 2000)
                {
                    tried++;
                    RSACryptoServiceProvider candidate = new RSACryptoServiceProvider(512);
                    which = LeadingZeroParameter(candidate.ExportParameters(true));
                    if (which != null) found = candidate;
                    else candidate.Dispose();
                }
                if (T.Check(found != null, "a 512-bit key with a leading zero byte in a private parameter turned up", tried + " keys tried"))
                    using (found)
                    {
                        Console.WriteLine("     (" + which + " starts with 00, after " + tried + " keys)");
                        CheckKey(dir, found, "512-bit key with " + which + " starting 00");
                    }
            }

            T.Group("PKCS#1 export: the key is left as it was");
            using (RSACryptoServiceProvider rsa = new RSACryptoServiceProvider(1024))
            {
                RSAParameters before = rsa.ExportParameters(true);
                string first = MgpCertificates.RsaPrivateKeyPem(rsa);
                RSAParameters after = rsa.ExportParameters(true);
                T.Equal(Hex(before.D, -1), Hex(after.D, -1), "D unchanged after the export");
                T.Equal(Hex(before.InverseQ, -1), Hex(after.InverseQ, -1), "InverseQ unchanged after the export");
                T.Equal(first, MgpCertificates.RsaPrivateKeyPem(rsa), "a second export gives the same PEM");
                byte[] data = Encoding.UTF8.GetBytes("mgpolicy");
                byte[] signature = rsa.SignData(data, "SHA256");
                T.Check(rsa.VerifyData(data, "SHA256", signature), "the key still signs and verifies");
            }

            T.Group("PKCS#1 export: keys that cannot be exported");
            ArgumentNullException none = T.Throws<ArgumentNullException>(delegate { MgpCertificates.RsaPrivateKeyPem(null); }, "null: ArgumentNullException");
            if (none != null) T.Equal("rsa", none.ParamName, "null: the parameter is named");

            using (RSACryptoServiceProvider full = new RSACryptoServiceProvider(1024))
            using (RSACryptoServiceProvider publicOnly = new RSACryptoServiceProvider())
            {
                RSAParameters all = full.ExportParameters(true);
                RSAParameters pub = new RSAParameters();
                pub.Modulus = all.Modulus;
                pub.Exponent = all.Exponent;
                publicOnly.ImportParameters(pub);
                ArgumentException e = ThrowsExactly(delegate { MgpCertificates.RsaPrivateKeyPem(publicOnly); }, "public-only key: ArgumentException and nothing else");
                if (e != null)
                {
                    T.Contains(e.Message, "not exportable", "public-only key: the message says the key is not exportable");
                    T.Check(e.InnerException is CryptographicException, "public-only key: the CryptographicException is the inner exception",
                        e.InnerException == null ? "none" : e.InnerException.GetType().Name);
                    NoKeyMaterial(e.Message, all, "public-only key");
                }

                e = ThrowsExactly(delegate { MgpCertificates.RsaPrivateKeyPem(new FixedRsa(pub)); }, "ExportParameters(true) without D: ArgumentException");
                if (e != null) T.Contains(e.Message, "not exportable", "without D: the message says the key is not exportable");

                RSAParameters noCrt = Copy(all);
                noCrt.P = null;
                noCrt.DQ = null;
                e = ThrowsExactly(delegate { MgpCertificates.RsaPrivateKeyPem(new FixedRsa(noCrt)); }, "D without the CRT parameters: ArgumentException");
                if (e != null)
                {
                    T.Contains(e.Message, "not exportable", "without CRT parameters: the message says the key is not exportable");
                    NoKeyMaterial(e.Message, all, "without CRT parameters");
                }

                FixedRsa handsOut = new FixedRsa(Copy(all));
                T.Equal(MgpCertificates.RsaPrivateKeyPem(full), MgpCertificates.RsaPrivateKeyPem(handsOut), "any RSA subclass: the same PEM as the CryptoAPI key");
                bool cleared = true;
                foreach (byte[] b in new byte[][] { handsOut.Given.D, handsOut.Given.P, handsOut.Given.Q, handsOut.Given.DP, handsOut.Given.DQ, handsOut.Given.InverseQ })
                    foreach (byte x in b) cleared &= x == 0;
                T.Check(cleared, "the private arrays ExportParameters handed out are cleared afterwards");
                T.Check(!AllZero(handsOut.Given.Modulus), "the public modulus is left alone");
            }
        }

        internal static void RunLive()
        {
            T.Group("sign-in with an exported CryptoAPI key");
            if (!T.Check(Ctx.EmulatorBinaryPath != null && File.Exists(Ctx.EmulatorBinaryPath), "run.sh gave the graph-emulator binary", Ctx.EmulatorBinaryPath)) return;
            using (TempDir dir = new TempDir())
            using (RSACryptoServiceProvider rsa = new RSACryptoServiceProvider(2048))
            using (RSACryptoServiceProvider stranger = new RSACryptoServiceProvider(2048))
            {
                string keyPem = MgpCertificates.RsaPrivateKeyPem(rsa);
                string keyFile = dir.Write("key.pem", keyPem);
                string certFile = Path.Combine(dir.Path, "cert.pem");
                OpenSsl req = OpenSsl.Run("req -x509 -new -key \"" + keyFile + "\" -subj /CN=mgpolicy-dotnet-key -days 2 -out \"" + certFile + "\"");
                if (!T.Equal(0, req.Exit, "openssl makes a self-signed certificate for the exported key" + req.Detail)) return;
                string certPem = File.ReadAllText(certFile);

                string tenant = Guid.NewGuid().ToString();
                string clientId = Guid.NewGuid().ToString();
                string partner = Ctx.NewPartner();
                string config = "{\"tenants\":[{\"tenant_id\":" + MgpJson.Quote(tenant) + ",\"apps\":[{\"name\":\"dotnet-key\",\"client_id\":" + MgpJson.Quote(clientId) +
                    ",\"roles\":[\"Policy.ReadWrite.CrossTenantAccess\",\"Policy.Read.All\"],\"certificate_pem\":" + MgpJson.Quote(certPem) + "}]}]," +
                    "\"seed\":{\"tenant_id\":" + MgpJson.Quote(tenant) + ",\"sync_policies\":[{\"tenantId\":" + MgpJson.Quote(partner) +
                    ",\"displayName\":\"Signed in with a .NET key\",\"userSyncInbound\":{\"isSyncAllowed\":true}}]}}";
                string configFile = dir.Write("emulator-config.json", config);

                using (EmulatorProcess process = EmulatorProcess.Start(Ctx.EmulatorBinaryPath, configFile, Path.Combine(dir.Path, "state"), dir.Path))
                {
                    if (!T.Check(process.Emulator != null, "a second graph-emulator starts with the certificate registered", process.Log)) return;
                    Emulator emu = process.Emulator;

                    using (MgpClient client = new MgpClient(MgpJson.Serialize(CertificateConfig(emu, tenant, clientId, certPem, keyPem))))
                    {
                        bool signedIn = false;
                        try
                        {
                            client.Authenticate();
                            signedIn = true;
                        }
                        catch (MgpException e)
                        {
                            T.Check(false, "Authenticate with the exported key", e.Message);
                        }
                        if (signedIn) T.Check(true, "Authenticate with the exported key");
                        MgpResult result = client.GetIdentitySync(partner, null);
                        T.Equal(200, result.HttpStatus, "Get with the exported key: HTTP 200");
                        MgpJsonObject body = result.Body as MgpJsonObject;
                        T.Equal("Signed in with a .NET key", body == null ? null : body["displayName"], "Get with the exported key: the seeded policy");
                    }
                    string tokenBody = null;
                    foreach (object r in emu.Requests())
                    {
                        MgpJsonObject request = (MgpJsonObject)r;
                        if (((string)request["path"]).Contains("/oauth2/")) tokenBody = request["body"] as string;
                    }
                    T.Check(tokenBody != null && tokenBody.Contains("client_assertion=") && !tokenBody.Contains("client_secret"),
                        "the token request carried a client assertion", tokenBody);

                    string strangerPem = MgpCertificates.RsaPrivateKeyPem(stranger);
                    emu.ClearRequests();
                    using (MgpClient wrong = new MgpClient(MgpJson.Serialize(CertificateConfig(emu, tenant, clientId, certPem, strangerPem))))
                    {
                        MgpException e = T.Throws<MgpException>(delegate { wrong.Authenticate(); }, "another key with the same certificate: Authenticate throws");
                        if (e != null)
                        {
                            T.Equal(MgpStatus.AuthenticationFailed, e.Status, "another key: AuthenticationFailed");
                            T.Contains(e.Message, "AADSTS700027", "another key: the emulator rejected the signature");
                            T.Check(e.Message.IndexOf(strangerPem.Split('\n')[1], StringComparison.Ordinal) < 0, "another key: no key material in the message");
                        }
                    }
                    T.Equal(0, emu.GraphRequests().Length, "no Graph request without a token");
                }
            }
        }

        // openssl reads the PEM, finds the key consistent, prints our modulus and re-encodes
        // it to exactly the same text (so every INTEGER and length was minimal DER).
        static void CheckKey(TempDir dir, RSA rsa, string name)
        {
            RSAParameters p = rsa.ExportParameters(true);
            string pem = MgpCertificates.RsaPrivateKeyPem(rsa);
            string[] lines = pem.Split('\n');
            bool layout = pem.IndexOf('\r') < 0 && pem.StartsWith(Begin + "\n", StringComparison.Ordinal) && pem.EndsWith("\n" + End + "\n", StringComparison.Ordinal);
            for (int i = 1; i < lines.Length - 3; i++) layout &= lines[i].Length == 64;
            layout &= lines.Length >= 4 && lines[lines.Length - 3].Length > 0 && lines[lines.Length - 3].Length <= 64;
            T.Check(layout, name + ": PEM layout (BEGIN, 64-character lines, END, \\n endings)", pem.Length > 200 ? pem.Substring(0, 200) : pem);

            string file = dir.Write(Guid.NewGuid().ToString("N") + ".pem", pem);
            try
            {
                OpenSsl check = OpenSsl.Run("rsa -check -noout -in \"" + file + "\"");
                T.Check(check.Exit == 0 && check.Output.Contains("RSA key ok"), name + ": openssl rsa -check says RSA key ok", check.Exit + check.Detail);

                OpenSsl modulus = OpenSsl.Run("rsa -modulus -noout -in \"" + file + "\"");
                T.Equal("Modulus=" + Hex(Magnitude(p.Modulus), -1).Replace(" ", ""), modulus.Output.Trim(), name + ": openssl's modulus is the key's Modulus");

                OpenSsl again = OpenSsl.Run("rsa -in \"" + file + "\"" + (OpenSsl.IsVersion3OrLater ? " -traditional" : ""));
                T.Check(again.Exit == 0 && again.Output == pem, name + ": openssl re-encodes it to the same PEM (minimal DER)", again.Exit + again.Detail);
            }
            finally
            {
                File.Delete(file);
            }
        }

        static Hashtable CertificateConfig(Emulator emu, string tenant, string clientId, string certPem, string keyPem)
        {
            Hashtable credential = new Hashtable();
            credential["type"] = "client_certificate";
            credential["tenant_id"] = tenant;
            credential["client_id"] = clientId;
            credential["certificate_pem"] = certPem;
            credential["private_key_pem"] = keyPem;
            Hashtable retry = new Hashtable();
            retry["max_retries"] = 0;
            Hashtable config = new Hashtable();
            config["cloud"] = "Custom";
            config["graph_url"] = emu.HttpsUrl;
            config["authority_url"] = emu.HttpsUrl;
            config["credential"] = credential;
            config["ca_certificate_files"] = new string[] { (string)emu.Info["ca_pem_path"] };
            config["retry"] = retry;
            return config;
        }

        static ArgumentException ThrowsExactly(Action action, string name)
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                T.Check(e.GetType() == typeof(ArgumentException), name, e.GetType().Name + ": " + e.Message);
                return e as ArgumentException;
            }
            T.Check(false, name, "nothing was thrown");
            return null;
        }

        static void NoKeyMaterial(string message, RSAParameters p, string name)
        {
            bool clean = true;
            foreach (byte[] b in new byte[][] { p.Modulus, p.D, p.P, p.Q })
            {
                string base64 = Convert.ToBase64String(b, 0, 12);
                string hex = Hex(b, 8).Replace(" ", "");
                clean &= message.IndexOf(base64, StringComparison.Ordinal) < 0 && message.IndexOf(hex, StringComparison.OrdinalIgnoreCase) < 0;
            }
            T.Check(clean, name + ": no key material in the message", message);
        }

        static string LeadingZeroParameter(RSAParameters p)
        {
            string[] names = { "D", "P", "Q", "DP", "DQ", "InverseQ" };
            byte[][] values = { p.D, p.P, p.Q, p.DP, p.DQ, p.InverseQ };
            for (int i = 0; i < values.Length; i++)
                if (values[i].Length > 0 && values[i][0] == 0) return names[i];
            return null;
        }

        static RSAParameters Copy(RSAParameters p)
        {
            RSAParameters c = new RSAParameters();
            c.Modulus = Clone(p.Modulus);
            c.Exponent = Clone(p.Exponent);
            c.D = Clone(p.D);
            c.P = Clone(p.P);
            c.Q = Clone(p.Q);
            c.DP = Clone(p.DP);
            c.DQ = Clone(p.DQ);
            c.InverseQ = Clone(p.InverseQ);
            return c;
        }

        static byte[] Magnitude(byte[] b)
        {
            int first = 0;
            while (first < b.Length - 1 && b[first] == 0) first++;
            byte[] m = new byte[b.Length - first];
            Buffer.BlockCopy(b, first, m, 0, m.Length);
            return m;
        }

        static byte[] Clone(byte[] b) { return b == null ? null : (byte[])b.Clone(); }

        static bool AllZero(byte[] b)
        {
            foreach (byte x in b) if (x != 0) return false;
            return true;
        }

        static void CheckBytes(string expected, byte[] actual, string name)
        {
            T.Equal(expected, Hex(actual, -1), name);
        }

        static byte[] Bytes(string hex)
        {
            string[] parts = hex.Split(new char[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            byte[] b = new byte[parts.Length];
            for (int i = 0; i < parts.Length; i++) b[i] = Convert.ToByte(parts[i], 16);
            return b;
        }

        static byte[] Filled(int count, byte value)
        {
            byte[] b = new byte[count];
            for (int i = 0; i < count; i++) b[i] = value;
            return b;
        }

        // Space-separated upper-case hex of the first count bytes (all when count is negative).
        static string Hex(byte[] b, int count)
        {
            if (b == null) return "null";
            int n = count < 0 ? b.Length : Math.Min(count, b.Length);
            return BitConverter.ToString(b, 0, n).Replace('-', ' ');
        }

        static int Count(string haystack, string needle)
        {
            int n = 0;
            for (int at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(needle, at + 1, StringComparison.Ordinal)) n++;
            return n;
        }

        /// <summary>An RSA whose ExportParameters hands out fixed parameters (kept, to see what happens to them).</summary>
        sealed class FixedRsa : RSA
        {
            internal readonly RSAParameters Given;

            internal FixedRsa(RSAParameters given) { Given = given; }

            public override RSAParameters ExportParameters(bool includePrivateParameters) { return Given; }

            public override void ImportParameters(RSAParameters parameters) { throw new NotSupportedException(); }
        }

        /// <summary>A temporary directory (it holds private keys), removed with everything in it.</summary>
        sealed class TempDir : IDisposable
        {
            internal readonly string Path;

            internal TempDir()
            {
                Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mgpolicy-certificates-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(Path);
            }

            internal string Write(string name, string text)
            {
                string file = System.IO.Path.Combine(Path, name);
                File.WriteAllText(file, text);
                return file;
            }

            public void Dispose()
            {
                try { Directory.Delete(Path, true); }
                catch (IOException) { }
            }
        }

        /// <summary>One run of the openssl command line: exit code, standard output and error.</summary>
        sealed class OpenSsl
        {
            internal int Exit;
            internal string Output;
            internal string Errors;

            internal string Detail { get { return Errors.Length > 0 ? " (openssl: " + Errors.Trim() + ")" : ""; } }

            static int major = -1;

            internal static bool IsVersion3OrLater
            {
                get
                {
                    if (major < 0)
                    {
                        string v = Run("version").Output;
                        major = v.StartsWith("OpenSSL ", StringComparison.Ordinal) && v.Length > 8 && char.IsDigit(v[8]) ? v[8] - '0' : 0;
                    }
                    return major >= 3;
                }
            }

            internal static OpenSsl Run(string arguments)
            {
                ProcessStartInfo start = new ProcessStartInfo("openssl", arguments);
                start.UseShellExecute = false;
                start.RedirectStandardOutput = true;
                start.RedirectStandardError = true;
                OpenSsl result = new OpenSsl();
                using (Process child = Process.Start(start))
                {
                    System.Threading.Tasks.Task<string> errors = child.StandardError.ReadToEndAsync();
                    result.Output = child.StandardOutput.ReadToEnd();
                    result.Errors = errors.Result;
                    child.WaitForExit();
                    result.Exit = child.ExitCode;
                }
                return result;
            }
        }

        /// <summary>A graph-emulator this test starts with its own configuration, stopped with SIGTERM.</summary>
        sealed class EmulatorProcess : IDisposable
        {
            internal Emulator Emulator;
            readonly Process child;
            readonly StringBuilder log = new StringBuilder();

            internal string Log { get { lock (log) return log.ToString(); } }

            EmulatorProcess(Process child) { this.child = child; }

            internal static EmulatorProcess Start(string binary, string configFile, string stateDir, string infoDir)
            {
                ProcessStartInfo start = new ProcessStartInfo(binary, "--port 0 --config \"" + configFile + "\" --state-dir \"" + stateDir + "\"");
                start.UseShellExecute = false;
                start.RedirectStandardOutput = true;
                start.RedirectStandardError = true;
                EmulatorProcess p = new EmulatorProcess(Process.Start(start));
                p.child.ErrorDataReceived += delegate(object sender, DataReceivedEventArgs e)
                {
                    if (e.Data != null) lock (p.log) p.log.AppendLine(e.Data);
                };
                p.child.BeginErrorReadLine();
                System.Threading.Tasks.Task<string> line = p.child.StandardOutput.ReadLineAsync();
                if (line.Wait(30000) && !string.IsNullOrEmpty(line.Result))
                {
                    string info = Path.Combine(infoDir, "emulator.json");
                    File.WriteAllText(info, line.Result);
                    p.Emulator = new Emulator(info);
                }
                else
                {
                    lock (p.log) p.log.AppendLine("no startup line within 30 s");
                }
                return p;
            }

            public void Dispose()
            {
                if (!child.HasExited)
                {
                    using (Process kill = Process.Start(new ProcessStartInfo("kill", "-TERM " + child.Id) { UseShellExecute = false }))
                        kill.WaitForExit();
                    if (!child.WaitForExit(10000)) child.Kill();
                }
                child.WaitForExit();
                child.Dispose();
            }
        }
    }
}
