"""tools/package-module.sh: the published folder has everything its manifest names, and one
version everywhere (Cargo.toml, the header, the manifest, the folder, the packaged library).
"""

from __future__ import annotations

import ctypes
import os
import pathlib
import re
import shutil
import subprocess
import textwrap

import pytest

import pwsh_ast

REPO = pathlib.Path(__file__).resolve().parents[2]
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
