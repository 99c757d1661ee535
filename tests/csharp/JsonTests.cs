// The binding's JSON writer and reader on their own.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using MgPolicy.Native;

namespace MgPolicy.Tests
{
    internal static class JsonTests
    {
        enum Color { Red, Green }

        static IEnumerable<int> Numbers()
        {
            yield return 1;
            yield return 2;
        }

        internal static void Run()
        {
            T.Group("JSON writer");
            T.Equal("null", MgpJson.Serialize(null), "null");
            T.Equal("true", MgpJson.Serialize(true), "true");
            T.Equal("false", MgpJson.Serialize(false), "false");
            T.Equal("42", MgpJson.Serialize(42), "int");
            T.Equal("-9007199254740993", MgpJson.Serialize(-9007199254740993L), "long keeps every digit");
            T.Equal("18446744073709551615", MgpJson.Serialize(ulong.MaxValue), "ulong");
            T.Equal("255", MgpJson.Serialize((byte)255), "byte");
            T.Equal("3.5", MgpJson.Serialize(3.5), "double");
            T.Equal("0.1", MgpJson.Serialize(0.1), "double 0.1 round-trips");
            T.Equal("1.25", MgpJson.Serialize(1.25f), "float");
            T.Equal("1.10", MgpJson.Serialize(1.10m), "decimal keeps its scale");
            T.Equal("\"NaN\"", MgpJson.Serialize(double.NaN), "NaN becomes a string, as ConvertTo-Json writes it");
            T.Equal("\"x\"", MgpJson.Serialize('x'), "char");
            T.Equal("\"Green\"", MgpJson.Serialize(Color.Green), "enum by name");
            T.Equal("\"0f8fad5b-d9cb-469f-a165-70867728950e\"", MgpJson.Serialize(new Guid("0f8fad5b-d9cb-469f-a165-70867728950e")), "Guid");
            T.Equal("\"True\"", MgpJson.Serialize("True"), "the string True stays a string");
            T.Equal("\"a\\\"b\\\\c/d\"", MgpJson.Serialize("a\"b\\c/d"), "quote and backslash escaped, slash not");
            T.Equal("\"\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f\"", MgpJson.Serialize("\n\r\t\b\f\u0001\u001f\u007f"), "control characters escaped");
            T.Equal("\"\\u2028\\u2029\"", MgpJson.Serialize("\u2028\u2029"), "line and paragraph separators escaped");
            T.Equal("\"Ünïcødé 😀 日本\"", MgpJson.Serialize("Ünïcødé 😀 日本"), "non-ASCII text written as is");
            T.Equal("\"2024-05-01T10:00:00Z\"", MgpJson.Serialize(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc)), "UTC DateTime");
            T.Equal("\"2024-05-01T10:00:00.123Z\"", MgpJson.Serialize(new DateTime(2024, 5, 1, 10, 0, 0, 123, DateTimeKind.Utc)), "DateTime with milliseconds");
            T.Equal("\"2024-05-01T10:00:00Z\"", MgpJson.Serialize(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Unspecified)), "unspecified DateTime read as UTC");
            DateTime local = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Local);
            T.Equal(MgpJson.Quote(local.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture)), MgpJson.Serialize(local), "local DateTime converted to UTC");
            T.Equal("\"2024-05-01T08:00:00Z\"", MgpJson.Serialize(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(2))), "DateTimeOffset converted to UTC");
            T.Equal("[1,2,3]", MgpJson.Serialize(new int[] { 1, 2, 3 }), "int[]");
            T.Equal("[\"a\",null,true]", MgpJson.Serialize(new ArrayList { "a", null, true }), "ArrayList");
            T.Equal("[1,2]", MgpJson.Serialize(Numbers()), "an iterator becomes an array");
            T.Equal("[]", MgpJson.Serialize(new object[0]), "empty array");
            T.Equal("{}", MgpJson.Serialize(new Hashtable()), "empty Hashtable");
            OrderedDictionary ordered = new OrderedDictionary();
            ordered["b"] = 1;
            ordered["a"] = new OrderedDictionary { { "x", new string[] { "p", "q" } } };
            T.Equal("{\"b\":1,\"a\":{\"x\":[\"p\",\"q\"]}}", MgpJson.Serialize(ordered), "ordered dictionary keeps its order, nested");
            T.Equal("{\n  \"b\": 1,\n  \"a\": {\n    \"x\": [\n      \"p\",\n      \"q\"\n    ]\n  }\n}", MgpJson.Serialize(ordered, true), "indented output");
            Dictionary<int, string> intKeys = new Dictionary<int, string>();
            intKeys[7] = "seven";
            T.Equal("{\"7\":\"seven\"}", MgpJson.Serialize(intKeys), "dictionary keys written as strings");
            Hashtable cycle = new Hashtable();
            cycle["self"] = cycle;
            T.Throws<ArgumentException>(delegate { MgpJson.Serialize(cycle); }, "a cycle is refused, not followed forever");

            T.Group("JSON reader");
            MgpJsonObject o = MgpJson.Parse(" {\"tenantId\" : \"t\", \"n\": -12, \"big\": 12345678901234567890, \"f\": 1.5e2, \"z\": -0, \"one\": 1.0," +
                " \"t\": true, \"no\": false, \"nil\": null, \"arr\": [1, \"two\", [], {}], \"esc\": \"\\u00e9\\ud83d\\ude00\\/\\\"\\n\" } ") as MgpJsonObject;
            if (!T.Check(o != null, "an object parses to MgpJsonObject")) return;
            T.Equal("t", o["TENANTID"], "names are case-insensitive");
            T.Equal(null, o["missing"], "a missing name reads as null");
            T.Equal(-12L, o["n"], "integers are long");
            T.Equal(12345678901234567890d, o["big"], "integers beyond long are double");
            T.Equal(150d, o["f"], "exponent");
            T.Equal(0L, o["z"], "-0");
            T.Equal(1d, o["one"], "1.0 is a double");
            T.Equal(true, o["t"], "true");
            T.Equal(false, o["no"], "false");
            T.Check(o.Contains("nil") && o["nil"] == null, "null is kept as a present member");
            object[] arr = o["arr"] as object[];
            T.Check(arr != null && arr.Length == 4 && 1L.Equals(arr[0]) && "two".Equals(arr[1]) && arr[2] is object[] && arr[3] is MgpJsonObject, "arrays are object[] with nested values");
            T.Equal("é😀/\"\n", o["esc"], "escapes, including a surrogate pair");
            List<string> keys = new List<string>();
            foreach (DictionaryEntry e in o) keys.Add((string)e.Key);
            T.Equal("tenantId,n,big,f,z,one,t,no,nil,arr,esc", string.Join(",", keys.ToArray()), "member order is kept");
            MgpJsonObject dup = (MgpJsonObject)MgpJson.Parse("{\"a\":1,\"A\":2}");
            T.Check(dup.Count == 1 && 2L.Equals(dup["a"]), "names differing only in case: the last wins");
            string[] bad = { "", "{", "{\"a\":1,}", "[1,]", "tru", "\"abc", "{\"a\" 1}", "01", "1.", "-", "\"\\x\"", "\"a\u0001\"", "[1] 2", "{a:1}" };
            foreach (string b in bad)
                T.Throws<FormatException>(delegate { MgpJson.Parse(b); }, "invalid JSON refused: " + b.Replace("\u0001", "\\u0001"));
            string nested = "{\"a\":[{\"b\":{\"c\":[1,2.5,\"x\",null,true]}}],\"d\":\"é\"}";
            T.Equal(nested, MgpJson.Serialize(MgpJson.Parse(nested)), "parse then serialize gives the same text");
        }
    }
}
