"""The manifests in pwsh/compat/: MgPolicy's cmdlets under the names of Microsoft's modules
(usage pattern 18), read with tree-sitter-powershell and compared with the module each cmdlet
has in tests/contract/cmdlets.json. tests/contract/test_package.py checks the folders
tools/package-module.sh makes from them.
"""

from __future__ import annotations

import json
import pathlib
import uuid
from typing import Any

import pytest

import pwsh_ast

REPO = pathlib.Path(__file__).resolve().parents[2]
COMPAT = REPO / "pwsh" / "compat"
TABLE = json.loads((pathlib.Path(__file__).parent / "cmdlets.json").read_text(encoding="utf-8"))
MODULES = sorted({c["module"] for c in TABLE["cmdlets"]})
AUTHENTICATION = "Microsoft.Graph.Authentication"


def as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def compat_manifest(name: str) -> dict[str, Any]:
    path = COMPAT / f"{name}.psd1"
    assert path.is_file(), f"{path.relative_to(REPO)} is missing"
    return pwsh_ast.manifest(path)


def test_there_is_one_manifest_per_module_of_the_table():
    assert MODULES == ["Microsoft.Graph.Authentication", "Microsoft.Graph.Beta.Identity.SignIns",
                       "Microsoft.Graph.Identity.SignIns"], MODULES
    assert sorted(p.stem for p in COMPAT.glob("*.psd1")) == MODULES
    assert sorted(p.name for p in COMPAT.iterdir()) == [f"{m}.psd1" for m in MODULES], "only manifests in pwsh/compat"


@pytest.mark.parametrize("name", MODULES)
def test_the_manifest_parses_without_errors(name):
    tree = pwsh_ast.parse(COMPAT / f"{name}.psd1")
    problems = pwsh_ast.syntax_problems(tree)
    assert not problems, [(n.start_point, pwsh_ast.text(n)[:40]) for n in problems]


@pytest.mark.parametrize("name", MODULES)
def test_the_manifest_exports_exactly_the_cmdlets_microsoft_ships_in_that_module(name):
    manifest = compat_manifest(name)
    cmdlets = [c for c in TABLE["cmdlets"] if c["module"] == name]
    exported = as_list(manifest.get("FunctionsToExport"))
    assert len(exported) == len(set(exported)), f"{name}: a function is listed twice"
    assert sorted(exported) == sorted(c["name"] for c in cmdlets), (
        f"{name}: extra {sorted(set(exported) - {c['name'] for c in cmdlets})}, "
        f"missing {sorted({c['name'] for c in cmdlets} - set(exported))}")
    assert sorted(as_list(manifest.get("AliasesToExport"))) == sorted(a for c in cmdlets for a in c["command_aliases"])
    assert as_list(manifest.get("CmdletsToExport")) == [] and as_list(manifest.get("VariablesToExport")) == []


@pytest.mark.parametrize("name", MODULES)
def test_the_manifest_loads_the_module_script_and_lists_its_files(name):
    manifest = compat_manifest(name)
    assert manifest["RootModule"] == "MgPolicy.psm1"
    assert sorted(as_list(manifest.get("FileList"))) == sorted([f"{name}.psd1", "MgPolicy.psm1"])
    for key in ("NestedModules", "RequiredAssemblies", "ScriptsToProcess", "TypesToProcess", "FormatsToProcess"):
        assert key not in manifest, f"{name}: {key} would name a file the folder does not have"


@pytest.mark.parametrize("name", MODULES)
def test_the_manifest_has_mgpolicys_version_and_editions(name):
    mgpolicy = pwsh_ast.manifest(REPO / "pwsh" / "MgPolicy.psd1")
    manifest = compat_manifest(name)
    assert manifest["ModuleVersion"] == mgpolicy["ModuleVersion"]
    assert manifest["PowerShellVersion"] == mgpolicy["PowerShellVersion"]
    assert sorted(as_list(manifest["CompatiblePSEditions"])) == sorted(as_list(mgpolicy["CompatiblePSEditions"]))
    required = as_list(manifest.get("RequiredModules"))
    if name == AUTHENTICATION:
        assert required == [], f"{name} requires nothing"
    else:
        # Like Microsoft's Identity.SignIns modules: Connect-MgGraph comes from Microsoft.Graph.Authentication.
        assert required == [{"ModuleName": AUTHENTICATION, "RequiredVersion": mgpolicy["ModuleVersion"]}], required


def test_the_manifests_share_out_mgpolicys_cmdlets_and_have_their_own_guids():
    mgpolicy = pwsh_ast.manifest(REPO / "pwsh" / "MgPolicy.psd1")
    manifests = {name: compat_manifest(name) for name in MODULES}
    every = [f for m in manifests.values() for f in as_list(m["FunctionsToExport"])]
    assert sorted(every) == sorted(as_list(mgpolicy["FunctionsToExport"])), "each cmdlet in exactly one module"
    aliases = [a for m in manifests.values() for a in as_list(m.get("AliasesToExport"))]
    assert sorted(aliases) == sorted(as_list(mgpolicy["AliasesToExport"]))
    guids = [str(uuid.UUID(m["GUID"])) for m in manifests.values()] + [str(uuid.UUID(mgpolicy["GUID"]))]
    assert len(set(guids)) == len(guids), guids
