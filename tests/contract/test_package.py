"""tools/package-module.sh: the published folder has everything its manifest names, and one
version everywhere (Cargo.toml, the header, the manifest, the folder, the packaged library);
beside it the folders of the modules under Microsoft's names (pwsh/compat/), each with its
manifest and the module's script, finding the binding in the MgPolicy folder.
"""

from __future__ import annotations

import ctypes
import json
import os
import pathlib
import re
import shutil
import subprocess
import textwrap

import pytest

import pwsh_ast

REPO = pathlib.Path(__file__).resolve().parents[2]
TABLE = json.loads((pathlib.Path(__file__).parent / "cmdlets.json").read_text(encoding="utf-8"))
COMPAT_MODULES = sorted(p.stem for p in (REPO / "pwsh" / "compat").glob("*.psd1"))
MANIFEST_FILE_KEYS = ("RootModule", "NestedModules", "RequiredAssemblies", "ScriptsToProcess",
                      "TypesToProcess", "FormatsToProcess", "FileList")


def cargo_version() -> str:
    section = None
    for line in (REPO / "Cargo.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            section = line.strip()
        elif section == "[package]" and line.startswith("version"):
            return line.split("=", 1)[1].strip().strip('"')
    raise AssertionError("no [package] version in Cargo.toml")


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("dist")
    env = dict(os.environ)
    env.pop("MGPOLICY_LIBRARY", None)
    run = subprocess.run(["bash", str(REPO / "tools" / "package-module.sh"), "--debug", "--out", str(out)],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, f"package-module.sh failed:\n{run.stdout}\n{run.stderr}"
    folder = pathlib.Path(run.stdout.strip().splitlines()[-1])
    if not folder.is_absolute():
        folder = REPO / folder
    assert folder.is_dir(), f"package-module.sh printed {folder}, which is not a folder"
    return folder


def named_files(manifest: dict) -> list[str]:
    names: list[str] = []
    for key in MANIFEST_FILE_KEYS:
        value = manifest.get(key)
        if value is None:
            continue
        names += value if isinstance(value, list) else [value]
    return names


def test_the_folder_is_named_by_the_one_version(package):
    version = cargo_version()
    header = (REPO / "include" / "mgpolicy.h").read_text(encoding="utf-8")
    assert f'#define MGP_VERSION "{version}"' in header
    assert package.name == version and package.parent.name == "MgPolicy"
    manifest = pwsh_ast.manifest(package / "MgPolicy.psd1")
    assert manifest["ModuleVersion"] == version


def test_everything_the_manifest_names_is_there_and_nothing_else(package):
    manifest = pwsh_ast.manifest(package / "MgPolicy.psd1")
    names = named_files(manifest)
    assert "MgPolicy.psm1" in names and "MgPolicy.Native.cs" in names
    missing = [n for n in names if not (package / n).is_file()]
    assert not missing, f"named in the manifest but not in the package: {missing}"
    present = sorted(str(p.relative_to(package)).replace(os.sep, "/") for p in package.rglob("*") if p.is_file())
    listed = sorted(set(n.replace("\\", "/") for n in manifest["FileList"]))
    assert present == listed, f"files in the package {present} differ from its FileList {listed}"


def test_the_manifest_is_the_source_manifest_but_for_version_and_files(package):
    source = pwsh_ast.manifest(REPO / "pwsh" / "MgPolicy.psd1")
    packaged = pwsh_ast.manifest(package / "MgPolicy.psd1")
    for key in set(source) | set(packaged):
        if key in ("ModuleVersion", "FileList"):
            continue
        assert packaged.get(key) == source.get(key), f"{key} changed in packaging"
    for name in ("MgPolicy.psm1", "MgPolicy.Native.cs"):
        assert (package / name).read_bytes() == (REPO / "pwsh" / name).read_bytes(), f"{name} differs from pwsh/{name}"


def test_the_packaged_library_reports_the_version_and_abi(package):
    libraries = list(package.glob("runtimes/*/native/libmgpolicy.*"))
    assert len(libraries) == 1, libraries
    assert re.fullmatch(r"(linux|osx)-(x64|arm64)", libraries[0].parent.parent.name)
    lib = ctypes.CDLL(str(libraries[0]))
    lib.mgp_version.restype = ctypes.c_char_p
    lib.mgp_abi_version.restype = ctypes.c_uint32
    assert lib.mgp_version().decode() == cargo_version()
    header = (REPO / "include" / "mgpolicy.h").read_text(encoding="utf-8")
    assert f"#define MGP_ABI_VERSION {lib.mgp_abi_version()}" in header


@pytest.mark.skipif(shutil.which("mcs") is None or shutil.which("mono") is None, reason="needs Mono (mcs, mono)")
def test_the_precompiled_binding_finds_the_library_next_to_the_module(package, tmp_path):
    dll = package / "MgPolicy.Native.dll"
    assert dll.is_file(), "mcs is available, so the package must have MgPolicy.Native.dll"
    program = tmp_path / "Probe.cs"
    program.write_text(textwrap.dedent("""
        using System;
        class Probe {
            static int Main(string[] args) {
                MgPolicy.Native.MgpLibrary.Initialize(args[0]);
                Console.WriteLine(MgPolicy.Native.MgpLibrary.Version());
                Console.WriteLine(MgPolicy.Native.MgpLibrary.LoadedPath);
                return 0;
            }
        }
        """), encoding="utf-8")
    exe = tmp_path / "Probe.exe"
    build = subprocess.run(["mcs", "-nologo", f"-r:{dll}", f"-out:{exe}", str(program)], capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    shutil.copy(dll, tmp_path / dll.name)
    env = dict(os.environ)
    env.pop("MGPOLICY_LIBRARY", None)
    run = subprocess.run(["mono", str(exe), str(package)], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    version, loaded = run.stdout.strip().splitlines()
    assert version == cargo_version()
    assert pathlib.Path(loaded).resolve() == next(package.glob("runtimes/*/native/libmgpolicy.*")).resolve()


# ---- the modules under Microsoft's names ---------------------------------------------------


def as_list(v) -> list:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def test_there_are_module_names_to_package():
    assert COMPAT_MODULES == sorted(["Microsoft.Graph.Authentication", "Microsoft.Graph.Identity.SignIns",
                                     "Microsoft.Graph.Beta.Identity.SignIns"])


def test_the_output_has_mgpolicy_and_every_module_name_in_the_one_version(package):
    out = package.parent.parent
    assert sorted(p.name for p in out.iterdir()) == sorted(["MgPolicy", *COMPAT_MODULES])
    for folder in out.iterdir():
        assert [p.name for p in folder.iterdir()] == [cargo_version()], f"{folder.name} has other versions"


@pytest.mark.parametrize("name", COMPAT_MODULES)
def test_a_module_name_folder_has_what_its_manifest_names_and_nothing_else(package, name):
    folder = package.parent.parent / name / cargo_version()
    manifest = pwsh_ast.manifest(folder / f"{name}.psd1")
    names = named_files(manifest)
    assert f"{name}.psd1" in names and manifest["RootModule"] == "MgPolicy.psm1"
    missing = [n for n in names if not (folder / n).is_file()]
    assert not missing, f"named in {name}.psd1 but not in the package: {missing}"
    present = sorted(str(p.relative_to(folder)).replace(os.sep, "/") for p in folder.rglob("*") if p.is_file())
    assert present == sorted(set(manifest["FileList"])), f"files {present} differ from the FileList {manifest['FileList']}"
    assert (folder / "MgPolicy.psm1").read_bytes() == (REPO / "pwsh" / "MgPolicy.psm1").read_bytes(), \
        "the module's script differs from pwsh/MgPolicy.psm1"


@pytest.mark.parametrize("name", COMPAT_MODULES)
def test_a_module_name_manifest_has_the_version_and_exports_its_module_cmdlets(package, name):
    version = cargo_version()
    manifest = pwsh_ast.manifest(package.parent.parent / name / version / f"{name}.psd1")
    assert manifest["ModuleVersion"] == version
    for required in as_list(manifest.get("RequiredModules")):
        assert required["RequiredVersion"] == version, f"{name} requires {required}"
    cmdlets = [c for c in TABLE["cmdlets"] if c["module"] == name]
    assert cmdlets, f"cmdlets.json has no cmdlet of {name}"
    assert sorted(as_list(manifest["FunctionsToExport"])) == sorted(c["name"] for c in cmdlets)
    assert sorted(as_list(manifest.get("AliasesToExport"))) == sorted(a for c in cmdlets for a in c["command_aliases"])
    source = pwsh_ast.manifest(REPO / "pwsh" / "compat" / f"{name}.psd1")
    for key in set(source) | set(manifest):
        if key == "ModuleVersion":
            continue
        mine, theirs = manifest.get(key), source.get(key)
        if key == "RequiredModules":
            theirs = [dict(r, RequiredVersion=version) for r in as_list(theirs)]
            mine = as_list(mine)
        assert mine == theirs, f"{key} changed in packaging"


@pytest.mark.parametrize("name", COMPAT_MODULES)
def test_a_module_name_finds_the_binding_and_library_in_the_mgpolicy_folder_beside_it(package, name):
    # MgPolicy.psm1 looks next to itself, then in <root>/MgPolicy/<its version folder>/.
    folder = package.parent.parent / name / cargo_version()
    assert not list(folder.glob("MgPolicy.Native.*")) and not (folder / "runtimes").exists()
    beside = folder.parent.parent / "MgPolicy" / folder.name
    assert beside.resolve() == package.resolve()
    assert (beside / "MgPolicy.Native.cs").is_file()
    assert len(list(beside.glob("runtimes/*/native/libmgpolicy.*"))) == 1


@pytest.mark.skipif(shutil.which("mcs") is None or shutil.which("mono") is None, reason="needs Mono (mcs, mono)")
def test_the_packaged_binding_keeps_one_connection_for_every_module_instance(package, tmp_path):
    # What the module's instances (MgPolicy and the modules under Microsoft's names) share.
    program = tmp_path / "Session.cs"
    program.write_text(textwrap.dedent("""
        using System;
        using MgPolicy.Native;
        class Session {
            static int Main() {
                object first = new object();
                Console.WriteLine(MgpSession.Connection == null);
                MgpSession.Connection = first;
                Console.WriteLine(object.ReferenceEquals(MgpSession.Connection, first));
                Console.WriteLine(MgpSession.AddInstance() + "," + MgpSession.AddInstance() + "," + MgpSession.Instances);
                Console.WriteLine(MgpSession.RemoveInstance() + "," + MgpSession.RemoveInstance() + "," + MgpSession.RemoveInstance());
                Console.WriteLine(MgpSession.Instances + "," + MgpSession.AddInstance());
                MgpSession.Connection = null;
                Console.WriteLine(MgpSession.Connection == null);
                return 0;
            }
        }
        """), encoding="utf-8")
    dll = package / "MgPolicy.Native.dll"
    exe = tmp_path / "Session.exe"
    build = subprocess.run(["mcs", "-nologo", f"-r:{dll}", f"-out:{exe}", str(program)], capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    shutil.copy(dll, tmp_path / dll.name)
    run = subprocess.run(["mono", str(exe)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.split() == ["True", "True", "1,2,2", "1,0,0", "0,1", "True"], run.stdout
