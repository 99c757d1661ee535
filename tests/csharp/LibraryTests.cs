// The loaded library against the header: ABI and version, status names, the exports the
// binding declares, and the layout of mgp_sync_policy_fields.
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    internal static class LibraryTests
    {
        internal static void Run()
        {
            T.Group("library, ABI and layout");
            T.Equal(1u, MgpLibrary.AbiVersion, "the binding is written for ABI generation 1");
            T.Equal(MgpLibrary.AbiVersion, MgpLibrary.NativeAbiVersion(), "mgp_abi_version() equals the binding's ABI generation");
            T.Equal(Fact("MGP_ABI_VERSION"), MgpLibrary.NativeAbiVersion().ToString(), "mgp_abi_version() equals MGP_ABI_VERSION in the header");
            T.Equal(Fact("MGP_VERSION"), MgpLibrary.Version(), "mgp_version() equals MGP_VERSION in the header");
            T.Check(MgpLibrary.IsLoaded, "the library reports itself loaded");
            T.Equal(Path.GetFullPath(Environment.GetEnvironmentVariable("MGPOLICY_LIBRARY")), MgpLibrary.LoadedPath, "MGPOLICY_LIBRARY chose the file that was loaded");
            T.Check(MapsContain(MgpLibrary.LoadedPath), "the process maps the file MGPOLICY_LIBRARY names", MgpLibrary.LoadedPath);
            T.Equal("linux-x64", MgpLibrary.RuntimeIdentifier, "runtime identifier on this machine");
            T.Equal("libmgpolicy.so", MgpLibrary.LibraryFileName, "library file name on Linux");

            MgpLibrary.CheckAbi(MgpLibrary.AbiVersion, "the loaded library");
            T.Check(true, "CheckAbi accepts the binding's own generation");
            NotSupportedException abi = T.Throws<NotSupportedException>(delegate { MgpLibrary.CheckAbi(2, "libmgpolicy.so"); }, "CheckAbi refuses generation 2");
            if (abi != null) T.Contains(abi.Message, "generation 2", "the ABI message names the library's generation");

            // Every status the header defines has the same number and name in the binding.
            int statuses = 0;
            foreach (MgpStatus s in Enum.GetValues(typeof(MgpStatus)))
            {
                string cName = "MGP_STATUS_" + Regex.Replace(s.ToString(), "(?<=[a-z0-9])([A-Z])", "_$1").ToUpperInvariant();
                T.Equal(Fact(cName), ((uint)s).ToString(), "MgpStatus." + s + " equals " + cName);
                T.Equal(cName, MgpLibrary.StatusName((uint)s), "mgp_status_name(" + (uint)s + ")");
                statuses++;
            }
            int headerStatuses = 0;
            foreach (string key in Ctx.Facts.Keys) if (key.StartsWith("MGP_STATUS_", StringComparison.Ordinal)) headerStatuses++;
            T.Equal(headerStatuses, statuses, "the binding knows as many statuses as the header defines");
            T.Equal("MGP_STATUS_UNKNOWN", MgpLibrary.StatusName(4000), "an unknown status number has the UNKNOWN name");

            // The struct the Expanded exports read.
            T.Equal(int.Parse(Fact("sizeof(mgp_sync_policy_fields)")), Marshal.SizeOf(typeof(NativeSyncPolicyFields)),
                "Marshal.SizeOf(NativeSyncPolicyFields) equals the C sizeof(mgp_sync_policy_fields)");
            string[][] fields = {
                new string[] { "DisplayName", "display_name" },
                new string[] { "TenantId", "tenant_id" },
                new string[] { "ExternalCloudAuthorizedApplicationId", "external_cloud_authorized_application_id" },
                new string[] { "AdditionalPropertiesJson", "additional_properties_json" },
                new string[] { "UserSyncInbound", "user_sync_inbound" },
                new string[] { "GroupSyncInbound", "group_sync_inbound" },
                new string[] { "RoleEnabledGroupSyncInbound", "role_enabled_group_sync_inbound" },
            };
            foreach (string[] f in fields)
                T.Equal(int.Parse(Fact("offsetof(" + f[1] + ")")), Marshal.OffsetOf(typeof(NativeSyncPolicyFields), f[0]).ToInt32(),
                    "offset of " + f[0] + " equals offsetof(mgp_sync_policy_fields, " + f[1] + ")");
            T.Equal(fields.Length, typeof(NativeSyncPolicyFields).GetFields().Length, "NativeSyncPolicyFields has exactly the C struct's fields");

            // Every export in the header is declared in NativeMethods, and nothing else.
            List<string> exports = HeaderExports();
            Dictionary<string, bool> declared = new Dictionary<string, bool>();
            foreach (MethodInfo m in typeof(NativeMethods).GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
                if ((m.Attributes & MethodAttributes.PinvokeImpl) != 0) declared[m.Name] = true;
            List<string> missing = new List<string>();
            foreach (string e in exports) if (!declared.ContainsKey(e)) missing.Add(e);
            T.Check(exports.Count >= 45, "the header lists the library's exports", exports.Count + " found");
            T.Check(missing.Count == 0, "NativeMethods declares every export of the header", string.Join(", ", missing.ToArray()));
            T.Equal(exports.Count, declared.Count, "NativeMethods declares nothing the header does not export");
            foreach (MethodInfo m in typeof(NativeMethods).GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
            {
                if ((m.Attributes & MethodAttributes.PinvokeImpl) == 0) continue;
                foreach (ParameterInfo p in m.GetParameters())
                    if (p.ParameterType == typeof(string))
                        T.Check(false, m.Name + " passes strings as UTF-8 byte arrays", p.Name + " is a string");
            }

            // The operations table: 31 rows, every row's export is declared.
            object[] ops = MgpLibrary.Operations();
            T.Equal(31, ops.Length, "the operations table has 31 rows");
            int rowsWithExports = 0;
            foreach (object o in ops)
                if (declared.ContainsKey((string)((MgpJsonObject)o)["export"])) rowsWithExports++;
            T.Equal(ops.Length, rowsWithExports, "every row's export is declared in NativeMethods");
        }

        internal static string Fact(string key)
        {
            string v;
            return Ctx.Facts.TryGetValue(key, out v) ? v : "<" + key + " missing from the C facts>";
        }

        internal static bool MapsContain(string path)
        {
            foreach (string line in File.ReadAllLines("/proc/self/maps"))
                if (line.EndsWith(" " + path, StringComparison.Ordinal)) return true;
            return false;
        }

        static List<string> HeaderExports()
        {
            List<string> names = new List<string>();
            foreach (string line in File.ReadAllLines(Ctx.HeaderPath))
            {
                if (line.TrimStart().StartsWith("//", StringComparison.Ordinal) || line.TrimStart().StartsWith("*", StringComparison.Ordinal)) continue;
                Match m = Regex.Match(line, @"\b(mgp_[a-z0-9_]+)\(");
                if (m.Success && !names.Contains(m.Groups[1].Value)) names.Add(m.Groups[1].Value);
            }
            return names;
        }
    }
}
