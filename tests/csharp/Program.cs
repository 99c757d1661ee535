// Tests of pwsh/MgPolicy.Native.cs against the built libmgpolicy and a freshly started
// graph-emulator. Run by tests/csharp/run.sh, which passes:
//   --emulator FILE        the emulator's startup JSON line
//   --c-facts FILE         sizeof/offsetof/constants printed by a C program built from include/mgpolicy.h
//   --header FILE          include/mgpolicy.h (the list of exports)
//   --library FILE         the built libmgpolicy.so (copied into temporary module layouts)
//   --fake-abi-library F   a C library whose mgp_abi_version() returns another generation
//   --example FILE         the README example, compiled on its own
//   --emulator-binary FILE the graph-emulator program (the certificate tests start their own)
// "--child-probe DIR" is the mode the discovery tests start this program in.
using System;
using System.Collections.Generic;
using System.IO;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    internal static class Ctx
    {
        internal static Emulator Emulator;
        internal static Dictionary<string, string> Facts = new Dictionary<string, string>();
        internal static string HeaderPath;
        internal static string LibraryPath;
        internal static string FakeAbiLibraryPath;
        internal static string ExamplePath;
        internal static string EmulatorBinaryPath;
        internal static MgpClient Client;

        internal static string NewPartner() { return Guid.NewGuid().ToString(); }
    }

    internal static class Program
    {
        static int Main(string[] args)
        {
            Dictionary<string, string> options = new Dictionary<string, string>();
            for (int i = 0; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
            if (options.ContainsKey("--child-probe")) return DiscoveryTests.ChildProbe(options["--child-probe"]);

            string value;
            if (!options.TryGetValue("--emulator", out value)) { Console.Error.WriteLine("--emulator FILE is required"); return 2; }
            Ctx.Emulator = new Emulator(value);
            if (options.TryGetValue("--c-facts", out value))
                foreach (string line in File.ReadAllLines(value))
                {
                    int eq = line.IndexOf('=');
                    if (eq > 0) Ctx.Facts[line.Substring(0, eq)] = line.Substring(eq + 1);
                }
            options.TryGetValue("--header", out Ctx.HeaderPath);
            options.TryGetValue("--library", out Ctx.LibraryPath);
            options.TryGetValue("--fake-abi-library", out Ctx.FakeAbiLibraryPath);
            options.TryGetValue("--example", out Ctx.ExamplePath);
            options.TryGetValue("--emulator-binary", out Ctx.EmulatorBinaryPath);

            T.Run("library", LibraryTests.Run);
            T.Run("json", JsonTests.Run);
            T.Run("marshalling", MarshalTests.RunOffline);
            T.Run("models", ModelTests.RunOffline);
            T.Run("certificate key export", CertificateTests.RunOffline);
            using (Ctx.Client = new MgpClient(Ctx.Emulator.ConfigJson("test")))
            {
                T.Run("operations via Invoke", OperationTests.RunInvoke);
                T.Run("operations via typed methods", OperationTests.RunTyped);
                T.Run("operations table coverage", OperationTests.CheckCoverage);
                T.Run("raw exports", RawExportTests.Run);
                T.Run("what-if", WhatIfTests.Run);
                T.Run("errors", ErrorTests.Run);
                T.Run("PowerShell-shaped input against the emulator", MarshalTests.RunLive);
                T.Run("result objects from the emulator", ModelTests.RunLive);
                T.Run("handles", ResourceTests.RunHandles);
                T.Run("memory", ResourceTests.RunMemory);
                T.Run("README example", ExampleTests.Run);
            }
            T.Run("certificate sign-in", CertificateTests.RunLive);
            T.Run("discovery", DiscoveryTests.Run);

            Console.WriteLine();
            foreach (string f in T.Failures) Console.WriteLine("failed: " + f);
            Console.WriteLine(T.Passed + " passed, " + T.Failed + " failed");
            return T.Failed == 0 && T.Passed > 0 ? 0 : 1;
        }
    }
}
