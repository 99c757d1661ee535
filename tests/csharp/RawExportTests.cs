// The raw imports on their own: every response getter agrees with mgp_response_to_json,
// the (buf, len, *out_len) protocol behaves as the header says, and NULL is a status.
using System;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    internal static class RawExportTests
    {
        internal static void Run()
        {
            T.Group("raw exports: response getters");
            string p = Ctx.NewPartner();
            Ctx.Emulator.SeedPolicy(p, "Raw", true);
            Case("200", p, null);
            Case("404", Ctx.NewPartner(), null);
            Case("what-if", p, "{\"what_if\":true}");

            MgpResponseHandle none = new MgpResponseHandle();
            T.Equal((uint)MgpStatus.NullArgument, NativeMethods.mgp_response_status(none), "mgp_response_status(NULL) is NULL_ARGUMENT");
            T.Equal((ushort)0, NativeMethods.mgp_response_http_status(none), "mgp_response_http_status(NULL) is 0");
            T.Equal(false, NativeMethods.mgp_response_was_sent(none), "mgp_response_was_sent(NULL) is false");
            UIntPtr n;
            T.Equal((uint)MgpStatus.NullArgument, NativeMethods.mgp_response_to_json(none, null, UIntPtr.Zero, out n), "mgp_response_to_json(NULL) is NULL_ARGUMENT");
            MgpClientHandle noClient = new MgpClientHandle();
            MgpResponseHandle r;
            uint status = NativeMethods.mgp_identity_sync_get_get(noClient, Utf8.Encode(p, "p"), null, out r);
            T.Equal((uint)MgpStatus.NullArgument, status, "an export with a NULL client is NULL_ARGUMENT");
            T.Check(r.IsInvalid, "and writes no response");
            T.Contains(MgpLibrary.LastErrorMessage(), "client", "the last error names the NULL argument");
        }

        static void Case(string name, string partner, string options)
        {
            MgpResponseHandle h;
            uint status = NativeMethods.mgp_identity_sync_get_get(Ctx.Client.Handle, Utf8.Encode(partner, "partner"), Utf8.Encode(options, "options"), out h);
            using (h)
            {
                T.Check(!h.IsInvalid, name + ": the export wrote a response");
                string whole = Read(h, NativeMethods.mgp_response_to_json);
                MgpJsonObject doc = (MgpJsonObject)MgpJson.Parse(whole);
                MgpResult all = MgpResult.FromJson(whole);
                T.Equal(status, NativeMethods.mgp_response_status(h), name + ": mgp_response_status equals the export's status");
                T.Equal((uint)all.Status, status, name + ": status_code in the document");
                T.Equal(all.HttpStatus, (int)NativeMethods.mgp_response_http_status(h), name + ": mgp_response_http_status");
                T.Equal(all.Sent, NativeMethods.mgp_response_was_sent(h), name + ": mgp_response_was_sent");
                T.Equal(MgpJson.Serialize(doc["body"]), MgpJson.Serialize(MgpJson.Parse(Read(h, NativeMethods.mgp_response_body_json))), name + ": mgp_response_body_json");
                T.Equal(MgpJson.Serialize(doc["headers"]), MgpJson.Serialize(MgpJson.Parse(Read(h, NativeMethods.mgp_response_headers_json))), name + ": mgp_response_headers_json");
                T.Equal(MgpJson.Serialize(doc["request"]), MgpJson.Serialize(MgpJson.Parse(Read(h, NativeMethods.mgp_response_request_json))), name + ": mgp_response_request_json");
                T.Equal(all.ErrorCode, Read(h, NativeMethods.mgp_response_error_code), name + ": mgp_response_error_code");
                T.Equal(all.Message, Read(h, NativeMethods.mgp_response_message), name + ": mgp_response_message");
                T.Equal(all.RequestId ?? "", Read(h, NativeMethods.mgp_response_request_id), name + ": mgp_response_request_id");

                UIntPtr needed;
                T.Equal((uint)MgpStatus.BufferTooSmall, NativeMethods.mgp_response_to_json(h, null, UIntPtr.Zero, out needed), name + ": a NULL buffer asks for the length");
                int length = (int)needed.ToUInt64();
                T.Equal(System.Text.Encoding.UTF8.GetByteCount(whole), length, name + ": *out_len is the UTF-8 length without the NUL");
                byte[] exact = new byte[length];
                T.Equal((uint)MgpStatus.BufferTooSmall, NativeMethods.mgp_response_to_json(h, exact, new UIntPtr((ulong)length), out needed), name + ": len == *out_len is too small (no room for the NUL)");
                byte[] enough = new byte[length + 1];
                T.Equal((uint)MgpStatus.Ok, NativeMethods.mgp_response_to_json(h, enough, new UIntPtr((ulong)enough.Length), out needed), name + ": len == *out_len + 1 is enough");
                T.Check(enough[length] == 0, name + ": the copy is NUL-terminated");
            }
        }

        delegate uint Getter(MgpResponseHandle h, byte[] buf, UIntPtr len, out UIntPtr outLen);

        static string Read(MgpResponseHandle h, Getter getter)
        {
            return Utf8.Read(delegate(byte[] b, UIntPtr l, out UIntPtr n) { return getter(h, b, l, out n); }, "getter");
        }
    }
}
