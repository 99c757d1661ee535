"""The PowerShell module against Microsoft's cmdlets, read from the syntax tree.

tests/contract/cmdlets.json records Microsoft's cmdlets (names, parameter
sets, default set, every parameter's type, aliases, Mandatory, Position and
pipeline binding, SupportsShouldProcess/ConfirmImpact). These tests read
pwsh/MgPolicy.psm1 and pwsh/MgPolicy.psd1 with tree-sitter-powershell and
fail on any difference, printing every one of them. They also parse every
PowerShell file of the repository and check the table against the library's
own operations table (mgp_operations_json), so the three cannot drift apart.
"""

from __future__ import annotations

import ctypes
import json
import os
import pathlib
from typing import Any

import pytest

import pwsh_ast
from pwsh_ast import ALL_SETS

REPO = pathlib.Path(__file__).resolve().parents[2]
PSM1 = REPO / "pwsh" / "MgPolicy.psm1"
PSD1 = REPO / "pwsh" / "MgPolicy.psd1"
TABLE = json.loads((pathlib.Path(__file__).parent / "cmdlets.json").read_text(encoding="utf-8"))
CMDLETS = {c["name"]: c for c in TABLE["cmdlets"]}
SKIP_DIRS = {".git", "target", ".venv", "node_modules", "dist", "__pycache__", ".pytest_cache"}


def powershell_files() -> list[pathlib.Path]:
    out = []
    for root, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        out += [pathlib.Path(root) / f for f in files if pathlib.Path(f).suffix.lower() in (".ps1", ".psm1", ".psd1")]
    return sorted(out)


@pytest.fixture(scope="module")
def module_tree():
    assert PSM1.is_file(), f"{PSM1} is missing"
    return pwsh_ast.parse(PSM1)


@pytest.fixture(scope="module")
def module_functions(module_tree) -> dict[str, pwsh_ast.Function]:
    found: dict[str, pwsh_ast.Function] = {}
    for f in pwsh_ast.functions(module_tree):
        assert f.name not in found, f"{f.name} is defined twice (lines {found[f.name].line} and {f.line})"
        found[f.name] = f
    return found


@pytest.fixture(scope="module")
def exports(module_tree) -> dict[str, list[str]]:
    return pwsh_ast.exported_members(module_tree)


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    assert PSD1.is_file(), f"{PSD1} is missing"
    return pwsh_ast.manifest(PSD1)


def as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


# ---- syntax ------------------------------------------------------------------------------


def test_every_powershell_file_parses_without_errors():
    files = powershell_files()
    assert PSM1 in files and PSD1 in files, "the module's own files must be among those checked"
    report = []
    for path in files:
        for node in pwsh_ast.syntax_problems(pwsh_ast.parse(path))[:5]:
            row, col = node.start_point
            kind = "missing " + node.type if node.is_missing else "syntax error"
            report.append(f"{path.relative_to(REPO)}:{row + 1}:{col + 1}: {kind}: {pwsh_ast.text(node)[:60]!r}")
    assert not report, "\n".join(report)


# ---- the table itself --------------------------------------------------------------------


