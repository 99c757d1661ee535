// A tiny test harness: named checks counted as passed or failed, one line each.
using System;
using System.Collections.Generic;

namespace MgPolicy.Tests
{
    internal static class T
    {
        internal static int Passed;
        internal static int Failed;
        internal static readonly List<string> Failures = new List<string>();
        static string group = "";

        internal static void Group(string name)
        {
            group = name;
            Console.WriteLine();
            Console.WriteLine("== " + name);
        }

        internal static bool Check(bool condition, string name, string detail)
        {
            if (condition)
            {
                Passed++;
                Console.WriteLine("ok   " + name);
            }
            else
            {
                Failed++;
                Failures.Add(group + ": " + name + (detail == null ? "" : " (" + detail + ")"));
                Console.WriteLine("FAIL " + name + (detail == null ? "" : ": " + detail));
            }
            return condition;
        }

        internal static bool Check(bool condition, string name)
        {
            return Check(condition, name, null);
        }

        internal static bool Equal(object expected, object actual, string name)
        {
            bool same = expected == null ? actual == null : expected.Equals(actual);
            return Check(same, name, "expected <" + Show(expected) + ">, got <" + Show(actual) + ">");
        }

        internal static bool Contains(string haystack, string needle, string name)
        {
            return Check(haystack != null && haystack.IndexOf(needle, StringComparison.Ordinal) >= 0, name,
                "<" + Show(haystack) + "> does not contain <" + needle + ">");
        }

        /// <summary>Runs <paramref name="action"/> and checks that it throws <typeparamref name="TException"/>; returns it.</summary>
        internal static TException Throws<TException>(Action action, string name) where TException : Exception
        {
            try
            {
                action();
            }
            catch (TException e)
            {
                Check(true, name);
                return e;
            }
            catch (Exception e)
            {
                Check(false, name, "threw " + e.GetType().Name + ": " + e.Message);
                return null;
            }
            Check(false, name, "nothing was thrown");
            return null;
        }

        /// <summary>Runs a block of checks; an unexpected exception counts as one failure.</summary>
        internal static void Run(string name, Action body)
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                Check(false, name + " ran to the end", e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace);
            }
        }

        static string Show(object o)
        {
            if (o == null) return "null";
            string s = o.ToString();
            return s.Length > 400 ? s.Substring(0, 400) + "..." : s;
        }
    }
}
