// The README's C# example (tests/csharp/example/Example.cs), compiled by run.sh on its own
// and run as a user would, against the emulator.
using System;
using System.Diagnostics;
using System.IO;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    internal static class ExampleTests
    {
        internal static void Run()
        {
            T.Group("the README example, run as printed");
            if (!T.Check(Ctx.ExamplePath != null && File.Exists(Ctx.ExamplePath), "run.sh compiled the example", Ctx.ExamplePath)) return;
            string partner = Ctx.NewPartner();
            Ctx.Emulator.SeedPartners(partner);
            string config = Path.Combine(Path.GetTempPath(), "mgpolicy-example-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(config, Ctx.Emulator.ConfigJson("test"));
            try
            {
                ProcessStartInfo start = new ProcessStartInfo(Process.GetCurrentProcess().MainModule.FileName,
                    "\"" + Ctx.ExamplePath + "\" \"" + config + "\" " + partner);
                start.UseShellExecute = false;
                start.RedirectStandardOutput = true;
                start.RedirectStandardError = true;
                string output, errors;
                int exit;
                using (Process child = Process.Start(start))
                {
                    output = child.StandardOutput.ReadToEnd();
                    errors = child.StandardError.ReadToEnd();
                    child.WaitForExit();
                    exit = child.ExitCode;
                }
                Console.Write(output.Replace("\n", "\n     ").Insert(0, "     "));
                Console.WriteLine();
                T.Equal(0, exit, "the example exits 0" + (errors.Length > 0 ? " (stderr: " + errors + ")" : ""));
                string[] lines = output.Replace("\r", "").TrimEnd('\n').Split('\n');
                T.Equal(3, lines.Length, "the example prints three lines");
                if (lines.Length != 3) return;
                T.Equal("what-if: PUT " + Ctx.Emulator.HttpsUrl + "/v1.0/policies/crossTenantAccessPolicy/partners/" + partner +
                    "/identitySynchronization {\"displayName\":\"Fabrikam\",\"userSyncInbound\":{\"isSyncAllowed\":true}}", lines[0], "line 1: the what-if plan");
                T.Equal("Fabrikam: user sync allowed = True", lines[1], "line 2: the policy read back");
                T.Check(lines[2].StartsWith("404 Directory_ObjectNotFound (request-id ", StringComparison.Ordinal) && lines[2].Length > 45,
                    "line 3: the 404 after removal, with its request-id", lines[2]);
                T.Check(Ctx.Emulator.Policy(partner) == null && Ctx.Emulator.DeletedPolicy(partner) != null, "the example left the policy soft-deleted");
            }
            finally
            {
                File.Delete(config);
            }
        }
    }
}