def test_the_table_is_consistent():
    problems = []
    substitutions = TABLE["type_substitutions"]
    for c in TABLE["cmdlets"]:
        sets = set(c["parameter_sets"])
        if c["default_parameter_set"] not in sets:
            problems.append(f"{c['name']}: default set {c['default_parameter_set']} is not among {sorted(sets)}")
        if c["supports_should_process"] != (c["confirm_impact"] is not None):
            problems.append(f"{c['name']}: ConfirmImpact without SupportsShouldProcess or the reverse")
        names: dict[str, str] = {}
        positions: dict[tuple[str, int], str] = {}
        for p in c["parameters"]:
            for n in [p["name"], *p["aliases"]]:
                if n.lower() in names:
                    problems.append(f"{c['name']}: name {n} used by -{names[n.lower()]} and -{p['name']}")
                names[n.lower()] = p["name"]
            if not (p["type"].startswith("System.") or p["type"] in substitutions):
                problems.append(f"{c['name']}: -{p['name']} has type {p['type']} with no substitution")
            if p["type"] in substitutions and substitutions[p["type"]]["type"] == "System.String" \
                    and "validate_set" not in p:
                problems.append(f"{c['name']}: -{p['name']}: an enum replaced by a string needs validate_set")
            for set_name, entry in p["parameter_sets"].items():
                if set_name != ALL_SETS and set_name not in sets:
                    problems.append(f"{c['name']}: -{p['name']} names unknown set {set_name}")
                if entry["position"] is not None:
                    for s in (sets if set_name == ALL_SETS else {set_name}):
                        key = (s, entry["position"])
                        if key in positions:
                            problems.append(f"{c['name']}: position {entry['position']} of set {s} taken by "
                                            f"-{positions[key]} and -{p['name']}")
                        positions[key] = p["name"]
        if not c["sources"]:
            problems.append(f"{c['name']}: no source recorded")
    assert not problems, "\n".join(problems)


# ---- the module against the table --------------------------------------------------------


def describe(entry: dict[str, Any]) -> str:
    flags = []
    flags.append("Mandatory" if entry["mandatory"] else "optional")
    flags.append("Named" if entry["position"] is None else f"Position={entry['position']}")
    if entry["value_from_pipeline"]:
        flags.append("ValueFromPipeline")
    if entry["value_from_pipeline_by_property_name"]:
        flags.append("ValueFromPipelineByPropertyName")
    return ", ".join(flags)


def differences(c: dict[str, Any], f: pwsh_ast.Function) -> list[str]:
    out: list[str] = []
    if f.cmdlet_binding is None:
        return [f"{f.name} is not an advanced function (no [CmdletBinding()])"]

    default = f.binding("DefaultParameterSetName", ALL_SETS)
    if default != c["default_parameter_set"]:
        out.append(f"default parameter set: module {default!r}, Microsoft {c['default_parameter_set']!r}")
    if f.binding("PositionalBinding", True) is not False:
        out.append("PositionalBinding must be $false: Microsoft's cmdlets have no implicit positions")
    should_process = bool(f.binding("SupportsShouldProcess", False))
    if should_process != c["supports_should_process"]:
        out.append(f"SupportsShouldProcess: module {should_process}, Microsoft {c['supports_should_process']}")
    impact = f.binding("ConfirmImpact")
    if impact != c["confirm_impact"]:
        out.append(f"ConfirmImpact: module {impact!r}, Microsoft {c['confirm_impact']!r}")
    if f.output_types != [c["output_type"]]:
        out.append(f"OutputType: module {f.output_types}, Microsoft [{c['output_type']!r}]")
    if sorted(f.aliases) != sorted(c["command_aliases"]):
        out.append(f"command aliases: module {sorted(f.aliases)}, Microsoft {sorted(c['command_aliases'])}")

    module_sets = {s for p in f.parameters for s in p.parameter_sets if s != ALL_SETS}
    if default != ALL_SETS:
        module_sets.add(default)
    if not module_sets:
        module_sets = {ALL_SETS}
    if module_sets != set(c["parameter_sets"]):
        out.append(f"parameter sets: module {sorted(module_sets)}, Microsoft {sorted(c['parameter_sets'])}")

    declared = {p.name: p for p in f.parameters}
    expected = {p["name"]: p for p in c["parameters"]}
    for name in sorted(set(expected) - set(declared), key=str.lower):
        out.append(f"-{name}: missing from the module")
    for name in sorted(set(declared) - set(expected), key=str.lower):
        out.append(f"-{name}: not a parameter of Microsoft's cmdlet")
    substitutions = TABLE["type_substitutions"]
    for name in sorted(set(declared) & set(expected), key=str.lower):
        m, e = declared[name], expected[name]
        want_type = substitutions.get(e["type"], {"type": e["type"]})["type"]
        if m.type.lower() != want_type.lower():
            note = f" (for Microsoft's {e['type']})" if want_type != e["type"] else ""
            out.append(f"-{name}: type module {m.type}, expected {want_type}{note}")
        if sorted(m.aliases) != sorted(e["aliases"]):
            out.append(f"-{name}: aliases module {sorted(m.aliases)}, Microsoft {sorted(e['aliases'])}")
        if m.validate_set != e.get("validate_set"):
            out.append(f"-{name}: ValidateSet module {m.validate_set}, expected {e.get('validate_set')}")
        module_entries = {s: v.as_dict() for s, v in m.parameter_sets.items()}
        for set_name in sorted(set(e["parameter_sets"]) | set(module_entries)):
            mine, theirs = module_entries.get(set_name), e["parameter_sets"].get(set_name)
            if mine is None:
                out.append(f"-{name}: not in parameter set {set_name} (Microsoft: {describe(theirs)})")
            elif theirs is None:
                out.append(f"-{name}: in parameter set {set_name}, which Microsoft's -{name} is not")
            elif mine != theirs:
                out.append(f"-{name} in set {set_name}: module {describe(mine)}; Microsoft {describe(theirs)}")
    return out


