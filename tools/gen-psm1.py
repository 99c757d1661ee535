#!/usr/bin/env python3
"""Generates the Graph cmdlet functions of pwsh/MgPolicy.psm1 from tables.

The functions of every cmdlet in tests/contract/cmdlets.json that is not in
Microsoft.Graph.Authentication (whose functions are written by hand) are made from two
tables: tests/contract/cmdlets.json for the names, parameter sets, parameters, types,
aliases, Mandatory, positions, pipeline binding, ShouldProcess, ConfirmImpact, output type
and module; tools/gen_psm1_help.py for the comment-based help. They are written between the
lines

    # BEGIN GENERATED: tools/gen-psm1.py
    # END GENERATED

of the module; everything outside them is left as it is.

usage: python3 tools/gen-psm1.py [--check] [--psm1 FILE]
  (no option)  rewrite the region of pwsh/MgPolicy.psm1
  --check      change nothing; print a diff and exit 1 when the region is not what the
               tables give
  --psm1 FILE  another copy of the module
Exits 2 when the markers are missing or the tables are incomplete. Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import difflib
import json
import pathlib
import sys
import textwrap

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import gen_psm1_help as HELP  # noqa: E402  (beside this script)

TABLE = REPO / "tests" / "contract" / "cmdlets.json"
PSM1 = REPO / "pwsh" / "MgPolicy.psm1"
BEGIN = "# BEGIN GENERATED: tools/gen-psm1.py"
END = "# END GENERATED"
NOTICE = ("# From tests/contract/cmdlets.json and tools/gen_psm1_help.py: edit those, then run\n"
          "# python3 tools/gen-psm1.py. tests/pwsh/run.sh fails when this region differs.")
HAND_WRITTEN_MODULES = {"Microsoft.Graph.Authentication"}
ALL_SETS = "__AllParameterSets"
WIDTH = 100
HELP_INDENT = "    "

# How the module spells each type the table uses (after its type_substitutions).
TYPE_NAMES = {
    "System.String": "string",
    "System.String[]": "string[]",
    "System.Management.Automation.SwitchParameter": "switch",
    "System.Collections.IDictionary": "System.Collections.IDictionary",
    "System.Collections.Hashtable": "hashtable",
    "System.Object": "object",
    "System.Object[]": "object[]",
    "System.Uri": "uri",
    "System.Management.Automation.PSCredential": "pscredential",
    "System.DateTime": "datetime",
    "System.Int32": "int",
}

# The parameters every Graph cmdlet has, in the order the functions declare them: after the
# key, -InputObject, -BodyParameter and the cmdlet's own parameters (alphabetical).
COMMON = ["ResponseHeadersVariable", "Headers", "Break", "HttpPipelineAppend", "HttpPipelinePrepend",
          "Proxy", "ProxyCredential", "ProxyUseDefaultCredentials"]


class TableError(Exception):
    """The tables do not describe a function completely."""


def api_version(cmdlet: dict) -> str:
    return "beta" if ".Beta." in cmdlet["module"] else "v1.0"


def key_parameters(cmdlet: dict) -> list[dict]:
    """The id parameters: mandatory in some set, and neither the identity nor the body."""
    return [p for p in cmdlet["parameters"]
            if p["name"] not in ("InputObject", "BodyParameter")
            and any(e["mandatory"] for e in p["parameter_sets"].values())]


def ordered_parameters(cmdlet: dict) -> list[dict]:
    keys = {p["name"] for p in key_parameters(cmdlet)}

    def rank(p: dict) -> tuple:
        name = p["name"]
        if name in keys:
            return (0, name.lower())
        if name == "InputObject":
            return (1, "")
        if name == "BodyParameter":
            return (2, "")
        if name in COMMON:
            return (4, COMMON.index(name))
        return (3, name.lower())

    return sorted(cmdlet["parameters"], key=rank)


def fill(cmdlet: dict, text: str) -> str:
    """Replaces the help tokens for this cmdlet and fails on one left over."""
    version = api_version(cmdlet)
    keys = key_parameters(cmdlet)
    tokens = {"{name}": cmdlet["name"], "{Mg}": "MgBeta" if version == "beta" else "Mg", "{api}": version,
              "{id_parameter}": keys[0]["name"] if keys else ""}
    tokens.update(HELP.API_TOKENS[version])
    for token, value in tokens.items():
        text = text.replace(token, value)
    for token in tokens:
        if token in text:
            raise TableError(f"{cmdlet['name']}: {token} left in {text[:60]!r}")
    return text


def wrap(text: str) -> list[str]:
    out: list[str] = []
    for i, paragraph in enumerate(text.split("\n\n")):
        if i:
            out.append("")
        out += textwrap.wrap(paragraph, width=WIDTH, initial_indent=HELP_INDENT, subsequent_indent=HELP_INDENT)
    return out


def help_entry(cmdlet: dict) -> dict:
    version = "MgBeta" if api_version(cmdlet) == "beta" else "Mg"
    for pattern, entry in HELP.CMDLETS.items():
        if pattern.replace("{Mg}", version) == cmdlet["name"]:
            return entry
    raise TableError(f"{cmdlet['name']}: no entry in tools/gen_psm1_help.py CMDLETS")


def comment_help(cmdlet: dict, parameters: list[dict]) -> list[str]:
    entry = help_entry(cmdlet)
    lines = ["    <#", "    .SYNOPSIS", *wrap(fill(cmdlet, entry["synopsis"])), "", "    .DESCRIPTION"]
    lines += wrap(fill(cmdlet, entry["description"]))
    lines.append(f"    Replaces {cmdlet['name']} of {cmdlet['module']}.")
    for p in parameters:
        text = HELP.PARAMETERS.get(p["name"])
        if text is None:
            raise TableError(f"{cmdlet['name']}: no help for -{p['name']} in tools/gen_psm1_help.py PARAMETERS")
        lines += ["", f"    .PARAMETER {p['name']}", *wrap(fill(cmdlet, text))]
    if not entry["examples"]:
        raise TableError(f"{cmdlet['name']}: no example")
    for code, what in entry["examples"]:
        lines += ["", "    .EXAMPLE"]
        lines += [HELP_INDENT + line if line else "" for line in fill(cmdlet, code).split("\n")]
        lines += ["", *wrap(fill(cmdlet, what))]
    lines += ["", "    .OUTPUTS", f"    {cmdlet['output_type']}", "", "    .LINK",
              f"    https://learn.microsoft.com/powershell/module/{cmdlet['module'].lower()}/{cmdlet['name'].lower()}",
              "    #>"]
    return lines


def quoted(values: list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def parameter_block(p: dict, substitutions: dict) -> list[str]:
    lines = []
    for set_name, e in p["parameter_sets"].items():
        args = []
        if set_name != ALL_SETS:
            args.append(f"ParameterSetName = '{set_name}'")
        if e["mandatory"]:
            args.append("Mandatory = $true")
        if e["position"] is not None:
            args.append(f"Position = {e['position']}")
        if e["value_from_pipeline"]:
            args.append("ValueFromPipeline = $true")
        if e["value_from_pipeline_by_property_name"]:
            args.append("ValueFromPipelineByPropertyName = $true")
        lines.append(f"[Parameter({', '.join(args)})]")
    if p["aliases"]:
        lines.append(f"[Alias({quoted(p['aliases'])})]")
    if p.get("validate_set"):
        lines.append(f"[ValidateSet({quoted(p['validate_set'])})]")
    full = substitutions.get(p["type"], {"type": p["type"]})["type"]
    if full not in TYPE_NAMES:
        raise TableError(f"-{p['name']}: no PowerShell spelling for type {full} in TYPE_NAMES")
    lines += [f"[{TYPE_NAMES[full]}]", f"${p['name']}"]
    return ["        " + line for line in lines]


def function(cmdlet: dict, substitutions: dict) -> list[str]:
    parameters = ordered_parameters(cmdlet)
    binding = []
    if cmdlet["default_parameter_set"] != ALL_SETS:
        binding.append(f"DefaultParameterSetName = '{cmdlet['default_parameter_set']}'")
    binding.append("PositionalBinding = $false")
    if cmdlet["supports_should_process"]:
        binding += ["SupportsShouldProcess = $true", f"ConfirmImpact = '{cmdlet['confirm_impact']}'"]
    lines = [f"function {cmdlet['name']} {{", *comment_help(cmdlet, parameters),
             f"    [CmdletBinding({', '.join(binding)})]",
             f"    [OutputType({quoted([cmdlet['output_type']])})]"]
    if cmdlet["command_aliases"]:
        lines.append(f"    [Alias({quoted(cmdlet['command_aliases'])})]")
    lines.append("    param(")
    for i, p in enumerate(parameters):
        if i:
            lines[-1] += ","
            lines.append("")
        lines += parameter_block(p, substitutions)
    lines += ["    )", "", "    begin { Import-MgpCallerPreference $PSCmdlet }", "    process {",
              "        $call = New-MgpCall $PSCmdlet"]
    if cmdlet["supports_should_process"]:
        lines.append("        if ($call -and $PSCmdlet.ShouldProcess($call.Target, $call.Action)) { Invoke-MgpCall $call }")
    else:
        lines.append("        if ($call) { Invoke-MgpCall $call }")
    lines += ["    }", "}"]
    return lines


def generate(table: dict) -> str:
    """The text between the markers (each line ending in a newline)."""
    generated = [c for c in table["cmdlets"] if c["module"] not in HAND_WRITTEN_MODULES]
    names = {c["name"] for c in generated}
    for pattern in HELP.CMDLETS:
        if not any(pattern.replace("{Mg}", mg) in names for mg in ("Mg", "MgBeta")):
            raise TableError(f"tools/gen_psm1_help.py CMDLETS has {pattern}, which is not a generated cmdlet")
    lines = NOTICE.split("\n")
    for cmdlet in generated:
        lines += ["", *function(cmdlet, table["type_substitutions"])]
    return "\n".join(lines) + "\n"


def split(text: str, path: pathlib.Path) -> tuple[str, str, str]:
    """The module's text before the region (through the BEGIN line), the region, and the rest."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    begins = [i for i, line in enumerate(lines) if line.rstrip("\r\n") == BEGIN]
    ends = [i for i, line in enumerate(lines) if line.rstrip("\r\n") == END]
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        raise TableError(f"{path}: needs exactly one line '{BEGIN}' followed by one line '{END}'")
    b, e = begins[0], ends[0]
    return "".join(lines[:b + 1]), "".join(lines[b + 1:e]), "".join(lines[e:])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Generate the Graph cmdlet functions of pwsh/MgPolicy.psm1.")
    parser.add_argument("--check", action="store_true", help="print a diff and exit 1 when the region differs")
    parser.add_argument("--psm1", type=pathlib.Path, default=PSM1, help="the module file (default pwsh/MgPolicy.psm1)")
    args = parser.parse_args(argv)
    try:
        table = json.loads(TABLE.read_text(encoding="utf-8"))
        text = args.psm1.read_text(encoding="utf-8")
        head, region, tail = split(text, args.psm1)
        wanted = generate(table)
    except TableError as e:
        print(f"gen-psm1: {e}", file=sys.stderr)
        return 2
    if region == wanted:
        if args.check:
            print(f"gen-psm1: {args.psm1} is up to date")
        return 0
    if args.check:
        diff = difflib.unified_diff(region.splitlines(keepends=True), wanted.splitlines(keepends=True),
                                    f"{args.psm1} (generated region)", "tools/gen-psm1.py")
        sys.stdout.writelines(diff)
        print(f"gen-psm1: {args.psm1} differs from what tools/gen-psm1.py generates; run python3 tools/gen-psm1.py",
              file=sys.stderr)
        return 1
    with open(args.psm1, "w", encoding="utf-8", newline="") as out:
        out.write(head + wanted + tail)
    print(f"gen-psm1: wrote {args.psm1}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
