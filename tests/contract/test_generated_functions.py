"""tools/gen-psm1.py: the Graph cmdlet functions of pwsh/MgPolicy.psm1 are what it makes from
tests/contract/cmdlets.json and tools/gen_psm1_help.py, it covers exactly the cmdlets that are
not hand-written, and --check fails (with a diff) on any difference.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import pathlib
import subprocess
import sys

import pytest

import pwsh_ast

REPO = pathlib.Path(__file__).resolve().parents[2]
GENERATOR = REPO / "tools" / "gen-psm1.py"
PSM1 = REPO / "pwsh" / "MgPolicy.psm1"
TABLE = json.loads((pathlib.Path(__file__).parent / "cmdlets.json").read_text(encoding="utf-8"))


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_psm1", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check(path: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(GENERATOR), "--check", "--psm1", str(path)],
                          capture_output=True, text=True, timeout=60)


def test_the_module_is_what_the_generator_makes():
    run = check(PSM1)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_region_holds_exactly_the_cmdlets_that_are_not_hand_written():
    text = PSM1.read_text(encoding="utf-8").split("\n")
    begin = text.index("# BEGIN GENERATED: tools/gen-psm1.py") + 1
    end = text.index("# END GENERATED") + 1
    inside = {f.name for f in pwsh_ast.functions(pwsh_ast.parse(PSM1)) if begin < f.line < end}
    wanted = {c["name"] for c in TABLE["cmdlets"] if c["module"] != "Microsoft.Graph.Authentication"}
    assert inside == wanted
    assert len(wanted) == 11


def test_check_prints_a_diff_and_fails_when_the_region_was_edited(tmp_path):
    edited = tmp_path / "MgPolicy.psm1"
    original = PSM1.read_text(encoding="utf-8")
    line = "        [Parameter(ParameterSetName = 'Restore', Mandatory = $true)]\n"
    assert original.count(line) == 1
    edited.write_text(original.replace(line, "        [Parameter(ParameterSetName = 'Restore')]\n"), encoding="utf-8")
    run = check(edited)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "-        [Parameter(ParameterSetName = 'Restore')]" in run.stdout
    assert "+        [Parameter(ParameterSetName = 'Restore', Mandatory = $true)]" in run.stdout
    rewrite = subprocess.run([sys.executable, str(GENERATOR), "--psm1", str(edited)], capture_output=True, text=True)
    assert rewrite.returncode == 0, rewrite.stderr
    assert edited.read_text(encoding="utf-8") == original, "the generator restores the region and nothing else"


def test_outside_the_region_is_left_alone(tmp_path):
    edited = tmp_path / "MgPolicy.psm1"
    original = PSM1.read_text(encoding="utf-8")
    changed = original.replace("function Connect-MgGraph {\n", "function Connect-MgGraph {\n    # hand-written\n", 1)
    edited.write_text(changed, encoding="utf-8")
    assert check(edited).returncode == 0
    assert subprocess.run([sys.executable, str(GENERATOR), "--psm1", str(edited)]).returncode == 0
    assert edited.read_text(encoding="utf-8") == changed


def test_without_markers_the_generator_refuses(tmp_path):
    edited = tmp_path / "MgPolicy.psm1"
    edited.write_text(PSM1.read_text(encoding="utf-8").replace("# END GENERATED\n", ""), encoding="utf-8")
    run = check(edited)
    assert run.returncode == 2 and "END GENERATED" in run.stderr


def test_the_functions_follow_the_table():
    gen = load_generator()
    table = copy.deepcopy(TABLE)
    restore = next(c for c in table["cmdlets"] if c["name"] == "Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner")
    restore["confirm_impact"] = "High"
    key = next(p for p in restore["parameters"] if p["name"] == "CrossTenantIdentitySyncPolicyPartnerTenantId")
    key["aliases"] = ["PartnerId"]
    out = gen.generate(table)
    assert "SupportsShouldProcess = $true, ConfirmImpact = 'High')]" in out
    assert "        [Alias('PartnerId')]\n        [string]\n        $CrossTenantIdentitySyncPolicyPartnerTenantId" in out
    assert out != gen.generate(TABLE)


def test_an_undocumented_parameter_or_cmdlet_is_an_error():
    gen = load_generator()
    table = copy.deepcopy(TABLE)
    get = next(c for c in table["cmdlets"] if c["name"] == "Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner")
    get["parameters"].append({"name": "Undocumented", "type": "System.String", "aliases": [],
                              "parameter_sets": {"List": {"mandatory": False, "position": None,
                                                          "value_from_pipeline": False,
                                                          "value_from_pipeline_by_property_name": False}}})
    with pytest.raises(gen.TableError, match="-Undocumented"):
        gen.generate(table)
    table = copy.deepcopy(TABLE)
    table["cmdlets"][0]["name"] = "Get-MgPolicyCrossTenantAccessPolicyPartnerSomethingElse"
    with pytest.raises(gen.TableError, match="no entry"):
        gen.generate(table)


def test_v1_and_beta_twins_differ_only_where_the_tables_say():
    gen = load_generator()
    out = gen.generate(TABLE)
    prose = " ".join(out.split())
    assert prose.count("Beta-only properties (groupSyncInbound, externalCloudAuthorizedApplicationId, ...) are refused") == 2
    assert prose.count("The beta model also has groupSyncInbound, roleEnabledGroupSyncInbound") == 2
    assert prose.count("The deleted policy is kept under") == 1
    assert "{Mg}" not in out and "{api}" not in out and "{id_parameter}" not in out and "{name}" not in out