@pytest.mark.parametrize("name", list(CMDLETS))
def test_function_matches_microsoft_cmdlet(name, module_functions):
    assert name in module_functions, f"{PSM1.name} has no function {name}"
    diff = differences(CMDLETS[name], module_functions[name])
    assert not diff, f"{name} differs from Microsoft's cmdlet:\n  " + "\n  ".join(diff)


def test_exports_are_exactly_microsofts_cmdlets(module_functions, exports, manifest):
    wanted = sorted(CMDLETS)
    exported = sorted(exports.get("function", []))
    assert exported == wanted, (
        f"Export-ModuleMember -Function: extra {sorted(set(exported) - set(wanted))}, "
        f"missing {sorted(set(wanted) - set(exported))}")
    undefined = [n for n in exported if n not in module_functions]
    assert not undefined, f"exported but not defined: {undefined}"
    in_manifest = sorted(as_list(manifest.get("FunctionsToExport")))
    assert in_manifest == exported, (
        f"FunctionsToExport in {PSD1.name}: extra {sorted(set(in_manifest) - set(exported))}, "
        f"missing {sorted(set(exported) - set(in_manifest))}")
    aliases = sorted(a for c in TABLE["cmdlets"] for a in c["command_aliases"])
    assert sorted(exports.get("alias", [])) == aliases
    assert sorted(as_list(manifest.get("AliasesToExport"))) == aliases
    assert as_list(manifest.get("CmdletsToExport")) == [] and as_list(manifest.get("VariablesToExport")) == []
    private = [n for n in module_functions if n not in CMDLETS]
    clash = [n for n in private if "-Mg" in n and "-Mgp" not in n]
    assert not clash, f"private functions must not look like Graph cmdlets (use an Mgp noun): {clash}"


def test_manifest_loads_the_module_for_both_editions(manifest):
    assert manifest.get("RootModule") == "MgPolicy.psm1"
    assert sorted(as_list(manifest.get("CompatiblePSEditions"))) == ["Core", "Desktop"]
    assert manifest.get("PowerShellVersion") == "5.1"
    assert (REPO / "pwsh" / manifest["RootModule"]).is_file()


# ---- PowerShell's prefix matching ----------------------------------------------------------


def name_groups(names: list[tuple[str, list[str]]]) -> dict[str, str]:
    """name or alias (lower case) -> the parameter it denotes."""
    out: dict[str, str] = {}
    for parameter, aliases in names:
        for n in [parameter, *aliases]:
            out[n.lower()] = parameter
    return out


def resolve(prefix: str, groups: dict[str, str]) -> set[str]:
    """The parameters PowerShell's binder would match for -<prefix>: an exact name or alias
    wins; otherwise every parameter with a name or alias starting with the prefix."""
    if prefix in groups:
        return {groups[prefix]}
    return {p for n, p in groups.items() if n.startswith(prefix)}


