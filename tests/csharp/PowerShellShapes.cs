// Stand-ins with the shape of PowerShell's own types, which Mono does not have: PSObject
// (BaseObject plus a Properties collection of Name/Value members), PSCustomObject and
// SwitchParameter. The binding recognises them by type name and reads them by reflection,
// exactly as it reads the real ones inside PowerShell.
using System.Collections.Generic;

namespace System.Management.Automation
{
    public sealed class PSCustomObject { }

    public sealed class PSNoteProperty
    {
        public PSNoteProperty(string name, object value) { Name = name; Value = value; }
        public string Name { get; private set; }
        public object Value { get; set; }
        public bool IsGettable { get { return true; } }
    }

    public class PSObject
    {
        readonly List<PSNoteProperty> properties = new List<PSNoteProperty>();

        public PSObject(object baseObject) { BaseObject = baseObject; }

        public object BaseObject { get; private set; }
        public object ImmediateBaseObject { get { return BaseObject; } }
        public List<PSNoteProperty> Properties { get { return properties; } }

        /// <summary>[pscustomobject]@{ name = value; ... }</summary>
        public static PSObject Custom(params object[] nameValues)
        {
            PSObject o = new PSObject(new PSCustomObject());
            for (int i = 0; i + 1 < nameValues.Length; i += 2) o.properties.Add(new PSNoteProperty((string)nameValues[i], nameValues[i + 1]));
            return o;
        }
    }

    /// <summary>Shaped like ActionPreference: an enum PowerShell puts in $PSBoundParameters for -ErrorAction.</summary>
    public enum ActionPreferenceStandIn { SilentlyContinue = 0, Stop = 1, Continue = 2 }

    public struct SwitchParameter
    {
        readonly bool present;
        public SwitchParameter(bool isPresent) { present = isPresent; }
        public bool IsPresent { get { return present; } }
    }
}
