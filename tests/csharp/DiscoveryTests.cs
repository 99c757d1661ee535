// Finding the native library: runtimes/<rid>/native/ next to the module (given to
// Initialize, or where the assembly lives), a flat layout, MGPOLICY_LIBRARY, and the
// failures (missing file, no library, a library of another ABI generation, not a library).
// Each case runs in a child process, since a process loads the library once; the child
// reports which file the process actually mapped.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    internal static class DiscoveryTests
    {
        const string Native = "runtimes/linux-x64/native/libmgpolicy.so";

        /// <summary>The child side: load, then print what was loaded and mapped.</summary>
        internal static int ChildProbe(string directory)
        {
            try
            {
                if (directory == "-") MgpLibrary.EnsureLoaded();
                else MgpLibrary.Initialize(directory);
                Console.WriteLine("LOADED " + (MgpLibrary.LoadedPath ?? "<system search>"));
                Console.WriteLine("ABI " + MgpLibrary.NativeAbiVersion());
                Console.WriteLine("OPS " + MgpLibrary.Operations().Length);
                List<string> seen = new List<string>();
                foreach (string line in File.ReadAllLines("/proc/self/maps"))
                {
                    int slash = line.IndexOf('/');
                    if (slash < 0) continue;
                    string path = line.Substring(slash);
                    bool sharedObject = path.EndsWith(".so", StringComparison.Ordinal) || path.EndsWith(".dylib", StringComparison.Ordinal);
                    if (sharedObject && path.IndexOf("mgpolicy", StringComparison.OrdinalIgnoreCase) >= 0 && !seen.Contains(path)) seen.Add(path);
                }
                foreach (string path in seen) Console.WriteLine("MAP " + path);
                return 0;
            }
            catch (Exception e)
            {
                Console.WriteLine("ERROR " + e.GetType().FullName + ": " + e.Message);
                return 3;
            }
        }

        internal static void Run()
        {
            T.Group("library discovery (child processes)");
            string root = Path.Combine(Path.GetTempPath(), "mgpolicy-cs-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(root);
            try
            {
                string exe = typeof(Program).Assembly.Location;

                string a = Layout(root, "a", Native, Ctx.LibraryPath);
                Dictionary<string, string> r = Child(exe, a, null);
                string expected = Path.Combine(a, Native);
                T.Equal(expected, Get(r, "LOADED"), "Initialize(dir) finds " + Native);
                T.Equal(expected, Get(r, "MAP"), "the process mapped that file and no other libmgpolicy");
                T.Equal("1", Get(r, "ABI"), "the ABI check passed in the child");
                T.Equal("31", Get(r, "OPS"), "calls go to the loaded library");

                string b = Layout(root, "b", Native, Ctx.LibraryPath);
                string copy = Path.Combine(b, Path.GetFileName(exe));
                File.Copy(exe, copy);
                r = Child(copy, "-", null);
                T.Equal(Path.Combine(b, Native), Get(r, "LOADED"), "without Initialize, runtimes/ next to the assembly is found");
                T.Equal(Path.Combine(b, Native), Get(r, "MAP"), "and that file is the one mapped");

                string flat = Layout(root, "flat", "libmgpolicy.so", Ctx.LibraryPath);
                r = Child(exe, flat, null);
                T.Equal(Path.Combine(flat, "libmgpolicy.so"), Get(r, "LOADED"), "a flat layout (the library next to the module) is found");

                string both = Layout(root, "both", Native, Ctx.LibraryPath);
                File.Copy(Ctx.FakeAbiLibraryPath, Path.Combine(both, "libmgpolicy.so"));
                r = Child(exe, both, null);
                T.Equal(Path.Combine(both, Native), Get(r, "LOADED"), "runtimes/<rid>/native/ comes before the flat layout");

                string custom = Path.Combine(Layout(root, "env", "custom-name.so", Ctx.LibraryPath), "custom-name.so");
                r = Child(exe, a, custom);
                T.Equal(custom, Get(r, "LOADED"), "MGPOLICY_LIBRARY wins over the module directory");
                T.Equal(custom, Get(r, "MAP"), "the file MGPOLICY_LIBRARY names is the one mapped");

                r = Child(exe, a, Path.Combine(root, "does-not-exist.so"));
                T.Contains(Get(r, "ERROR"), "System.DllNotFoundException", "MGPOLICY_LIBRARY naming a missing file: DllNotFoundException");
                T.Contains(Get(r, "ERROR"), "MGPOLICY_LIBRARY", "and the message names the variable");

                string empty = Path.Combine(root, "empty");
                Directory.CreateDirectory(empty);
                string lonely = Path.Combine(empty, Path.GetFileName(exe));
                File.Copy(exe, lonely);
                r = Child(lonely, "-", null);
                T.Contains(Get(r, "ERROR"), "System.DllNotFoundException", "no library anywhere: DllNotFoundException");
                T.Contains(Get(r, "ERROR"), Path.Combine(empty, Native), "and the message lists where it looked");

                string fake = Layout(root, "fake", Native, Ctx.FakeAbiLibraryPath);
                r = Child(exe, fake, null);
                T.Contains(Get(r, "ERROR"), "System.NotSupportedException", "a library of another ABI generation is refused");
                T.Contains(Get(r, "ERROR"), "generation 999", "and the message names its generation");

                string junk = Path.Combine(root, "junk", "runtimes", "linux-x64", "native");
                Directory.CreateDirectory(junk);
                File.WriteAllText(Path.Combine(junk, "libmgpolicy.so"), "not a shared object");
                r = Child(exe, Path.Combine(root, "junk"), null);
                T.Contains(Get(r, "ERROR"), "System.DllNotFoundException", "a file that is not a library is refused");
                T.Contains(Get(r, "ERROR"), "Could not load", "with the loader's reason");
            }
            finally
            {
                try { Directory.Delete(root, true); } catch (IOException) { }
            }
        }

        static string Layout(string root, string name, string relative, string source)
        {
            string dir = Path.Combine(root, name);
            string target = Path.Combine(dir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target));
            File.Copy(source, target);
            return dir;
        }

        static string Get(Dictionary<string, string> lines, string key)
        {
            string v;
            return lines.TryGetValue(key, out v) ? v : "<no " + key + " line; output: " + (lines.ContainsKey("") ? lines[""] : "") + ">";
        }

        // Runs this test program in probe mode; MGPOLICY_LIBRARY is removed, or set to libraryVariable.
        static Dictionary<string, string> Child(string exe, string directory, string libraryVariable)
        {
            ProcessStartInfo start = new ProcessStartInfo(Process.GetCurrentProcess().MainModule.FileName,
                "--debug \"" + exe + "\" --child-probe \"" + directory + "\"");
            start.UseShellExecute = false;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.EnvironmentVariables.Remove(MgpLibrary.PathVariable);
            if (libraryVariable != null) start.EnvironmentVariables[MgpLibrary.PathVariable] = libraryVariable;
            Dictionary<string, string> result = new Dictionary<string, string>();
            using (Process child = Process.Start(start))
            {
                string output = child.StandardOutput.ReadToEnd();
                string errors = child.StandardError.ReadToEnd();
                child.WaitForExit();
                result[""] = output + errors;
                foreach (string line in output.Split('\n'))
                {
                    int space = line.IndexOf(' ');
                    if (space <= 0) continue;
                    string key = line.Substring(0, space), value = line.Substring(space + 1).TrimEnd('\r');
                    if (result.ContainsKey(key)) result[key] = result[key] + " | " + value;
                    else result[key] = value;
                }
            }
            return result;
        }
    }
}