def ambiguous_prefixes(c: dict[str, Any], f: pwsh_ast.Function) -> list[str]:
    """Prefixes that select one parameter of Microsoft's cmdlet but not the same one here."""
    common = list(TABLE["common_parameters"].items())
    if c["supports_should_process"]:
        common += list(TABLE["should_process_parameters"].items())
    microsoft = name_groups([(p["name"], p["aliases"]) for p in c["parameters"]] + common)
    module = name_groups([(p.name, p.aliases) for p in f.parameters] + common)
    declared = {p.name for p in f.parameters}
    broken = []
    for p in c["parameters"]:
        if p["name"] not in declared:
            continue  # reported as missing by test_function_matches_microsoft_cmdlet
        for n in [p["name"], *p["aliases"]]:
            for i in range(1, len(n) + 1):
                prefix = n[:i].lower()
                if resolve(prefix, microsoft) != {p["name"]}:
                    continue  # not a unique prefix with Microsoft's cmdlet either
                got = resolve(prefix, module)
                if got != {p["name"]}:
                    broken.append(f"-{n[:i]} selects -{p['name']} with Microsoft's cmdlet but {sorted(got)} here")
                    break
    return broken


@pytest.mark.parametrize("name", list(CMDLETS))
def test_no_name_makes_a_microsoft_prefix_ambiguous(name, module_functions):
    f = module_functions.get(name)
    assert f is not None, f"{PSM1.name} has no function {name}"
    broken = ambiguous_prefixes(CMDLETS[name], f)
    assert not broken, "\n".join(broken)


def test_an_added_alias_that_shadows_a_prefix_is_reported(tmp_path):
    source = tmp_path / "Prefix.psm1"
    source.write_text("""
function Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner {
    [CmdletBinding()]
    param(
        [Alias('Fil')] [string] $Search,
        [string] $Filter,
        [Alias('Expand')] [string[]] $ExpandProperty
    )
}
""", encoding="utf-8")
    f = pwsh_ast.functions(pwsh_ast.parse(source))[0]
    broken = "\n".join(ambiguous_prefixes(CMDLETS[f.name], f))
    assert "-F selects -Filter with Microsoft's cmdlet but ['Filter', 'Search'] here" in broken, broken
    assert "-Exp" not in broken, broken


# ---- help --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CMDLETS))
def test_function_has_help_with_an_example(name, module_functions):
    f = module_functions.get(name)
    assert f is not None, f"{PSM1.name} has no function {name}"
    help_text = f.help
    assert ".SYNOPSIS" in help_text, f"{name}: no comment-based help with .SYNOPSIS"
    examples = help_text.split(".EXAMPLE")[1:]
    assert examples, f"{name}: no .EXAMPLE in its help"
    for example in examples:
        body = example.split("\n.")[0]
        assert name in body or any(a in body for a in CMDLETS[name]["command_aliases"]), \
            f"{name}: an example that does not call it:\n{body}"
    for p in CMDLETS[name]["parameters"]:
        assert f".PARAMETER {p['name']}" in help_text, f"{name}: no .PARAMETER {p['name']} in its help"


# ---- the table against the library's operations table ----------------------------------------


def library_path() -> pathlib.Path:
    candidates = [os.environ.get("MGPOLICY_LIBRARY", "")]
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    candidates += [str(target / "debug" / "libmgpolicy.so"), str(target / "release" / "libmgpolicy.so")]
    for c in candidates:
        if c and pathlib.Path(c).is_file():
            return pathlib.Path(c)
    pytest.fail("libmgpolicy.so not found: build it with `cargo build -p mgpolicy` or set MGPOLICY_LIBRARY")


