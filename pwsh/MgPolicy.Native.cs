// MgPolicy.Native.cs: the C# binding of libmgpolicy, written for C ABI generation 1.
//
// One source file that compiles as C# 5 on .NET Framework 4.x (Windows PowerShell 5.1
// Add-Type), on .NET 8+ (PowerShell 7) and on Mono, and references nothing but mscorlib
// and System.dll. Layers, bottom to top:
//
//   NativeMethods                        raw imports, one per C export (UTF-8 byte[] strings)
//   MgpClientHandle, MgpResponseHandle   SafeHandles whose ReleaseHandle calls the _free export
//   MgpLibrary                           finds the native library next to the module
//                                        (runtimes/<rid>/native/), loads it, checks the ABI
//   MgpClient, MgpResult, MgpException   the facade: one call, plain .NET objects, exceptions
//   MgpJson, MgpArgs                     PowerShell-shaped input to JSON; a small JSON reader
//   MicrosoftGraph* models               results with the Graph PowerShell property names
//
// Strings cross the boundary as NUL-terminated UTF-8 in byte arrays; strings coming back are
// copied into managed buffers with the (buf, len, *out_len) protocol and decoded by hand, so
// managed code never frees memory the library allocated.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace MgPolicy.Native
{
    // ------------------------------------------------------------------------------------------
    // Statuses
    // ------------------------------------------------------------------------------------------

    /// <summary>The library's <c>mgp_status</c> values; the numbers never change.</summary>
    public enum MgpStatus : uint
    {
        Ok = 0,
        InvalidArgument = 1,
        NullArgument = 2,
        InvalidUtf8 = 3,
        InvalidJson = 4,
        BufferTooSmall = 5,
        NotFound = 6,
        Conflict = 7,
        Unauthorized = 8,
        Forbidden = 9,
        Throttled = 10,
        Timeout = 11,
        Transport = 12,
        ServiceError = 13,
        BadRequest = 14,
        PreconditionFailed = 15,
        HttpError = 16,
        InvalidConfig = 17,
        AuthenticationFailed = 18,
        Panic = 19,
    }

    // ------------------------------------------------------------------------------------------
    // Layer 1: raw imports
    // ------------------------------------------------------------------------------------------

    /// <summary>
    /// The C layout of <c>mgp_sync_policy_fields</c>: four string pointers, then three
    /// tri-states (0 unset, 1 false, 2 true).
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct NativeSyncPolicyFields
    {
        public IntPtr DisplayName;
        public IntPtr TenantId;
        public IntPtr ExternalCloudAuthorizedApplicationId;
        public IntPtr AdditionalPropertiesJson;
        public uint UserSyncInbound;
        public uint GroupSyncInbound;
        public uint RoleEnabledGroupSyncInbound;
    }

    /// <summary>
    /// One declaration per export of include/mgpolicy.h. Strings in are NUL-terminated UTF-8
    /// byte arrays (null for NULL); strings out use (buf, len, *out_len). Expanded-set exports
    /// take a pointer to a <see cref="NativeSyncPolicyFields"/> (IntPtr.Zero for NULL).
    /// Call <see cref="MgpLibrary.EnsureLoaded"/> before the first call.
    /// </summary>
    internal static class NativeMethods
    {
        internal const string Library = "mgpolicy";

        // Library-wide functions.
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_last_error_message([Out] byte[] buf, UIntPtr len, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr mgp_status_name(uint status);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr mgp_version();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_abi_version();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_operations_json([Out] byte[] buf, UIntPtr len, out UIntPtr outLen);

        // Client.
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_client_new(byte[] configJson, out MgpClientHandle client);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void mgp_client_free(IntPtr client);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_client_authenticate(MgpClientHandle client);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_operation_invoke(MgpClientHandle client, byte[] cmdlet, byte[] parameterSet, byte[] argsJson, out MgpResponseHandle response);

        // v1.0 partner identity synchronization.
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_identity_sync_get_get(MgpClientHandle client, byte[] partnerTenantId, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_identity_sync_get_get_via_identity(MgpClientHandle client, byte[] identityJson, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_identity_sync_set_set_expanded(MgpClientHandle client, byte[] partnerTenantId, IntPtr fields, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_identity_sync_set_set(MgpClientHandle client, byte[] partnerTenantId, byte[] bodyJson, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_identity_sync_set_set_via_identity_expanded(MgpClientHandle client, byte[] identityJson, IntPtr fields, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_identity_sync_set_set_via_identity(MgpClientHandle client, byte[] identityJson, byte[] bodyJson, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_identity_sync_update_update_expanded(MgpClientHandle client, byte[] partnerTenantId, IntPtr fields, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_identity_sync_update_update(MgpClientHandle client, byte[] partnerTenantId, byte[] bodyJson, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_identity_sync_update_update_via_identity_expanded(MgpClientHandle client, byte[] identityJson, IntPtr fields, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_identity_sync_update_update_via_identity(MgpClientHandle client, byte[] identityJson, byte[] bodyJson, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_identity_sync_remove_delete(MgpClientHandle client, byte[] partnerTenantId, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_identity_sync_remove_delete_via_identity(MgpClientHandle client, byte[] identityJson, byte[] optionsJson, out MgpResponseHandle response);

        // beta partner identity synchronization.
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_identity_sync_get_get(MgpClientHandle client, byte[] partnerTenantId, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_identity_sync_get_get_via_identity(MgpClientHandle client, byte[] identityJson, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_identity_sync_set_set_expanded(MgpClientHandle client, byte[] partnerTenantId, IntPtr fields, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_identity_sync_set_set(MgpClientHandle client, byte[] partnerTenantId, byte[] bodyJson, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_identity_sync_set_set_via_identity_expanded(MgpClientHandle client, byte[] identityJson, IntPtr fields, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_identity_sync_set_set_via_identity(MgpClientHandle client, byte[] identityJson, byte[] bodyJson, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_identity_sync_update_update_expanded(MgpClientHandle client, byte[] partnerTenantId, IntPtr fields, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_identity_sync_update_update(MgpClientHandle client, byte[] partnerTenantId, byte[] bodyJson, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_identity_sync_update_update_via_identity_expanded(MgpClientHandle client, byte[] identityJson, IntPtr fields, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_identity_sync_update_update_via_identity(MgpClientHandle client, byte[] identityJson, byte[] bodyJson, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_identity_sync_remove_delete(MgpClientHandle client, byte[] partnerTenantId, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_identity_sync_remove_delete_via_identity(MgpClientHandle client, byte[] identityJson, byte[] optionsJson, out MgpResponseHandle response);

        // beta soft-deleted policies.
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_deleted_sync_partner_get_list(MgpClientHandle client, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_deleted_sync_partner_get_get(MgpClientHandle client, byte[] partnerTenantId, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_deleted_sync_partner_get_get_via_identity(MgpClientHandle client, byte[] identityJson, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_deleted_sync_partner_restore_restore(MgpClientHandle client, byte[] partnerTenantId, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_deleted_sync_partner_restore_restore_via_identity(MgpClientHandle client, byte[] identityJson, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_deleted_sync_partner_remove_delete(MgpClientHandle client, byte[] partnerTenantId, byte[] optionsJson, out MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_beta_deleted_sync_partner_remove_delete_via_identity(MgpClientHandle client, byte[] identityJson, byte[] optionsJson, out MgpResponseHandle response);

        // Response.
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void mgp_response_free(IntPtr response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_response_status(MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern ushort mgp_response_http_status(MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [return: MarshalAs(UnmanagedType.I1)]
        internal static extern bool mgp_response_was_sent(MgpResponseHandle response);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_response_body_json(MgpResponseHandle response, [Out] byte[] buf, UIntPtr len, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_response_headers_json(MgpResponseHandle response, [Out] byte[] buf, UIntPtr len, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_response_request_json(MgpResponseHandle response, [Out] byte[] buf, UIntPtr len, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_response_error_code(MgpResponseHandle response, [Out] byte[] buf, UIntPtr len, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_response_message(MgpResponseHandle response, [Out] byte[] buf, UIntPtr len, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_response_request_id(MgpResponseHandle response, [Out] byte[] buf, UIntPtr len, out UIntPtr outLen);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mgp_response_to_json(MgpResponseHandle response, [Out] byte[] buf, UIntPtr len, out UIntPtr outLen);
    }

    /// <summary>UTF-8 in both directions, by hand (no Marshal.PtrToStringUTF8 on .NET Framework).</summary>
    internal static class Utf8
    {
        static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        internal delegate uint CopyOut(byte[] buf, UIntPtr len, out UIntPtr outLen);

        /// <summary>A NUL-terminated UTF-8 copy of <paramref name="text"/>; null stays null.</summary>
        internal static byte[] Encode(string text, string argumentName)
        {
            if (text == null) return null;
            if (text.IndexOf('\0') >= 0)
                throw new ArgumentException("The string contains a NUL character, which cannot cross the C ABI.", argumentName);
            try
            {
                byte[] bytes = new byte[Strict.GetByteCount(text) + 1];
                Strict.GetBytes(text, 0, text.Length, bytes, 0);
                return bytes;
            }
            catch (EncoderFallbackException e)
            {
                throw new ArgumentException("The string is not valid Unicode (a lone surrogate): " + e.Message, argumentName);
            }
        }

        internal static string Decode(byte[] bytes, int count)
        {
            return Strict.GetString(bytes, 0, count);
        }

        /// <summary>Reads a static NUL-terminated string the library owns.</summary>
        internal static string FromStatic(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            int n = 0;
            while (Marshal.ReadByte(p, n) != 0) n++;
            byte[] bytes = new byte[n];
            Marshal.Copy(p, bytes, 0, n);
            return Decode(bytes, n);
        }

        /// <summary>
        /// Runs the (buf, len, *out_len) protocol: ask for the length with a NULL buffer, then
        /// copy into a managed buffer one byte longer. Throws on any other status.
        /// </summary>
        internal static string Read(CopyOut copy, string what)
        {
            UIntPtr needed;
            uint status = copy(null, UIntPtr.Zero, out needed);
            for (int attempt = 0; attempt < 4; attempt++)
            {
                if (status != (uint)MgpStatus.BufferTooSmall && status != (uint)MgpStatus.Ok)
                    throw MgpException.FromStatus(status, what + ": " + MgpLibrary.LastErrorMessage(), null);
                ulong n = needed.ToUInt64();
                if (n > int.MaxValue - 1) throw new InvalidOperationException(what + " is too large (" + n + " bytes)");
                byte[] buf = new byte[(int)n + 1];
                status = copy(buf, new UIntPtr((ulong)buf.Length), out needed);
                if (status == (uint)MgpStatus.Ok) return Decode(buf, (int)needed.ToUInt64());
            }
            throw new InvalidOperationException(what + ": the length kept changing between calls");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Layer 2: owned handles
    // ------------------------------------------------------------------------------------------

    /// <summary>An <c>mgp_client*</c>; released with <c>mgp_client_free</c>.</summary>
    internal sealed class MgpClientHandle : SafeHandle
    {
        static long released;

        public MgpClientHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        /// <summary>How many client handles this process has freed.</summary>
        internal static long Released { get { return Interlocked.Read(ref released); } }

        protected override bool ReleaseHandle()
        {
            NativeMethods.mgp_client_free(handle);
            Interlocked.Increment(ref released);
            return true;
        }
    }

    /// <summary>An <c>mgp_response*</c>; released with <c>mgp_response_free</c>.</summary>
    internal sealed class MgpResponseHandle : SafeHandle
    {
        static long released;

        public MgpResponseHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        /// <summary>How many response handles this process has freed.</summary>
        internal static long Released { get { return Interlocked.Read(ref released); } }

        protected override bool ReleaseHandle()
        {
            NativeMethods.mgp_response_free(handle);
            Interlocked.Increment(ref released);
            return true;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Finding and loading the native library
    // ------------------------------------------------------------------------------------------

    /// <summary>
    /// Finds and loads the native library once per process and checks its ABI generation.
    /// Order: the <c>MGPOLICY_LIBRARY</c> environment variable (a full path; nothing else is
    /// tried when it is set); then, under the directory given to <see cref="Initialize"/>, the
    /// directory of this assembly and the application base directory,
    /// <c>runtimes/&lt;rid&gt;/native/&lt;file&gt;</c> and <c>&lt;file&gt;</c>; then the
    /// platform's own search (PATH, LD_LIBRARY_PATH, ...). rid is win-x64, win-x86, win-arm64,
    /// linux-x64, linux-arm64, osx-x64 or osx-arm64; file is mgpolicy.dll, libmgpolicy.so or
    /// libmgpolicy.dylib.
    /// </summary>
    public static class MgpLibrary
    {
        /// <summary>The ABI generation this binding was written for (MGP_ABI_VERSION).</summary>
        public const uint AbiVersion = 1;

        /// <summary>The environment variable holding a full path to the library.</summary>
        public const string PathVariable = "MGPOLICY_LIBRARY";

        static readonly object Gate = new object();
        static bool loaded;
        static string baseDirectory;
        static string loadedPath;
        static IntPtr coreHandle;

        /// <summary>The file the binding loaded, or null when the platform search found it.</summary>
        public static string LoadedPath { get { lock (Gate) return loadedPath; } }

        /// <summary>True once the library is loaded and its ABI checked.</summary>
        public static bool IsLoaded { get { lock (Gate) return loaded; } }

        /// <summary>
        /// Sets the module directory to search (PowerShell passes $PSScriptRoot) and loads the
        /// library. Once a library is loaded, later calls change nothing (a process loads it once).
        /// </summary>
        public static void Initialize(string moduleDirectory)
        {
            lock (Gate)
            {
                if (!string.IsNullOrEmpty(moduleDirectory)) baseDirectory = moduleDirectory;
            }
            EnsureLoaded();
        }

        /// <summary>Loads the library if needed; throws DllNotFoundException or NotSupportedException (ABI).</summary>
        public static void EnsureLoaded()
        {
            lock (Gate)
            {
                if (loaded) return;
                List<string> tried = new List<string>();
                string path = FindLibrary(tried);
                if (path != null) Preload(path);
                uint abi;
                try
                {
                    abi = Native.AbiVersion();
                }
                catch (DllNotFoundException e)
                {
                    throw new DllNotFoundException("The mgpolicy native library was not found. Looked for: " +
                        string.Join(", ", tried.ToArray()) + ", then the system search path. Set " + PathVariable +
                        " to its full path, or place it under runtimes/" + RuntimeIdentifier + "/native/ next to the module. (" + e.Message + ")", e);
                }
                catch (EntryPointNotFoundException e)
                {
                    throw new NotSupportedException("The library " + (path ?? NativeMethods.Library) + " is not libmgpolicy (no mgp_abi_version export).", e);
                }
                CheckAbi(abi, path ?? NativeMethods.Library);
                loadedPath = path;
                loaded = true;
            }
        }

        /// <summary>Throws NotSupportedException unless <paramref name="abi"/> is the generation this binding was written for.</summary>
        public static void CheckAbi(uint abi, string where)
        {
            if (abi != AbiVersion)
                throw new NotSupportedException("The library " + where + " has C ABI generation " + abi +
                    "; this binding was written for generation " + AbiVersion + ". Use a binding and a library from the same release.");
        }

        /// <summary>The runtime identifier of this process, e.g. linux-x64 or win-arm64.</summary>
        public static string RuntimeIdentifier
        {
            get { return OperatingSystemPart() + "-" + ArchitecturePart(); }
        }

        /// <summary>The library's file name on this operating system.</summary>
        public static string LibraryFileName
        {
            get
            {
                string os = OperatingSystemPart();
                if (os == "win") return "mgpolicy.dll";
                if (os == "osx") return "libmgpolicy.dylib";
                return "libmgpolicy.so";
            }
        }

        /// <summary>The library version, e.g. "0.1.0".</summary>
        public static string Version()
        {
            EnsureLoaded();
            return Native.Version();
        }

        /// <summary>The ABI generation the loaded library reports.</summary>
        public static uint NativeAbiVersion()
        {
            EnsureLoaded();
            return Native.AbiVersion();
        }

        /// <summary>The name of a status, e.g. "MGP_STATUS_NOT_FOUND".</summary>
        public static string StatusName(uint status)
        {
            EnsureLoaded();
            return Native.StatusName(status);
        }

        /// <summary>The operations table as JSON text (cmdlet, parameter_set, method, path, ...).</summary>
        public static string OperationsJson()
        {
            EnsureLoaded();
            return Native.OperationsJson();
        }

        /// <summary>The operations table, parsed: an object[] of <see cref="MgpJsonObject"/>.</summary>
        public static object[] Operations()
        {
            return (object[])MgpJson.Parse(OperationsJson());
        }

        /// <summary>This thread's last error message from the library (empty after a success).</summary>
        public static string LastErrorMessage()
        {
            EnsureLoaded();
            return Native.LastErrorMessage();
        }

        // Every call into NativeMethods from a method that also calls EnsureLoaded goes through
        // here: Mono binds a DllImport when it compiles the calling method, so the caller must
        // be compiled after the library is mapped (hence NoInlining).
        static class Native
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            internal static uint AbiVersion() { return NativeMethods.mgp_abi_version(); }

            [MethodImpl(MethodImplOptions.NoInlining)]
            internal static string Version() { return Utf8.FromStatic(NativeMethods.mgp_version()); }

            [MethodImpl(MethodImplOptions.NoInlining)]
            internal static string StatusName(uint status) { return Utf8.FromStatic(NativeMethods.mgp_status_name(status)); }

            [MethodImpl(MethodImplOptions.NoInlining)]
            internal static string OperationsJson() { return Utf8.Read(NativeMethods.mgp_operations_json, "mgp_operations_json"); }

            [MethodImpl(MethodImplOptions.NoInlining)]
            internal static string LastErrorMessage() { return Utf8.Read(NativeMethods.mgp_last_error_message, "mgp_last_error_message"); }
        }

        static string FindLibrary(List<string> tried)
        {
            string fromEnvironment = Environment.GetEnvironmentVariable(PathVariable);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                tried.Add(fromEnvironment);
                if (!File.Exists(fromEnvironment))
                    throw new DllNotFoundException(PathVariable + " is set to '" + fromEnvironment + "', which is not an existing file.");
                return Path.GetFullPath(fromEnvironment);
            }
            List<string> bases = new List<string>();
            if (!string.IsNullOrEmpty(baseDirectory)) bases.Add(baseDirectory);
            try
            {
                string location = typeof(MgpLibrary).Assembly.Location;
                if (!string.IsNullOrEmpty(location)) bases.Add(Path.GetDirectoryName(location));
            }
            catch (NotSupportedException) { }
            string appBase = AppDomain.CurrentDomain.BaseDirectory;
            if (!string.IsNullOrEmpty(appBase)) bases.Add(appBase);
            string rid = RuntimeIdentifier;
            string file = LibraryFileName;
            foreach (string b in bases)
            {
                string[] candidates = {
                    Path.Combine(Path.Combine(Path.Combine(Path.Combine(b, "runtimes"), rid), "native"), file),
                    Path.Combine(b, file),
                };
                foreach (string c in candidates)
                {
                    tried.Add(c);
                    if (File.Exists(c)) return Path.GetFullPath(c);
                }
            }
            return null;
        }

        // Makes DllImport("mgpolicy") resolve to the file at path. Mono: a global dllmap entry.
        // .NET Core / .NET 5+: NativeLibrary.Load plus a DllImportResolver, through reflection
        // so this compiles against .NET Framework. .NET Framework on Windows: LoadLibrary, after
        // which Windows hands the loaded module to DllImport("mgpolicy") by its base name.
        static void Preload(string path)
        {
            if (Type.GetType("Mono.Runtime") != null)
            {
                if (!IsWindows) Posix.Open(path);
                MonoRuntime.mono_dllmap_insert(IntPtr.Zero, Utf8.Encode(NativeMethods.Library, "dll"), IntPtr.Zero, Utf8.Encode(path, "path"), IntPtr.Zero);
                if (IsWindows) LoadWithKernel32(path);
                return;
            }
            Type nativeLibrary = Type.GetType("System.Runtime.InteropServices.NativeLibrary");
            if (nativeLibrary != null)
            {
                MethodInfo load = nativeLibrary.GetMethod("Load", new Type[] { typeof(string) });
                try
                {
                    coreHandle = (IntPtr)load.Invoke(null, new object[] { path });
                }
                catch (TargetInvocationException e)
                {
                    throw new DllNotFoundException("Could not load " + path + ": " + e.InnerException.Message, e.InnerException);
                }
                RegisterResolver(nativeLibrary);
                return;
            }
            if (IsWindows) LoadWithKernel32(path);
            else Posix.Open(path);
        }

        static void RegisterResolver(Type nativeLibrary)
        {
            Type resolverType = Type.GetType("System.Runtime.InteropServices.DllImportResolver");
            MethodInfo set = nativeLibrary.GetMethod("SetDllImportResolver");
            if (resolverType == null || set == null) return;
            MethodInfo target = typeof(MgpLibrary).GetMethod("ResolveDllImport", BindingFlags.NonPublic | BindingFlags.Static);
            Delegate resolver = Delegate.CreateDelegate(resolverType, target);
            try
            {
                set.Invoke(null, new object[] { typeof(MgpLibrary).Assembly, resolver });
            }
            catch (TargetInvocationException e)
            {
                // A resolver is already registered for this assembly (set only once per assembly).
                if (!(e.InnerException is InvalidOperationException)) throw;
            }
        }

        static IntPtr ResolveDllImport(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        {
            return libraryName == NativeMethods.Library ? coreHandle : IntPtr.Zero;
        }

        static void LoadWithKernel32(string path)
        {
            if (Kernel32.LoadLibraryW(path) == IntPtr.Zero)
            {
                int error = Marshal.GetLastWin32Error();
                throw new DllNotFoundException("Could not load " + path + " (Windows error " + error + ").");
            }
        }

        static bool IsWindows
        {
            get
            {
                PlatformID p = Environment.OSVersion.Platform;
                return p == PlatformID.Win32NT || p == PlatformID.Win32Windows || p == PlatformID.Win32S || p == PlatformID.WinCE;
            }
        }

        static string OperatingSystemPart()
        {
            if (IsWindows) return "win";
            if (Environment.OSVersion.Platform == PlatformID.MacOSX) return "osx";
            if (Directory.Exists("/System/Library/CoreServices") && File.Exists("/usr/lib/libSystem.dylib")) return "osx";
            if (File.Exists("/System/Library/CoreServices/SystemVersion.plist")) return "osx";
            return "linux";
        }

        static string ArchitecturePart()
        {
            Type info = Type.GetType("System.Runtime.InteropServices.RuntimeInformation")
                ?? Type.GetType("System.Runtime.InteropServices.RuntimeInformation, System.Runtime.InteropServices.RuntimeInformation");
            if (info != null)
            {
                PropertyInfo p = info.GetProperty("ProcessArchitecture", BindingFlags.Public | BindingFlags.Static);
                if (p != null)
                {
                    string arch = Convert.ToString(p.GetValue(null, null), CultureInfo.InvariantCulture).ToLowerInvariant();
                    if (arch == "x64" || arch == "x86" || arch == "arm64" || arch == "arm") return arch;
                }
            }
            if (IsWindows)
            {
                string env = Environment.GetEnvironmentVariable("PROCESSOR_ARCHITECTURE") ?? "";
                if (env.Equals("ARM64", StringComparison.OrdinalIgnoreCase)) return "arm64";
            }
            return IntPtr.Size == 8 ? "x64" : "x86";
        }

        static class Kernel32
        {
            [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true, ExactSpelling = true)]
            internal static extern IntPtr LoadLibraryW(string path);
        }

        static class MonoRuntime
        {
            // Mono's embedding API, exported by the runtime itself.
            [DllImport("__Internal", CallingConvention = CallingConvention.Cdecl)]
            internal static extern void mono_dllmap_insert(IntPtr assembly, byte[] dll, IntPtr func, byte[] tdll, IntPtr tfunc);
        }

        // dlopen/dlerror from libdl.so.2 (glibc), libdl (other Unix) or libSystem (macOS).
        static class Posix
        {
            const int RtldNow = 2;

            internal static void Open(string path)
            {
                byte[] name = Utf8.Encode(path, "path");
                IntPtr h = IntPtr.Zero;
                string error = null;
                bool tried = false;
                for (int i = 0; i < 3 && !tried; i++)
                {
                    try
                    {
                        if (i == 0) { h = LibDl2.dlopen(name, RtldNow); error = h == IntPtr.Zero ? Utf8.FromStatic(LibDl2.dlerror()) : null; }
                        else if (i == 1) { h = LibDl.dlopen(name, RtldNow); error = h == IntPtr.Zero ? Utf8.FromStatic(LibDl.dlerror()) : null; }
                        else { h = LibSystem.dlopen(name, RtldNow); error = h == IntPtr.Zero ? Utf8.FromStatic(LibSystem.dlerror()) : null; }
                        tried = true;
                    }
                    catch (DllNotFoundException) { }
                    catch (EntryPointNotFoundException) { }
                }
                if (tried && h == IntPtr.Zero)
                    throw new DllNotFoundException("Could not load " + path + ": " + error);
            }

            static class LibDl2
            {
                [DllImport("libdl.so.2", CallingConvention = CallingConvention.Cdecl)]
                internal static extern IntPtr dlopen(byte[] file, int mode);
                [DllImport("libdl.so.2", CallingConvention = CallingConvention.Cdecl)]
                internal static extern IntPtr dlerror();
            }

            static class LibDl
            {
                [DllImport("libdl", CallingConvention = CallingConvention.Cdecl)]
                internal static extern IntPtr dlopen(byte[] file, int mode);
                [DllImport("libdl", CallingConvention = CallingConvention.Cdecl)]
                internal static extern IntPtr dlerror();
            }

            static class LibSystem
            {
                [DllImport("/usr/lib/libSystem.dylib", CallingConvention = CallingConvention.Cdecl)]
                internal static extern IntPtr dlopen(byte[] file, int mode);
                [DllImport("/usr/lib/libSystem.dylib", CallingConvention = CallingConvention.Cdecl)]
                internal static extern IntPtr dlerror();
            }
        }
    }

    /// <summary>
    /// What the PowerShell module keeps once per process rather than once per module instance.
    /// The module's script is loaded as MgPolicy and, in the package's compatibility folders,
    /// once under each of Microsoft's module names (Microsoft.Graph.Authentication,
    /// Microsoft.Graph.Identity.SignIns, Microsoft.Graph.Beta.Identity.SignIns): a
    /// Connect-MgGraph through one must serve the cmdlets of the others, as Microsoft's modules
    /// share one session. Reads and writes of a reference are atomic, so no lock is taken.
    /// </summary>
    public static class MgpSession
    {
        static int instances;

        /// <summary>The connection Connect-MgGraph made (a PowerShell object holding the clients), or null.</summary>
        public static object Connection { get; set; }

        /// <summary>Module instances loaded in this process and not removed yet.</summary>
        public static int Instances { get { return Thread.VolatileRead(ref instances); } }

        /// <summary>Counts a module instance in; returns the new count.</summary>
        public static int AddInstance()
        {
            return Interlocked.Increment(ref instances);
        }

        /// <summary>Counts a module instance out; returns how many remain (never below zero).</summary>
        public static int RemoveInstance()
        {
            while (true)
            {
                int current = Thread.VolatileRead(ref instances);
                if (current <= 0) return 0;
                if (Interlocked.CompareExchange(ref instances, current - 1, current) == current) return current - 1;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Layer 3: the facade
    // ------------------------------------------------------------------------------------------

    /// <summary>The expanded parameters of the *Expanded parameter sets (null: not sent).</summary>
    public sealed class MgpSyncPolicyFields
    {
        public string DisplayName { get; set; }
        public string TenantId { get; set; }
        public string ExternalCloudAuthorizedApplicationId { get; set; }
        /// <summary>-AdditionalProperties as a JSON object text.</summary>
        public string AdditionalPropertiesJson { get; set; }
        public bool? UserSyncInbound { get; set; }
        public bool? GroupSyncInbound { get; set; }
        public bool? RoleEnabledGroupSyncInbound { get; set; }
    }

    /// <summary>
    /// A connection to Microsoft Graph (one <c>mgp_client</c>). Thread-safe; share one per
    /// process. Every operation returns an <see cref="MgpResult"/> on success and throws
    /// <see cref="MgpException"/> otherwise (TryInvoke returns the failed result instead).
    /// </summary>
    public sealed class MgpClient : IDisposable
    {
        readonly MgpClientHandle handle;

        delegate uint Operation(out MgpResponseHandle response);

        /// <summary>Creates a client from the JSON configuration the library documents (sends nothing).</summary>
        public MgpClient(string configJson)
        {
            if (configJson == null) throw new ArgumentNullException("configJson");
            MgpLibrary.EnsureLoaded();
            handle = Create(Utf8.Encode(configJson, "configJson"));
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        static MgpClientHandle Create(byte[] config)
        {
            MgpClientHandle h;
            uint status = NativeMethods.mgp_client_new(config, out h);
            if (status == (uint)MgpStatus.Ok) return h;
            string message = MgpLibrary.LastErrorMessage();
            if (h != null) h.Dispose();
            throw MgpException.FromStatus(status, message, null);
        }

        /// <summary>Creates a client from a configuration given as a Hashtable or object.</summary>
        public static MgpClient FromConfig(object config)
        {
            return new MgpClient(MgpJson.Serialize(config));
        }

        /// <summary>True after Dispose.</summary>
        public bool IsDisposed { get { return handle.IsClosed; } }

        /// <summary>Frees the native client (once no call is using it).</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        internal MgpClientHandle Handle { get { return handle; } }

        /// <summary>
        /// Gets an access token now, as Connect-MgGraph does, so that a wrong secret, certificate
        /// or authority is reported before the first operation. Sends nothing to Graph.
        /// Throws <see cref="MgpException"/> on failure.
        /// </summary>
        public void Authenticate()
        {
            uint status = NativeMethods.mgp_client_authenticate(handle);
            if (status != (uint)MgpStatus.Ok) throw MgpException.FromStatus(status, MgpLibrary.LastErrorMessage(), null);
        }

        /// <summary>
        /// Runs any operation by cmdlet name and parameter set (null or "": the default set) with
        /// <c>args_json</c> as <c>mgp_operation_invoke</c> takes it (see <see cref="MgpArgs.Build"/>;
        /// null or "": no arguments).
        /// Throws <see cref="MgpException"/> unless the status is Ok.
        /// </summary>
        public MgpResult Invoke(string cmdlet, string parameterSet, string argsJson)
        {
            return Checked(TryInvoke(cmdlet, parameterSet, argsJson));
        }

        /// <summary>As <see cref="Invoke"/>, but returns failed results instead of throwing.</summary>
        public MgpResult TryInvoke(string cmdlet, string parameterSet, string argsJson)
        {
            byte[] c = Utf8.Encode(cmdlet, "cmdlet");
            byte[] s = Utf8.Encode(Optional(parameterSet), "parameterSet");
            byte[] a = Utf8.Encode(Optional(argsJson), "argsJson");
            return Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_operation_invoke(handle, c, s, a, out r); });
        }

        // ---- Typed methods, one per C export. partnerTenantId is the partner tenant id (a GUID);
        // identityJson the -InputObject as JSON; bodyJson the -BodyParameter as JSON; fields the
        // expanded parameters (null: none); optionsJson the per-call options (null or "": none).
        // Each throws MgpException unless the status is Ok.

        // ---- v1.0: Get/Set/Update/Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization

        public MgpResult GetIdentitySync(string partnerTenantId, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_identity_sync_get_get(handle, id, o, out r); }));
        }

        public MgpResult GetIdentitySyncViaIdentity(string identityJson, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_identity_sync_get_get_via_identity(handle, i, o, out r); }));
        }

        public MgpResult SetIdentitySyncExpanded(string partnerTenantId, MgpSyncPolicyFields fields, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return WithFields(fields, delegate(IntPtr f) { return Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_identity_sync_set_set_expanded(handle, id, f, o, out r); }); });
        }

        public MgpResult SetIdentitySync(string partnerTenantId, string bodyJson, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), b = Utf8.Encode(bodyJson, "bodyJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_identity_sync_set_set(handle, id, b, o, out r); }));
        }

        public MgpResult SetIdentitySyncViaIdentityExpanded(string identityJson, MgpSyncPolicyFields fields, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return WithFields(fields, delegate(IntPtr f) { return Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_identity_sync_set_set_via_identity_expanded(handle, i, f, o, out r); }); });
        }

        public MgpResult SetIdentitySyncViaIdentity(string identityJson, string bodyJson, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), b = Utf8.Encode(bodyJson, "bodyJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_identity_sync_set_set_via_identity(handle, i, b, o, out r); }));
        }

        public MgpResult UpdateIdentitySyncExpanded(string partnerTenantId, MgpSyncPolicyFields fields, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return WithFields(fields, delegate(IntPtr f) { return Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_identity_sync_update_update_expanded(handle, id, f, o, out r); }); });
        }

        public MgpResult UpdateIdentitySync(string partnerTenantId, string bodyJson, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), b = Utf8.Encode(bodyJson, "bodyJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_identity_sync_update_update(handle, id, b, o, out r); }));
        }

        public MgpResult UpdateIdentitySyncViaIdentityExpanded(string identityJson, MgpSyncPolicyFields fields, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return WithFields(fields, delegate(IntPtr f) { return Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_identity_sync_update_update_via_identity_expanded(handle, i, f, o, out r); }); });
        }

        public MgpResult UpdateIdentitySyncViaIdentity(string identityJson, string bodyJson, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), b = Utf8.Encode(bodyJson, "bodyJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_identity_sync_update_update_via_identity(handle, i, b, o, out r); }));
        }

        public MgpResult RemoveIdentitySync(string partnerTenantId, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_identity_sync_remove_delete(handle, id, o, out r); }));
        }

        public MgpResult RemoveIdentitySyncViaIdentity(string identityJson, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_identity_sync_remove_delete_via_identity(handle, i, o, out r); }));
        }

        // ---- beta: Get/Set/Update/Remove-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization

        public MgpResult GetBetaIdentitySync(string partnerTenantId, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_identity_sync_get_get(handle, id, o, out r); }));
        }

        public MgpResult GetBetaIdentitySyncViaIdentity(string identityJson, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_identity_sync_get_get_via_identity(handle, i, o, out r); }));
        }

        public MgpResult SetBetaIdentitySyncExpanded(string partnerTenantId, MgpSyncPolicyFields fields, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return WithFields(fields, delegate(IntPtr f) { return Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_identity_sync_set_set_expanded(handle, id, f, o, out r); }); });
        }

        public MgpResult SetBetaIdentitySync(string partnerTenantId, string bodyJson, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), b = Utf8.Encode(bodyJson, "bodyJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_identity_sync_set_set(handle, id, b, o, out r); }));
        }

        public MgpResult SetBetaIdentitySyncViaIdentityExpanded(string identityJson, MgpSyncPolicyFields fields, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return WithFields(fields, delegate(IntPtr f) { return Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_identity_sync_set_set_via_identity_expanded(handle, i, f, o, out r); }); });
        }

        public MgpResult SetBetaIdentitySyncViaIdentity(string identityJson, string bodyJson, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), b = Utf8.Encode(bodyJson, "bodyJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_identity_sync_set_set_via_identity(handle, i, b, o, out r); }));
        }

        public MgpResult UpdateBetaIdentitySyncExpanded(string partnerTenantId, MgpSyncPolicyFields fields, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return WithFields(fields, delegate(IntPtr f) { return Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_identity_sync_update_update_expanded(handle, id, f, o, out r); }); });
        }

        public MgpResult UpdateBetaIdentitySync(string partnerTenantId, string bodyJson, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), b = Utf8.Encode(bodyJson, "bodyJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_identity_sync_update_update(handle, id, b, o, out r); }));
        }

        public MgpResult UpdateBetaIdentitySyncViaIdentityExpanded(string identityJson, MgpSyncPolicyFields fields, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return WithFields(fields, delegate(IntPtr f) { return Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_identity_sync_update_update_via_identity_expanded(handle, i, f, o, out r); }); });
        }

        public MgpResult UpdateBetaIdentitySyncViaIdentity(string identityJson, string bodyJson, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), b = Utf8.Encode(bodyJson, "bodyJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_identity_sync_update_update_via_identity(handle, i, b, o, out r); }));
        }

        public MgpResult RemoveBetaIdentitySync(string partnerTenantId, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_identity_sync_remove_delete(handle, id, o, out r); }));
        }

        public MgpResult RemoveBetaIdentitySyncViaIdentity(string identityJson, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_identity_sync_remove_delete_via_identity(handle, i, o, out r); }));
        }

        // ---- beta: Get/Restore/Remove-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner

        public MgpResult ListBetaDeletedSyncPartners(string optionsJson)
        {
            byte[] o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_deleted_sync_partner_get_list(handle, o, out r); }));
        }

        public MgpResult GetBetaDeletedSyncPartner(string partnerTenantId, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_deleted_sync_partner_get_get(handle, id, o, out r); }));
        }

        public MgpResult GetBetaDeletedSyncPartnerViaIdentity(string identityJson, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_deleted_sync_partner_get_get_via_identity(handle, i, o, out r); }));
        }

        public MgpResult RestoreBetaDeletedSyncPartner(string partnerTenantId, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_deleted_sync_partner_restore_restore(handle, id, o, out r); }));
        }

        public MgpResult RestoreBetaDeletedSyncPartnerViaIdentity(string identityJson, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_deleted_sync_partner_restore_restore_via_identity(handle, i, o, out r); }));
        }

        public MgpResult RemoveBetaDeletedSyncPartner(string partnerTenantId, string optionsJson)
        {
            byte[] id = Utf8.Encode(partnerTenantId, "partnerTenantId"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_deleted_sync_partner_remove_delete(handle, id, o, out r); }));
        }

        public MgpResult RemoveBetaDeletedSyncPartnerViaIdentity(string identityJson, string optionsJson)
        {
            byte[] i = Utf8.Encode(identityJson, "identityJson"), o = Utf8.Encode(Optional(optionsJson), "optionsJson");
            return Checked(Call(delegate(out MgpResponseHandle r) { return NativeMethods.mgp_beta_deleted_sync_partner_remove_delete_via_identity(handle, i, o, out r); }));
        }

        // ---- plumbing

        // PowerShell hands "" for $null to a string parameter of a .NET method; an empty
        // optional argument (parameter set, args, options) therefore means "not given".
        static string Optional(string text)
        {
            return string.IsNullOrEmpty(text) ? null : text;
        }

        static MgpResult Checked(MgpResult result)
        {
            if (!result.IsSuccess) throw new MgpException(result);
            return result;
        }

        // Copies the whole response out (mgp_response_to_json) and frees it before returning;
        // a call refused before a response existed becomes a result without a request.
        static MgpResult Call(Operation operation)
        {
            MgpResponseHandle response = null;
            try
            {
                uint status = operation(out response);
                string lastError = status == (uint)MgpStatus.Ok ? "" : MgpLibrary.LastErrorMessage();
                if (response == null || response.IsInvalid)
                {
                    if (status == (uint)MgpStatus.Ok) lastError = "the library returned MGP_STATUS_OK without a response";
                    return MgpResult.Refused(status == (uint)MgpStatus.Ok ? (uint)MgpStatus.Panic : status, lastError);
                }
                MgpResponseHandle r = response;
                string json = Utf8.Read(delegate(byte[] b, UIntPtr l, out UIntPtr n) { return NativeMethods.mgp_response_to_json(r, b, l, out n); }, "mgp_response_to_json");
                return MgpResult.FromJson(json);
            }
            finally
            {
                if (response != null) response.Dispose();
            }
        }

        delegate MgpResult FieldsCall(IntPtr fields);

        // Lays the fields out as mgp_sync_policy_fields in unmanaged memory (NULL when null),
        // runs the call and frees the strings and the struct.
        static MgpResult WithFields(MgpSyncPolicyFields fields, FieldsCall call)
        {
            if (fields == null) return Checked(call(IntPtr.Zero));
            List<IntPtr> allocations = new List<IntPtr>();
            try
            {
                NativeSyncPolicyFields native = new NativeSyncPolicyFields();
                native.DisplayName = Alloc(fields.DisplayName, "DisplayName", allocations);
                native.TenantId = Alloc(fields.TenantId, "TenantId", allocations);
                native.ExternalCloudAuthorizedApplicationId = Alloc(fields.ExternalCloudAuthorizedApplicationId, "ExternalCloudAuthorizedApplicationId", allocations);
                native.AdditionalPropertiesJson = Alloc(fields.AdditionalPropertiesJson, "AdditionalPropertiesJson", allocations);
                native.UserSyncInbound = TriState(fields.UserSyncInbound);
                native.GroupSyncInbound = TriState(fields.GroupSyncInbound);
                native.RoleEnabledGroupSyncInbound = TriState(fields.RoleEnabledGroupSyncInbound);
                IntPtr block = Marshal.AllocHGlobal(Marshal.SizeOf(typeof(NativeSyncPolicyFields)));
                allocations.Add(block);
                Marshal.StructureToPtr(native, block, false);
                return Checked(call(block));
            }
            finally
            {
                foreach (IntPtr p in allocations) Marshal.FreeHGlobal(p);
            }
        }

        static IntPtr Alloc(string text, string name, List<IntPtr> allocations)
        {
            byte[] bytes = Utf8.Encode(text, name);
            if (bytes == null) return IntPtr.Zero;
            IntPtr p = Marshal.AllocHGlobal(bytes.Length);
            allocations.Add(p);
            Marshal.Copy(bytes, 0, p, bytes.Length);
            return p;
        }

        static uint TriState(bool? value)
        {
            if (!value.HasValue) return 0;
            return value.Value ? 2u : 1u;
        }
    }

    /// <summary>The request a call sent, or would send for what-if (Authorization redacted).</summary>
    public sealed class MgpRequest
    {
        public string Method { get; internal set; }
        public string Url { get; internal set; }
        public Dictionary<string, string> Headers { get; internal set; }
        /// <summary>The JSON body parsed (null when there is none).</summary>
        public object Body { get; internal set; }
        /// <summary>The JSON body as compact text (null when there is none).</summary>
        public string BodyJson { get { return Body == null ? null : MgpJson.Serialize(Body); } }

        public override string ToString()
        {
            return Method + " " + Url;
        }
    }

    /// <summary>Everything one call produced, copied out of the native response.</summary>
    public sealed class MgpResult
    {
        public MgpStatus Status { get; private set; }
        public string StatusName { get; private set; }
        public int HttpStatus { get; private set; }
        public bool Sent { get; private set; }
        public bool WhatIf { get; private set; }
        public string Cmdlet { get; private set; }
        public string ParameterSet { get; private set; }
        /// <summary>The answer body, parsed (<see cref="MgpJsonObject"/>, object[], ...); null for 204.</summary>
        public object Body { get; private set; }
        /// <summary>Response headers, names case-insensitive; present on failures too.</summary>
        public Dictionary<string, string[]> Headers { get; private set; }
        /// <summary>The request sent or planned; null when the call was refused before one existed.</summary>
        public MgpRequest Request { get; private set; }
        public string ShouldProcessAction { get; private set; }
        public string ShouldProcessTarget { get; private set; }
        public int Attempts { get; private set; }
        public bool Reconciled { get; private set; }
        /// <summary>A readable account of a failure (empty on success).</summary>
        public string Message { get; private set; }
        /// <summary>Graph's error code, e.g. Directory_ObjectNotFound (empty when none).</summary>
        public string ErrorCode { get; private set; }
        /// <summary>Graph's error message (empty when none).</summary>
        public string ErrorMessage { get; private set; }
        public string RequestId { get; private set; }
        public string ClientRequestId { get; private set; }
        public string ErrorDate { get; private set; }
        /// <summary>The document mgp_response_to_json returned (null for refused calls).</summary>
        public string RawJson { get; private set; }

        public bool IsSuccess { get { return Status == MgpStatus.Ok; } }

        /// <summary>The body as Graph PowerShell model objects: one object, an object[] for lists, null for 204.</summary>
        public object ToOutput()
        {
            if (Body == null) return null;
            MgpJsonObject page = Body as MgpJsonObject;
            if (page != null && page["value"] is object[] && page["tenantId"] == null)
            {
                object[] items = (object[])page["value"];
                object[] models = new object[items.Length];
                for (int i = 0; i < items.Length; i++) models[i] = MgpModels.FromJson(items[i], MgpModels.SyncPolicyPartnerType);
                return models;
            }
            return MgpModels.FromJson(Body, MgpModels.SyncPolicyPartnerType);
        }

        /// <summary>@odata.count of a list answer when count was requested, else null.</summary>
        public long? ODataCount
        {
            get
            {
                MgpJsonObject page = Body as MgpJsonObject;
                if (page == null || page["@odata.count"] == null) return null;
                return Convert.ToInt64(page["@odata.count"], CultureInfo.InvariantCulture);
            }
        }

        /// <summary>@odata.nextLink of a list answer (only without "all"), else null.</summary>
        public string NextLink
        {
            get
            {
                MgpJsonObject page = Body as MgpJsonObject;
                return page == null ? null : page["@odata.nextLink"] as string;
            }
        }

        /// <summary>The exception for this result (also for successes, for symmetry).</summary>
        public MgpException ToException()
        {
            return new MgpException(this);
        }

        internal static MgpResult Refused(uint status, string message)
        {
            MgpResult r = new MgpResult();
            r.Status = (MgpStatus)status;
            r.StatusName = SafeStatusName(status);
            r.Headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            r.Message = message ?? "";
            r.ErrorCode = "";
            r.ErrorMessage = "";
            return r;
        }

        internal static string SafeStatusName(uint status)
        {
            try
            {
                return MgpLibrary.StatusName(status);
            }
            catch (DllNotFoundException)
            {
                return "MGP_STATUS_" + status.ToString(CultureInfo.InvariantCulture);
            }
        }

        /// <summary>Reads the document of mgp_response_to_json.</summary>
        public static MgpResult FromJson(string json)
        {
            MgpJsonObject o = MgpJson.Parse(json) as MgpJsonObject;
            if (o == null) throw new FormatException("A response document must be a JSON object.");
            MgpResult r = new MgpResult();
            r.RawJson = json;
            r.Status = (MgpStatus)Convert.ToUInt32(o["status_code"] ?? 0L, CultureInfo.InvariantCulture);
            r.StatusName = o["status"] as string ?? "";
            r.HttpStatus = Convert.ToInt32(o["http_status"] ?? 0L, CultureInfo.InvariantCulture);
            r.Sent = true.Equals(o["sent"]);
            r.WhatIf = true.Equals(o["what_if"]);
            r.Cmdlet = o["cmdlet"] as string;
            r.ParameterSet = o["parameter_set"] as string;
            r.Body = o["body"];
            r.Attempts = Convert.ToInt32(o["attempts"] ?? 0L, CultureInfo.InvariantCulture);
            r.Reconciled = true.Equals(o["reconciled"]);
            r.Message = o["message"] as string ?? "";
            r.Headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            MgpJsonObject headers = o["headers"] as MgpJsonObject;
            if (headers != null)
            {
                foreach (DictionaryEntry e in headers)
                {
                    object[] values = e.Value as object[] ?? new object[] { e.Value };
                    string[] texts = new string[values.Length];
                    for (int i = 0; i < values.Length; i++) texts[i] = Convert.ToString(values[i], CultureInfo.InvariantCulture);
                    string name = (string)e.Key;
                    string[] existing;
                    if (r.Headers.TryGetValue(name, out existing))
                    {
                        string[] merged = new string[existing.Length + texts.Length];
                        existing.CopyTo(merged, 0);
                        texts.CopyTo(merged, existing.Length);
                        texts = merged;
                    }
                    r.Headers[name] = texts;
                }
            }
            MgpJsonObject request = o["request"] as MgpJsonObject;
            if (request != null)
            {
                MgpRequest q = new MgpRequest();
                q.Method = request["method"] as string;
                q.Url = request["url"] as string;
                q.Body = request["body"];
                q.Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                MgpJsonObject requestHeaders = request["headers"] as MgpJsonObject;
                if (requestHeaders != null)
                    foreach (DictionaryEntry e in requestHeaders)
                        q.Headers[(string)e.Key] = Convert.ToString(e.Value, CultureInfo.InvariantCulture);
                r.Request = q;
            }
            MgpJsonObject error = o["error"] as MgpJsonObject;
            r.ErrorCode = error == null ? "" : error["code"] as string ?? "";
            r.ErrorMessage = error == null ? "" : error["message"] as string ?? "";
            r.ClientRequestId = error == null ? null : error["client_request_id"] as string;
            r.ErrorDate = error == null ? null : error["date"] as string;
            r.RequestId = o["request_id"] as string;
            if (r.RequestId == null && error != null) r.RequestId = error["request_id"] as string;
            MgpJsonObject shouldProcess = o["should_process"] as MgpJsonObject;
            if (shouldProcess != null)
            {
                r.ShouldProcessAction = shouldProcess["action"] as string;
                r.ShouldProcessTarget = shouldProcess["target"] as string;
            }
            return r;
        }
    }

    /// <summary>
    /// A failed call: the library status, the HTTP status, Graph's error code and request-id,
    /// and the response headers (so -ResponseHeadersVariable can be filled on failure too).
    /// The message reads like "Directory_ObjectNotFound: ... (HTTP 404 Not Found, request-id ...)".
    /// </summary>
    public class MgpException : Exception
    {
        readonly MgpStatus status;
        readonly string statusName;
        readonly int httpStatus;
        readonly string graphCode;
        readonly string graphMessage;
        readonly string requestId;
        readonly string clientRequestId;
        readonly Dictionary<string, string[]> headers;
        readonly MgpResult result;

        public MgpException(MgpResult result)
            : base(ComposeMessage(result))
        {
            this.result = result;
            status = result.Status;
            statusName = result.StatusName;
            httpStatus = result.HttpStatus;
            graphCode = result.ErrorCode ?? "";
            graphMessage = result.ErrorMessage ?? "";
            requestId = result.RequestId;
            clientRequestId = result.ClientRequestId;
            headers = result.Headers ?? new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        }

        internal static MgpException FromStatus(uint status, string message, MgpResult result)
        {
            return new MgpException(result ?? MgpResult.Refused(status, message));
        }

        public MgpStatus Status { get { return status; } }
        public string StatusName { get { return statusName; } }
        /// <summary>0 when no HTTP answer arrived (refused, transport failure, timeout).</summary>
        public int HttpStatus { get { return httpStatus; } }
        /// <summary>Graph's error code, e.g. Request_ResourceNotFound (empty when none).</summary>
        public string GraphCode { get { return graphCode; } }
        public string GraphMessage { get { return graphMessage; } }
        public string RequestId { get { return requestId; } }
        public string ClientRequestId { get { return clientRequestId; } }
        /// <summary>Response headers (empty when nothing was answered).</summary>
        public Dictionary<string, string[]> Headers { get { return headers; } }
        /// <summary>The full result, with the request (Request is null for refused calls).</summary>
        public MgpResult Result { get { return result; } }

        /// <summary>The Graph code when there is one, else the status name: the start of a FullyQualifiedErrorId.</summary>
        public string ErrorId
        {
            get { return graphCode.Length > 0 ? graphCode : statusName; }
        }

        /// <summary>The name of the System.Management.Automation.ErrorCategory that fits this failure.</summary>
        public string ErrorCategory
        {
            get
            {
                switch (httpStatus)
                {
                    case 400: case 422: return "InvalidArgument";
                    case 401: return "AuthenticationError";
                    case 403: return "PermissionDenied";
                    case 404: return "ObjectNotFound";
                    case 409: return "ResourceExists";
                    case 412: return "InvalidOperation";
                    case 429: return "LimitsExceeded";
                }
                switch (status)
                {
                    case MgpStatus.InvalidArgument:
                    case MgpStatus.NullArgument:
                    case MgpStatus.InvalidUtf8:
                    case MgpStatus.InvalidJson:
                    case MgpStatus.InvalidConfig:
                        return "InvalidArgument";
                    case MgpStatus.Unauthorized:
                    case MgpStatus.AuthenticationFailed:
                        return "AuthenticationError";
                    case MgpStatus.Timeout: return "OperationTimeout";
                    case MgpStatus.Transport: return "ConnectionError";
                    case MgpStatus.Throttled: return "LimitsExceeded";
                    case MgpStatus.ServiceError: return "InvalidResult";
                    default: return "NotSpecified";
                }
            }
        }

        static string ComposeMessage(MgpResult r)
        {
            if (r == null) return "mgpolicy call failed";
            if (!string.IsNullOrEmpty(r.Message)) return r.Message;
            if (!string.IsNullOrEmpty(r.ErrorCode))
                return r.ErrorCode + ": " + r.ErrorMessage + " (HTTP " + r.HttpStatus.ToString(CultureInfo.InvariantCulture) + ")";
            return r.StatusName ?? ("status " + ((uint)r.Status).ToString(CultureInfo.InvariantCulture));
        }
    }

    // ------------------------------------------------------------------------------------------
    // JSON: PowerShell-shaped values to JSON text, and a small reader
    // ------------------------------------------------------------------------------------------

    /// <summary>An ordered JSON object with case-insensitive names; a missing name reads as null.</summary>
    public sealed class MgpJsonObject : OrderedDictionary
    {
        public MgpJsonObject() : base(StringComparer.OrdinalIgnoreCase) { }

        /// <summary>Indented JSON text of this object.</summary>
        public string ToJsonString()
        {
            return MgpJson.Serialize(this, true);
        }
    }

    /// <summary>
    /// JSON writing and reading. Writing accepts what PowerShell hands over: null, strings,
    /// bool, numbers, DateTime/DateTimeOffset (ISO 8601, UTC), Guid, enums (by name),
    /// IDictionary (Hashtable, ordered, nested), arrays and other IEnumerables, PSObject
    /// (unwrapped; PSCustomObject and any object with a Properties collection of Name/Value
    /// pairs become JSON objects), SwitchParameter, the model classes of this binding, and plain
    /// objects (public properties; null ones omitted; an AdditionalProperties dictionary merged).
    /// Keys are written as given; the library matches them case-insensitively. "True"/"False"
    /// strings stay strings: the library coerces them where a boolean is expected.
    /// </summary>
    public static class MgpJson
    {
        const int MaxDepth = 64;

        /// <summary>Compact JSON text of <paramref name="value"/>.</summary>
        public static string Serialize(object value)
        {
            return Serialize(value, false);
        }

        /// <summary>JSON text of <paramref name="value"/>, indented with two spaces when asked.</summary>
        public static string Serialize(object value, bool indented)
        {
            StringBuilder sb = new StringBuilder();
            new Writer(sb, indented).Write(value, 0);
            return sb.ToString();
        }

        /// <summary>
        /// Parses JSON text: objects become <see cref="MgpJsonObject"/>, arrays object[],
        /// integers long (double when they do not fit), other numbers double, and
        /// true/false/null bool and null. Throws FormatException with the offset on bad input.
        /// </summary>
        public static object Parse(string json)
        {
            if (json == null) throw new ArgumentNullException("json");
            Reader r = new Reader(json);
            r.SkipSpace();
            object value = r.ReadValue(0);
            r.SkipSpace();
            if (!r.AtEnd) r.Fail("unexpected text after the JSON value");
            return value;
        }

        /// <summary>Writes <paramref name="text"/> as a JSON string literal, quotes included.</summary>
        public static string Quote(string text)
        {
            StringBuilder sb = new StringBuilder();
            WriteString(sb, text);
            return sb.ToString();
        }

        internal static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '\u007f')
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else
                            sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }

        /// <summary>The ISO 8601 text Graph takes for a point in time, in UTC ("2024-05-01T10:00:00Z").</summary>
        public static string FormatDate(DateTime value)
        {
            DateTime utc;
            if (value.Kind == DateTimeKind.Local) utc = value.ToUniversalTime();
            else utc = DateTime.SpecifyKind(value, DateTimeKind.Utc);
            return utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        }

        // ---- PowerShell object shapes, recognised by name so no reference to S.M.A is needed

        internal static bool IsType(object value, string fullName)
        {
            for (Type t = value.GetType(); t != null; t = t.BaseType)
                if (t.FullName == fullName) return true;
            return false;
        }

        static object GetProperty(object target, string name)
        {
            PropertyInfo p = target.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (p == null || !p.CanRead || p.GetIndexParameters().Length > 0) return null;
            try
            {
                return p.GetValue(target, null);
            }
            catch (TargetInvocationException e)
            {
                throw new ArgumentException("Reading property '" + name + "' of " + target.GetType().FullName + " failed: " + e.InnerException.Message, e.InnerException);
            }
        }

        /// <summary>
        /// Strips PowerShell's PSObject wrapper: a PSCustomObject stays wrapped (its data is in
        /// the wrapper's Properties), anything else becomes the wrapped object.
        /// </summary>
        internal static object Unwrap(object value)
        {
            for (int i = 0; i < 8 && value != null && IsType(value, "System.Management.Automation.PSObject"); i++)
            {
                object inner = GetProperty(value, "BaseObject");
                if (inner == null || IsType(inner, "System.Management.Automation.PSCustomObject")) return value;
                value = inner;
            }
            return value;
        }

        /// <summary>The Name/Value pairs of a property bag (PSObject or any object with such a Properties collection), or null.</summary>
        internal static List<KeyValuePair<string, object>> PropertyBag(object value)
        {
            if (value is string || value is IDictionary) return null;
            PropertyInfo p = value.GetType().GetProperty("Properties", BindingFlags.Public | BindingFlags.Instance);
            if (p == null || !p.CanRead || p.GetIndexParameters().Length > 0) return null;
            IEnumerable items = GetProperty(value, "Properties") as IEnumerable;
            if (items == null || items is string || items is IDictionary) return null;
            List<KeyValuePair<string, object>> pairs = new List<KeyValuePair<string, object>>();
            foreach (object item in items)
            {
                if (item == null) return null;
                Type t = item.GetType();
                PropertyInfo name = t.GetProperty("Name", BindingFlags.Public | BindingFlags.Instance);
                PropertyInfo val = t.GetProperty("Value", BindingFlags.Public | BindingFlags.Instance);
                if (name == null || val == null) return null;
                string key = GetProperty(item, "Name") as string;
                if (key == null) return null;
                pairs.Add(new KeyValuePair<string, object>(key, GetProperty(item, "Value")));
            }
            return pairs;
        }

        /// <summary>Case-insensitive lookup in any IDictionary, PSObject, property bag or plain object.</summary>
        public static bool TryGetMember(object container, string name, out object value)
        {
            value = null;
            container = Unwrap(container);
            if (container == null) return false;
            IDictionary d = container as IDictionary;
            if (d != null)
            {
                if (d.Contains(name)) { value = d[name]; return true; }
                foreach (DictionaryEntry e in d)
                {
                    if (string.Equals(Convert.ToString(e.Key, CultureInfo.InvariantCulture), name, StringComparison.OrdinalIgnoreCase))
                    {
                        value = e.Value;
                        return true;
                    }
                }
                return false;
            }
            MgpModel model = container as MgpModel;
            if (model != null) return TryGetMember(model.ToJsonObject(), name, out value);
            List<KeyValuePair<string, object>> bag = PropertyBag(container);
            if (bag != null)
            {
                foreach (KeyValuePair<string, object> kv in bag)
                {
                    if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) { value = kv.Value; return true; }
                }
                return false;
            }
            if (container is string || container.GetType().IsPrimitive) return false;
            PropertyInfo p = container.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (p != null && p.CanRead && p.GetIndexParameters().Length == 0)
            {
                value = GetProperty(container, p.Name);
                return true;
            }
            FieldInfo f = container.GetType().GetField(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (f != null) { value = f.GetValue(container); return true; }
            return false;
        }

        sealed class Writer
        {
            readonly StringBuilder sb;
            readonly bool indented;

            internal Writer(StringBuilder sb, bool indented)
            {
                this.sb = sb;
                this.indented = indented;
            }

            void NewLine(int depth)
            {
                if (!indented) return;
                sb.Append('\n');
                sb.Append(' ', depth * 2);
            }

            internal void Write(object value, int depth)
            {
                if (depth > MaxDepth) throw new ArgumentException("The value is nested more than " + MaxDepth + " levels deep (a cycle?).");
                value = Unwrap(value);
                if (value == null || value is DBNull) { sb.Append("null"); return; }
                string s = value as string;
                if (s != null) { WriteString(sb, s); return; }
                if (value is char) { WriteString(sb, value.ToString()); return; }
                if (value is bool) { sb.Append((bool)value ? "true" : "false"); return; }
                if (value is Enum) { WriteString(sb, value.ToString()); return; }
                if (WriteNumber(value)) return;
                if (value is DateTime) { WriteString(sb, FormatDate((DateTime)value)); return; }
                if (value is DateTimeOffset) { WriteString(sb, FormatDate(((DateTimeOffset)value).UtcDateTime)); return; }
                if (value is Guid) { WriteString(sb, ((Guid)value).ToString("D")); return; }
                if (value is Uri) { WriteString(sb, ((Uri)value).OriginalString); return; }
                if (value is TimeSpan) { WriteString(sb, ((TimeSpan)value).ToString("c", CultureInfo.InvariantCulture)); return; }
                byte[] bytes = value as byte[];
                if (bytes != null) { WriteString(sb, Convert.ToBase64String(bytes)); return; }
                if (IsType(value, "System.Management.Automation.SwitchParameter"))
                {
                    sb.Append(true.Equals(GetProperty(value, "IsPresent")) ? "true" : "false");
                    return;
                }
                MgpModel model = value as MgpModel;
                if (model != null) { Write(model.ToJsonObject(), depth); return; }
                IDictionary dictionary = value as IDictionary;
                if (dictionary != null)
                {
                    List<KeyValuePair<string, object>> pairs = new List<KeyValuePair<string, object>>();
                    foreach (DictionaryEntry e in dictionary)
                        pairs.Add(new KeyValuePair<string, object>(Convert.ToString(Unwrap(e.Key), CultureInfo.InvariantCulture), e.Value));
                    WriteObject(pairs, depth);
                    return;
                }
                if (IsType(value, "System.Management.Automation.PSObject"))
                {
                    WriteObject(PropertyBag(value) ?? new List<KeyValuePair<string, object>>(), depth);
                    return;
                }
                IEnumerable sequence = value as IEnumerable;
                if (sequence != null)
                {
                    WriteArray(sequence, depth);
                    return;
                }
                List<KeyValuePair<string, object>> bag = PropertyBag(value);
                if (bag != null) { WriteObject(bag, depth); return; }
                WriteObject(PublicMembers(value), depth);
            }

            bool WriteNumber(object value)
            {
                switch (Type.GetTypeCode(value.GetType()))
                {
                    case TypeCode.SByte:
                    case TypeCode.Byte:
                    case TypeCode.Int16:
                    case TypeCode.UInt16:
                    case TypeCode.Int32:
                    case TypeCode.UInt32:
                    case TypeCode.Int64:
                    case TypeCode.UInt64:
                        sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                        return true;
                    case TypeCode.Single:
                    case TypeCode.Double:
                        double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                        if (double.IsNaN(d) || double.IsInfinity(d)) WriteString(sb, d.ToString(CultureInfo.InvariantCulture));
                        else sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
                        return true;
                    case TypeCode.Decimal:
                        sb.Append(((decimal)value).ToString(CultureInfo.InvariantCulture));
                        return true;
                    default:
                        return false;
                }
            }

            void WriteObject(List<KeyValuePair<string, object>> pairs, int depth)
            {
                sb.Append('{');
                bool first = true;
                foreach (KeyValuePair<string, object> kv in pairs)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    NewLine(depth + 1);
                    WriteString(sb, kv.Key ?? "");
                    sb.Append(indented ? ": " : ":");
                    Write(kv.Value, depth + 1);
                }
                if (!first) NewLine(depth);
                sb.Append('}');
            }

            void WriteArray(IEnumerable items, int depth)
            {
                sb.Append('[');
                bool first = true;
                foreach (object item in items)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    NewLine(depth + 1);
                    Write(item, depth + 1);
                }
                if (!first) NewLine(depth);
                sb.Append(']');
            }

            // Public readable properties and fields of a plain object; null ones are left out
            // (unset, as in the Graph models) and an AdditionalProperties dictionary is merged.
            static List<KeyValuePair<string, object>> PublicMembers(object value)
            {
                List<KeyValuePair<string, object>> pairs = new List<KeyValuePair<string, object>>();
                IDictionary additional = null;
                foreach (PropertyInfo p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (!p.CanRead || p.GetIndexParameters().Length > 0) continue;
                    object v = GetProperty(value, p.Name);
                    if (p.Name == "AdditionalProperties" && v is IDictionary) { additional = (IDictionary)v; continue; }
                    if (v != null) pairs.Add(new KeyValuePair<string, object>(p.Name, v));
                }
                foreach (FieldInfo f in value.GetType().GetFields(BindingFlags.Public | BindingFlags.Instance))
                {
                    object v = f.GetValue(value);
                    if (v != null) pairs.Add(new KeyValuePair<string, object>(f.Name, v));
                }
                if (additional != null)
                    foreach (DictionaryEntry e in additional)
                        pairs.Add(new KeyValuePair<string, object>(Convert.ToString(e.Key, CultureInfo.InvariantCulture), e.Value));
                return pairs;
            }
        }

        sealed class Reader
        {
            readonly string text;
            int pos;

            internal Reader(string text) { this.text = text; }

            internal bool AtEnd { get { return pos >= text.Length; } }

            internal void Fail(string what)
            {
                throw new FormatException("Invalid JSON at offset " + pos + ": " + what);
            }

            internal void SkipSpace()
            {
                while (pos < text.Length && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) pos++;
            }

            internal object ReadValue(int depth)
            {
                if (depth > 512) Fail("nested too deeply");
                if (AtEnd) Fail("unexpected end");
                char c = text[pos];
                if (c == '{') return ReadObject(depth);
                if (c == '[') return ReadArray(depth);
                if (c == '"') return ReadString();
                if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                if (Match("true")) return true;
                if (Match("false")) return false;
                if (Match("null")) return null;
                Fail("unexpected character '" + c + "'");
                return null;
            }

            bool Match(string word)
            {
                if (string.CompareOrdinal(text, pos, word, 0, word.Length) != 0) return false;
                pos += word.Length;
                return true;
            }

            MgpJsonObject ReadObject(int depth)
            {
                MgpJsonObject o = new MgpJsonObject();
                pos++;
                SkipSpace();
                if (!AtEnd && text[pos] == '}') { pos++; return o; }
                while (true)
                {
                    SkipSpace();
                    if (AtEnd || text[pos] != '"') Fail("expected a property name");
                    string key = ReadString();
                    SkipSpace();
                    if (AtEnd || text[pos] != ':') Fail("expected ':'");
                    pos++;
                    SkipSpace();
                    o[key] = ReadValue(depth + 1);
                    SkipSpace();
                    if (AtEnd) Fail("unterminated object");
                    if (text[pos] == ',') { pos++; continue; }
                    if (text[pos] == '}') { pos++; return o; }
                    Fail("expected ',' or '}'");
                }
            }

            object[] ReadArray(int depth)
            {
                List<object> items = new List<object>();
                pos++;
                SkipSpace();
                if (!AtEnd && text[pos] == ']') { pos++; return items.ToArray(); }
                while (true)
                {
                    SkipSpace();
                    items.Add(ReadValue(depth + 1));
                    SkipSpace();
                    if (AtEnd) Fail("unterminated array");
                    if (text[pos] == ',') { pos++; continue; }
                    if (text[pos] == ']') { pos++; return items.ToArray(); }
                    Fail("expected ',' or ']'");
                }
            }

            string ReadString()
            {
                pos++;
                StringBuilder sb = new StringBuilder();
                while (true)
                {
                    if (AtEnd) Fail("unterminated string");
                    char c = text[pos++];
                    if (c == '"') return sb.ToString();
                    if (c < 0x20) { pos--; Fail("control character in a string"); }
                    if (c != '\\') { sb.Append(c); continue; }
                    if (AtEnd) Fail("unterminated escape");
                    char e = text[pos++];
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (pos + 4 > text.Length) Fail("short \\u escape");
                            int code;
                            if (!int.TryParse(text.Substring(pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code))
                                Fail("bad \\u escape");
                            pos += 4;
                            sb.Append((char)code);
                            break;
                        default:
                            pos--;
                            Fail("unknown escape '\\" + e + "'");
                            break;
                    }
                }
            }

            object ReadNumber()
            {
                int start = pos;
                if (text[pos] == '-') pos++;
                if (AtEnd || !char.IsDigit(text[pos])) Fail("expected a digit");
                if (text[pos] == '0') pos++;
                else while (!AtEnd && text[pos] >= '0' && text[pos] <= '9') pos++;
                bool integral = true;
                if (!AtEnd && text[pos] == '.')
                {
                    integral = false;
                    pos++;
                    if (AtEnd || text[pos] < '0' || text[pos] > '9') Fail("expected a digit after '.'");
                    while (!AtEnd && text[pos] >= '0' && text[pos] <= '9') pos++;
                }
                if (!AtEnd && (text[pos] == 'e' || text[pos] == 'E'))
                {
                    integral = false;
                    pos++;
                    if (!AtEnd && (text[pos] == '+' || text[pos] == '-')) pos++;
                    if (AtEnd || text[pos] < '0' || text[pos] > '9') Fail("expected a digit in the exponent");
                    while (!AtEnd && text[pos] >= '0' && text[pos] <= '9') pos++;
                }
                string literal = text.Substring(start, pos - start);
                long l;
                if (integral && long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out l)) return l;
                return double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>
    /// Builds the <c>args_json</c> of <c>mgp_operation_invoke</c> from what a PowerShell
    /// function has: the id, -InputObject, -BodyParameter, the expanded parameters and the
    /// common parameters ($PSBoundParameters). Names are matched case-insensitively.
    /// </summary>
    public static class MgpArgs
    {
        static readonly string[][] FieldNames = {
            new string[] { "DisplayName", "display_name" },
            new string[] { "TenantId", "tenant_id" },
            new string[] { "ExternalCloudAuthorizedApplicationId", "external_cloud_authorized_application_id" },
            new string[] { "AdditionalProperties", "additional_properties" },
        };

        static readonly string[][] FlagNames = {
            new string[] { "UserSyncInbound", "user_sync_inbound" },
            new string[] { "GroupSyncInbound", "group_sync_inbound" },
            new string[] { "RoleEnabledGroupSyncInbound", "role_enabled_group_sync_inbound" },
        };

        /// <summary>
        /// The args JSON: {"id", "identity", "body", "fields", "options"}, each left out when
        /// null or "" (PowerShell passes "" for $null to a string parameter). identity, body,
        /// fields and options may be hashtables, objects or JSON object text.
        /// </summary>
        public static string Build(string id, object identity, object body, object fields, object options)
        {
            MgpJsonObject args = new MgpJsonObject();
            if (!string.IsNullOrEmpty(id)) args["id"] = id;
            Add(args, "identity", identity);
            Add(args, "body", body);
            Add(args, "fields", fields);
            Add(args, "options", options);
            return MgpJson.Serialize(args);
        }

        /// <summary>
        /// The args JSON in the library's PowerShell form: {"parameters": $PSBoundParameters,
        /// "options": {...}}. The library reads the bound parameters by their cmdlet names
        /// (CrossTenantAccessPolicyConfigurationPartnerTenantId, InputObject, BodyParameter,
        /// DisplayName, UserSyncInbound, Headers, Property, All, ...; any letter case) and
        /// ignores host-side ones (WhatIf, ErrorAction, ...). <paramref name="options"/> may add
        /// per-call options such as client_request_id or api_version; what_if is set when asked.
        /// </summary>
        public static string FromParameters(IDictionary boundParameters, IDictionary options, bool whatIf)
        {
            MgpJsonObject args = new MgpJsonObject();
            args["parameters"] = boundParameters ?? new MgpJsonObject();
            MgpJsonObject opts = new MgpJsonObject();
            if (options != null)
                foreach (DictionaryEntry e in options) opts[Convert.ToString(e.Key, CultureInfo.InvariantCulture)] = e.Value;
            if (whatIf) opts["what_if"] = true;
            if (opts.Count > 0) args["options"] = opts;
            return MgpJson.Serialize(args);
        }

        // null and "" are left out; a string given where an object is expected is read as JSON
        // object text, as the Graph PowerShell models' type converters do.
        static void Add(MgpJsonObject args, string name, object value)
        {
            value = MgpJson.Unwrap(value);
            if (value == null) return;
            string text = value as string;
            if (text == null) { args[name] = value; return; }
            string trimmed = text.Trim();
            if (trimmed.Length == 0) return;
            if (!trimmed.StartsWith("{", StringComparison.Ordinal))
                throw new ArgumentException(name + " must be a hashtable, an object or JSON object text.", name);
            args[name] = MgpJson.Parse(trimmed);
        }

        /// <summary>
        /// The "fields" object from the expanded parameters among <paramref name="boundParameters"/>:
        /// DisplayName, TenantId, ExternalCloudAuthorizedApplicationId, AdditionalProperties, and
        /// UserSyncInbound/GroupSyncInbound/RoleEnabledGroupSyncInbound given as @{IsSyncAllowed=...},
        /// an object with IsSyncAllowed, a bool, or "True"/"False". Other keys are ignored.
        /// </summary>
        public static MgpJsonObject ExpandedFields(IDictionary boundParameters)
        {
            MgpJsonObject fields = new MgpJsonObject();
            if (boundParameters == null) return fields;
            object v;
            foreach (string[] pair in FieldNames)
                if (MgpJson.TryGetMember(boundParameters, pair[0], out v)) fields[pair[1]] = v;
            foreach (string[] pair in FlagNames)
                if (MgpJson.TryGetMember(boundParameters, pair[0], out v)) fields[pair[1]] = SyncFlag(v, pair[0]);
            return fields;
        }

        /// <summary>The IsSyncAllowed value inside a -UserSyncInbound-style argument.</summary>
        public static object SyncFlag(object value, string parameterName)
        {
            value = MgpJson.Unwrap(value);
            if (value == null || value is bool || value is string) return value;
            if (MgpJson.IsType(value, "System.Management.Automation.SwitchParameter"))
                return MgpJson.Serialize(value) == "true";
            MicrosoftGraphCrossTenantGroupSyncInbound group = value as MicrosoftGraphCrossTenantGroupSyncInbound;
            if (group != null) return group.IsSyncAllowed;
            MicrosoftGraphCrossTenantUserSyncInbound user = value as MicrosoftGraphCrossTenantUserSyncInbound;
            if (user != null) return user.IsSyncAllowed;
            object inner;
            if (MgpJson.TryGetMember(value, "IsSyncAllowed", out inner))
            {
                inner = MgpJson.Unwrap(inner);
                if (inner == null || inner is bool || inner is string) return inner;
                if (MgpJson.IsType(inner, "System.Management.Automation.SwitchParameter")) return MgpJson.Serialize(inner) == "true";
                throw new ArgumentException(parameterName + ".IsSyncAllowed must be $true, $false, 'True', 'False' or $null.", parameterName);
            }
            IDictionary d = value as IDictionary;
            if (d != null && d.Count == 0) return null;
            throw new ArgumentException(parameterName + " must be @{IsSyncAllowed = $true|$false} or an object with IsSyncAllowed.", parameterName);
        }

        /// <summary>
        /// The "options" object from the common parameters among <paramref name="boundParameters"/>:
        /// Headers, IfMatch, Property (select), ExpandProperty (expand), Filter, Search, Top, Skip,
        /// Sort (orderby), PageSize, All, CountVariable (count), plus what_if when
        /// <paramref name="whatIf"/> is true. Null values are left out.
        /// </summary>
        public static MgpJsonObject Options(IDictionary boundParameters, bool whatIf)
        {
            string[][] names = {
                new string[] { "Headers", "headers" },
                new string[] { "IfMatch", "if_match" },
                new string[] { "Property", "select" },
                new string[] { "ExpandProperty", "expand" },
                new string[] { "Filter", "filter" },
                new string[] { "Search", "search" },
                new string[] { "Top", "top" },
                new string[] { "Skip", "skip" },
                new string[] { "Sort", "orderby" },
                new string[] { "PageSize", "page_size" },
                new string[] { "All", "all" },
            };
            MgpJsonObject options = new MgpJsonObject();
            object v;
            if (boundParameters != null)
            {
                foreach (string[] pair in names)
                {
                    if (!MgpJson.TryGetMember(boundParameters, pair[0], out v)) continue;
                    v = MgpJson.Unwrap(v);
                    if (v == null) continue;
                    if (MgpJson.IsType(v, "System.Management.Automation.SwitchParameter")) v = MgpJson.Serialize(v) == "true";
                    options[pair[1]] = v;
                }
                if (MgpJson.TryGetMember(boundParameters, "CountVariable", out v) && v != null) options["count"] = true;
            }
            if (whatIf) options["what_if"] = true;
            return options;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Result objects with the Graph PowerShell model names
    // ------------------------------------------------------------------------------------------

    /// <summary>Base of the Graph model results: unknown JSON members and ToJsonString().</summary>
    public abstract class MgpModel
    {
        IDictionary<string, object> additionalProperties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Members the model has no property for, e.g. '@odata.context'.</summary>
        public IDictionary<string, object> AdditionalProperties
        {
            get { return additionalProperties; }
            set { additionalProperties = value ?? new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase); }
        }

        /// <summary>The Graph JSON of this object (camelCase names; null members left out), indented.</summary>
        public string ToJsonString()
        {
            return MgpJson.Serialize(ToJsonObject(), true);
        }

        /// <summary>The Graph JSON of this object as an ordered object.</summary>
        public MgpJsonObject ToJsonObject()
        {
            MgpJsonObject o = new MgpJsonObject();
            foreach (KeyValuePair<string, object> kv in additionalProperties)
                if (kv.Key.StartsWith("@", StringComparison.Ordinal)) o[kv.Key] = kv.Value;
            WriteKnown(o);
            foreach (KeyValuePair<string, object> kv in additionalProperties)
                if (!o.Contains(kv.Key)) o[kv.Key] = kv.Value;
            return o;
        }

        /// <summary>Adds the model's own non-null properties, camelCase, in Graph's order.</summary>
        protected abstract void WriteKnown(MgpJsonObject o);

        /// <summary>Takes one JSON member; false when it is not one of the model's properties.</summary>
        protected abstract bool ReadKnown(string name, object value);

        internal void Load(MgpJsonObject o)
        {
            foreach (DictionaryEntry e in o)
            {
                string name = (string)e.Key;
                if (!ReadKnown(name, e.Value)) additionalProperties[name] = e.Value;
            }
        }

        internal static string AsString(object v)
        {
            return v == null ? null : v as string ?? Convert.ToString(v, CultureInfo.InvariantCulture);
        }

        internal static bool? AsBool(object v)
        {
            if (v == null) return null;
            if (v is bool) return (bool)v;
            string s = v as string;
            if (s != null && s.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
            if (s != null && s.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
            return null;
        }

        internal static DateTime? AsDate(object v)
        {
            string s = v as string;
            DateTime d;
            if (s != null && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out d)) return d;
            return null;
        }
    }

    /// <summary>crossTenantUserSyncInbound: { isSyncAllowed }.</summary>
    public class MicrosoftGraphCrossTenantUserSyncInbound : MgpModel
    {
        public bool? IsSyncAllowed { get; set; }

        protected override void WriteKnown(MgpJsonObject o)
        {
            if (IsSyncAllowed.HasValue) o["isSyncAllowed"] = IsSyncAllowed.Value;
        }

        protected override bool ReadKnown(string name, object value)
        {
            if (!name.Equals("isSyncAllowed", StringComparison.OrdinalIgnoreCase)) return false;
            IsSyncAllowed = AsBool(value);
            return true;
        }
    }

    /// <summary>crossTenantGroupSyncInbound (beta): { isSyncAllowed }; also the type of roleEnabledGroupSyncInbound.</summary>
    public class MicrosoftGraphCrossTenantGroupSyncInbound : MgpModel
    {
        public bool? IsSyncAllowed { get; set; }

        protected override void WriteKnown(MgpJsonObject o)
        {
            if (IsSyncAllowed.HasValue) o["isSyncAllowed"] = IsSyncAllowed.Value;
        }

        protected override bool ReadKnown(string name, object value)
        {
            if (!name.Equals("isSyncAllowed", StringComparison.OrdinalIgnoreCase)) return false;
            IsSyncAllowed = AsBool(value);
            return true;
        }
    }

    /// <summary>crossTenantIdentitySyncPolicyPartner: the partner identity synchronization policy.</summary>
    public class MicrosoftGraphCrossTenantIdentitySyncPolicyPartner : MgpModel
    {
        public string TenantId { get; set; }
        public string DisplayName { get; set; }
        public MicrosoftGraphCrossTenantUserSyncInbound UserSyncInbound { get; set; }
        public MicrosoftGraphCrossTenantGroupSyncInbound GroupSyncInbound { get; set; }
        public MicrosoftGraphCrossTenantGroupSyncInbound RoleEnabledGroupSyncInbound { get; set; }
        public string ExternalCloudAuthorizedApplicationId { get; set; }
        public DateTime? DeletedDateTime { get; set; }

        /// <summary>Reads the Graph JSON of a policy.</summary>
        public static MicrosoftGraphCrossTenantIdentitySyncPolicyPartner FromJsonString(string json)
        {
            MgpJsonObject o = MgpJson.Parse(json) as MgpJsonObject;
            if (o == null) throw new FormatException("A crossTenantIdentitySyncPolicyPartner must be a JSON object.");
            MicrosoftGraphCrossTenantIdentitySyncPolicyPartner p = new MicrosoftGraphCrossTenantIdentitySyncPolicyPartner();
            p.Load(o);
            return p;
        }

        protected override void WriteKnown(MgpJsonObject o)
        {
            if (TenantId != null) o["tenantId"] = TenantId;
            if (DisplayName != null) o["displayName"] = DisplayName;
            if (UserSyncInbound != null) o["userSyncInbound"] = UserSyncInbound.ToJsonObject();
            if (GroupSyncInbound != null) o["groupSyncInbound"] = GroupSyncInbound.ToJsonObject();
            if (RoleEnabledGroupSyncInbound != null) o["roleEnabledGroupSyncInbound"] = RoleEnabledGroupSyncInbound.ToJsonObject();
            if (ExternalCloudAuthorizedApplicationId != null) o["externalCloudAuthorizedApplicationId"] = ExternalCloudAuthorizedApplicationId;
            if (DeletedDateTime.HasValue) o["deletedDateTime"] = MgpJson.FormatDate(DeletedDateTime.Value);
        }

        protected override bool ReadKnown(string name, object value)
        {
            switch (name.ToLowerInvariant())
            {
                case "tenantid": TenantId = AsString(value); return true;
                case "displayname": DisplayName = AsString(value); return true;
                case "externalcloudauthorizedapplicationid": ExternalCloudAuthorizedApplicationId = AsString(value); return true;
                case "usersyncinbound":
                    if (value != null && !(value is MgpJsonObject)) return false;
                    UserSyncInbound = value == null ? null : MgpModels.Load(new MicrosoftGraphCrossTenantUserSyncInbound(), (MgpJsonObject)value);
                    return true;
                case "groupsyncinbound":
                    if (value != null && !(value is MgpJsonObject)) return false;
                    GroupSyncInbound = value == null ? null : MgpModels.Load(new MicrosoftGraphCrossTenantGroupSyncInbound(), (MgpJsonObject)value);
                    return true;
                case "roleenabledgroupsyncinbound":
                    if (value != null && !(value is MgpJsonObject)) return false;
                    RoleEnabledGroupSyncInbound = value == null ? null : MgpModels.Load(new MicrosoftGraphCrossTenantGroupSyncInbound(), (MgpJsonObject)value);
                    return true;
                case "deleteddatetime":
                    if (value == null) { DeletedDateTime = null; return true; }
                    DateTime? d = AsDate(value);
                    if (!d.HasValue) return false;
                    DeletedDateTime = d;
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// Exports RSA private keys in a PEM form the library's <c>client_certificate</c> credential
    /// reads (<c>private_key_pem</c>). Windows PowerShell 5.1 needs it: on .NET Framework a
    /// CryptoAPI key (<c>RSACryptoServiceProvider</c>) has no <c>ExportPkcs8PrivateKey</c>, but an
    /// exportable one gives its parameters, which this class encodes as PKCS#1.
    /// </summary>
    public static class MgpCertificates
    {
        const string NotExportable = "The RSA key is not exportable: its private parameters cannot be read.";

        /// <summary>
        /// The private key as PKCS#1 PEM (<c>-----BEGIN RSA PRIVATE KEY-----</c>, base64 in lines
        /// of 64 characters, <c>\n</c> line endings, a final newline). Throws
        /// ArgumentNullException for null and ArgumentException when the key has no exportable
        /// private parameters; messages never contain key material. The key is not changed.
        /// </summary>
        public static string RsaPrivateKeyPem(System.Security.Cryptography.RSA rsa)
        {
            if (rsa == null) throw new ArgumentNullException("rsa");
            System.Security.Cryptography.RSAParameters p;
            try
            {
                p = rsa.ExportParameters(true);
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw new ArgumentException(NotExportable, e);
            }
            byte[] der = null;
            try
            {
                if (p.D == null) throw new ArgumentException(NotExportable);
                if (p.Modulus == null || p.Exponent == null || p.P == null || p.Q == null || p.DP == null || p.DQ == null || p.InverseQ == null)
                    throw new ArgumentException("The RSA key is not exportable in PKCS#1 form: some of its parameters are missing.");
                der = RsaPrivateKeyDer(p);
                return Pem("RSA PRIVATE KEY", der);
            }
            finally
            {
                foreach (byte[] secret in new byte[][] { p.D, p.P, p.Q, p.DP, p.DQ, p.InverseQ, der })
                    if (secret != null) Array.Clear(secret, 0, secret.Length);
            }
        }

        /// <summary>
        /// The DER of PKCS#1 <c>RSAPrivateKey</c>: SEQUENCE { INTEGER 0, n, e, d, p, q, dP, dQ, qInv },
        /// each parameter an unsigned big-endian magnitude (leading zero bytes allowed).
        /// </summary>
        internal static byte[] RsaPrivateKeyDer(System.Security.Cryptography.RSAParameters p)
        {
            byte[][] values = { new byte[0], p.Modulus, p.Exponent, p.D, p.P, p.Q, p.DP, p.DQ, p.InverseQ };
            int content = 0;
            foreach (byte[] v in values) content += IntegerSize(v);
            byte[] der = new byte[1 + LengthSize(content) + content];
            int at = 0;
            der[at++] = 0x30;
            at = WriteLength(der, at, content);
            foreach (byte[] v in values) at = WriteInteger(der, at, v);
            return der;
        }

        /// <summary>The DER INTEGER (tag, length, contents) of an unsigned big-endian magnitude.</summary>
        internal static byte[] DerInteger(byte[] magnitude)
        {
            byte[] der = new byte[IntegerSize(magnitude)];
            WriteInteger(der, 0, magnitude);
            return der;
        }

        /// <summary>A DER length: short form below 128, else 0x80 + the count of big-endian bytes.</summary>
        internal static byte[] DerLength(int length)
        {
            byte[] der = new byte[LengthSize(length)];
            WriteLength(der, 0, length);
            return der;
        }

        /// <summary>PEM text: base64 in lines of 64 characters, <c>\n</c> line endings, a final newline.</summary>
        internal static string Pem(string label, byte[] der)
        {
            string body = Convert.ToBase64String(der);
            StringBuilder pem = new StringBuilder(body.Length + body.Length / 64 + 2 * label.Length + 40);
            pem.Append("-----BEGIN ").Append(label).Append("-----\n");
            for (int i = 0; i < body.Length; i += 64) pem.Append(body, i, Math.Min(64, body.Length - i)).Append('\n');
            pem.Append("-----END ").Append(label).Append("-----\n");
            return pem.ToString();
        }

        // The first significant byte of a magnitude (its length when it is all zeros).
        static int FirstSignificant(byte[] magnitude)
        {
            int i = 0;
            while (i < magnitude.Length && magnitude[i] == 0) i++;
            return i;
        }

        // Contents length of the INTEGER: at least one byte, one more when the high bit is set.
        static int IntegerContentSize(byte[] magnitude)
        {
            int first = FirstSignificant(magnitude);
            if (first == magnitude.Length) return 1;
            return magnitude.Length - first + ((magnitude[first] & 0x80) != 0 ? 1 : 0);
        }

        static int IntegerSize(byte[] magnitude)
        {
            int content = IntegerContentSize(magnitude);
            return 1 + LengthSize(content) + content;
        }

        static int LengthSize(int length)
        {
            if (length < 0) throw new ArgumentOutOfRangeException("length");
            if (length < 0x80) return 1;
            int bytes = 0;
            for (int rest = length; rest != 0; rest >>= 8) bytes++;
            return 1 + bytes;
        }

        static int WriteLength(byte[] der, int at, int length)
        {
            int size = LengthSize(length);
            if (size == 1)
            {
                der[at] = (byte)length;
                return at + 1;
            }
            der[at] = (byte)(0x80 | (size - 1));
            for (int i = size - 1; i >= 1; i--, length >>= 8) der[at + i] = (byte)length;
            return at + size;
        }

        static int WriteInteger(byte[] der, int at, byte[] magnitude)
        {
            int first = FirstSignificant(magnitude);
            der[at++] = 0x02;
            at = WriteLength(der, at, IntegerContentSize(magnitude));
            if (first == magnitude.Length)
            {
                der[at] = 0;
                return at + 1;
            }
            if ((magnitude[first] & 0x80) != 0) der[at++] = 0;
            int count = magnitude.Length - first;
            Buffer.BlockCopy(magnitude, first, der, at, count);
            return at + count;
        }
    }

    /// <summary>Turns parsed JSON into model objects, with a generic fallback.</summary>
    public static class MgpModels
    {
        /// <summary>The Graph type of the policies these operations return.</summary>
        public const string SyncPolicyPartnerType = "#microsoft.graph.crossTenantIdentitySyncPolicyPartner";

        internal static T Load<T>(T model, MgpJsonObject o) where T : MgpModel
        {
            model.Load(o);
            return model;
        }

        /// <summary>
        /// A model object for a JSON object of a known Graph type (from its @odata.type, else
        /// <paramref name="expectedType"/>); arrays element by element; anything else, and
        /// objects of unknown types, as parsed (<see cref="MgpJsonObject"/>, object[], ...).
        /// </summary>
        public static object FromJson(object json, string expectedType)
        {
            object[] array = json as object[];
            if (array != null)
            {
                object[] items = new object[array.Length];
                for (int i = 0; i < array.Length; i++) items[i] = FromJson(array[i], expectedType);
                return items;
            }
            MgpJsonObject o = json as MgpJsonObject;
            if (o == null) return json;
            string type = o["@odata.type"] as string ?? expectedType ?? "";
            switch (type.TrimStart('#').ToLowerInvariant())
            {
                case "microsoft.graph.crosstenantidentitysyncpolicypartner":
                    return Load(new MicrosoftGraphCrossTenantIdentitySyncPolicyPartner(), o);
                case "microsoft.graph.crosstenantusersyncinbound":
                    return Load(new MicrosoftGraphCrossTenantUserSyncInbound(), o);
                case "microsoft.graph.crosstenantgroupsyncinbound":
                    return Load(new MicrosoftGraphCrossTenantGroupSyncInbound(), o);
                default:
                    return o;
            }
        }
    }
}