def operations_table() -> list[dict[str, Any]]:
    lib = ctypes.CDLL(str(library_path()))
    lib.mgp_operations_json.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
    lib.mgp_operations_json.restype = ctypes.c_uint32
    needed = ctypes.c_size_t(0)
    lib.mgp_operations_json(None, 0, ctypes.byref(needed))
    buf = ctypes.create_string_buffer(needed.value + 1)
    status = lib.mgp_operations_json(buf, len(buf), ctypes.byref(needed))
    assert status == 0, f"mgp_operations_json returned {status}"
    return json.loads(buf.value.decode("utf-8"))


def test_table_agrees_with_the_library_operations():
    rows = operations_table()
    problems = []
    graph = {n: c for n, c in CMDLETS.items() if c["module"] != "Microsoft.Graph.Authentication"}
    by_cmdlet: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_cmdlet.setdefault(row["cmdlet"], []).append(row)
    if sorted(by_cmdlet) != sorted(graph):
        problems.append(f"cmdlets: library {sorted(by_cmdlet)}, table {sorted(graph)}")
    for name, ops in by_cmdlet.items():
        c = graph.get(name)
        if c is None:
            continue
        params = {p["name"]: p for p in c["parameters"]}
        sets = sorted(o["parameter_set"] for o in ops)
        if sets != sorted(c["parameter_sets"]):
            problems.append(f"{name}: sets library {sets}, table {sorted(c['parameter_sets'])}")
        defaults = [o["parameter_set"] for o in ops if o["default_set"]]
        if defaults != [c["default_parameter_set"]]:
            problems.append(f"{name}: default library {defaults}, table {c['default_parameter_set']}")
        for o in ops:
            where = f"{name} [{o['parameter_set']}]"
            if o["changes_state"] != c["supports_should_process"]:
                problems.append(f"{where}: changes_state {o['changes_state']} but SupportsShouldProcess "
                                f"{c['supports_should_process']}")
            if o["should_process_action"] != f"{name}_{o['parameter_set']}":
                problems.append(f"{where}: ShouldProcess action {o['should_process_action']}")

            def mandatory_in(param: str) -> bool:
                p = params.get(param)
                return p is not None and p["parameter_sets"].get(o["parameter_set"], {}).get("mandatory", False)

            if o["key"] == "id" and not mandatory_in(o["id_parameter"]):
                problems.append(f"{where}: -{o['id_parameter']} should be mandatory")
            if o["key"] == "identity" and not mandatory_in("InputObject"):
                problems.append(f"{where}: -InputObject should be mandatory")
            if o["body"] == "json" and not mandatory_in("BodyParameter"):
                problems.append(f"{where}: -BodyParameter should be mandatory")
            if o["body"] == "expanded":
                for p in ("DisplayName", "TenantId", "UserSyncInbound", "AdditionalProperties"):
                    if o["parameter_set"] not in params.get(p, {}).get("parameter_sets", {}):
                        problems.append(f"{where}: expanded set without -{p}")
            if o["if_match"] and not {"IfMatch", "PassThru"} <= set(params):
                problems.append(f"{where}: takes If-Match but the cmdlet has no -IfMatch/-PassThru")
            if o["reply"] == "collection":
                for p in ("Filter", "Top", "All", "CountVariable", "PageSize"):
                    if o["parameter_set"] not in params.get(p, {}).get("parameter_sets", {}):
                        problems.append(f"{where}: list without -{p}")
    assert not problems, "\n".join(problems)


# ---- the comparison itself can fail ---------------------------------------------------------


def test_the_comparison_reports_each_kind_of_difference(tmp_path):
    wrong = tmp_path / "Wrong.psm1"
    wrong.write_text("""
function Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization {
    [CmdletBinding(DefaultParameterSetName = 'DeleteIt', SupportsShouldProcess, ConfirmImpact = 'High')]
    [OutputType([string])]
    param(
        [Parameter(ParameterSetName = 'DeleteIt', Mandatory, Position = 0)]
        [string] $CrossTenantAccessPolicyConfigurationPartnerTenantId,
        [Parameter(ParameterSetName = 'DeleteViaIdentity')]
        [object] $InputObject,
        [Alias('ETag')]
        [string] $IfMatch,
        [int] $PassThru,
        [Parameter()]
        [System.Collections.IDictionary] $Headers,
        [string] $Extra
    )
}
""", encoding="utf-8")
    f = {x.name: x for x in pwsh_ast.functions(pwsh_ast.parse(wrong))}[
        "Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization"]
    diff = "\n".join(differences(CMDLETS[f.name], f))
    for expected in ("default parameter set", "PositionalBinding", "ConfirmImpact", "OutputType",
                     "parameter sets:", "-Extra: not a parameter", "-Break: missing",
                     "-IfMatch: aliases", "-PassThru: type", "-InputObject in set DeleteViaIdentity",
                     "-Headers in set __AllParameterSets", "-CrossTenantAccessPolicyConfigurationPartnerTenantId: in parameter set DeleteIt"):
        assert expected in diff, f"not reported: {expected}\n{diff}"


# ---- PowerShell pitfalls the engine does not report -----------------------------------------

AUTOMATIC_VARIABLES = {"args", "input", "host", "error", "matches", "this", "psitem", "_", "pscmdlet",
                       "psboundparameters", "myinvocation", "executioncontext", "home", "pid", "pshome",
                       "profile", "event", "eventargs", "sender", "iswindows", "islinux", "ismacos",
                       "iscoreclr", "psversiontable", "pwd", "shellid", "stacktrace", "true", "false"}

# Assignments that change a parameter's own value on purpose (same type, normalized).
PARAMETER_REASSIGNMENTS = {("New-MgpErrorRecord", "errorid"), ("New-MgpErrorRecord", "category"),
                           ("New-MgpErrorRecord", "target"), ("Invoke-MgGraphRequest", "method")}


def assigned_variables(node) -> list[tuple[str, int]]:
    """Plain variables assigned in `node` ($x = ..., [type] $x = ...), with their lines."""
    out = []
    for assignment in pwsh_ast.descendants(node, "assignment_expression"):
        left = pwsh_ast.child(assignment, "left_assignment_expression")
        variables = list(pwsh_ast.descendants(left, "variable")) if left is not None else []
        if not variables:
            continue
        text = pwsh_ast.text(left).strip()
        name = pwsh_ast.text(variables[-1])
        if text == name or (text.startswith("[") and text.endswith(name)):
            out.append((name.lstrip("$").lower(), assignment.start_point[0] + 1))
    return out


def test_no_function_overwrites_its_parameters_or_automatic_variables(module_tree):
    # Variable names are case-insensitive: a local $environment is the parameter $Environment,
    # and assigning it converts the value to the parameter's type.
    problems = []
    statements = pwsh_ast.child(module_tree.root_node, "statement_list")
    declared = {f.name: {p.name.lower() for p in f.parameters} for f in pwsh_ast.functions(module_tree)}
    for node in pwsh_ast.children(statements, "function_statement"):
        name = pwsh_ast.text(pwsh_ast.child(node, "function_name"))
        for variable, line in assigned_variables(node):
            if variable in declared[name] and (name, variable) not in PARAMETER_REASSIGNMENTS:
                problems.append(f"{PSM1.name}:{line}: {name} assigns its parameter ${variable}")
    for path in powershell_files():
        for variable, line in assigned_variables(pwsh_ast.parse(path).root_node):
            if variable in AUTOMATIC_VARIABLES:
                problems.append(f"{path.relative_to(REPO)}:{line}: assigns the automatic variable ${variable}")
    assert not problems, "\n".join(problems)


def test_the_pitfall_check_can_fail(tmp_path):
    source = tmp_path / "Pitfall.psm1"
    source.write_text("function Connect-Thing {\n  param([string] $Environment)\n  $environment = @{ Name = 'x' }\n"
                      "  $input = 1\n}\n", encoding="utf-8")
    tree = pwsh_ast.parse(source)
    assert ("environment", 3) in assigned_variables(tree.root_node)
    assert ("input", 4) in assigned_variables(tree.root_node)
