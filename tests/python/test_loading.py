"""Finding and checking the library, and the declarations agreeing with
include/mgpolicy.h: every export, the struct layout, the statuses, the ABI."""

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

import mgpolicy
from conftest import REPO
from mgpolicy import _ffi, _library

HEADER = (REPO / "include" / "mgpolicy.h").read_text()
PACKAGE = REPO / "bindings" / "python"


def run_python(code: str, env: Dict[str, str], cwd: Path) -> str:
    """Runs ``code`` in a fresh interpreter; returns its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=str(cwd), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def clean_env(**extra: str) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MGPOLICY_LIBRARY", "PYTHONPATH")}
    env.update(extra)
    return env


SHOW = "import mgpolicy; print(mgpolicy.library_path()); print(mgpolicy.version())"


def test_library_from_the_environment_variable(tmp_path: Path) -> None:
    renamed = tmp_path / "renamed-mgpolicy.so"
    renamed.symlink_to(_library.lib().path)
    out = run_python(SHOW, clean_env(MGPOLICY_LIBRARY=str(renamed), PYTHONPATH=str(PACKAGE)), tmp_path)
    assert out.splitlines() == [str(renamed), "0.1.0"]


def test_library_next_to_the_package(tmp_path: Path) -> None:
    shutil.copytree(str(PACKAGE / "mgpolicy"), str(tmp_path / "mgpolicy"), ignore=shutil.ignore_patterns("__pycache__"))
    beside = tmp_path / "mgpolicy" / _library.library_file_name()
    beside.symlink_to(_library.lib().path)
    out = run_python(SHOW, clean_env(PYTHONPATH=str(tmp_path)), tmp_path)
    assert out.splitlines()[0] == str(beside)


def test_library_from_the_checkout(tmp_path: Path) -> None:
    if not _library.lib().path.startswith(str(REPO / "target")):
        pytest.skip("the library under test was built outside the checkout's target directory")
    out = run_python(SHOW, clean_env(PYTHONPATH=str(PACKAGE)), tmp_path)
    name = _library.library_file_name()
    assert out.splitlines()[0] in (str(REPO / "target" / "release" / name), str(REPO / "target" / "debug" / name))


def test_missing_library_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere" / "libmgpolicy.so")
    monkeypatch.setenv("MGPOLICY_LIBRARY", missing)
    with pytest.raises(mgpolicy.LibraryNotFoundError) as caught:
        _library.find_library()
    assert missing in str(caught.value)
    assert "MGPOLICY_LIBRARY" in str(caught.value)
    assert isinstance(caught.value, OSError)
    # in a fresh process, the first use reports it
    code = "\n".join(
        [
            "import mgpolicy",
            "try:",
            "    mgpolicy.version()",
            "except mgpolicy.LibraryNotFoundError:",
            "    print('not found')",
        ]
    )
    assert run_python(code, clean_env(MGPOLICY_LIBRARY=missing, PYTHONPATH=str(PACKAGE)), tmp_path) == "not found"


def test_abi_mismatch_is_refused(monkeypatch: pytest.MonkeyPatch, emu: Any) -> None:
    path = _library.lib().path
    monkeypatch.setattr(_library, "ABI_VERSION", 2)
    with pytest.raises(mgpolicy.AbiMismatchError) as caught:
        _library.open_library(path)
    message = str(caught.value)
    assert "ABI version 1" in message and "ABI version 2" in message and path in message
    with pytest.raises(mgpolicy.AbiMismatchError):
        _library.find_library([path, path])
    # the process-wide library is loaded (and checked) on first use
    monkeypatch.setattr(_library, "_loaded", None)
    with pytest.raises(mgpolicy.AbiMismatchError):
        mgpolicy.Client(emu.config())


def test_another_library_is_not_taken_for_mgpolicy() -> None:
    libc = ctypes.util.find_library("c")
    assert libc
    with pytest.raises(mgpolicy.AbiMismatchError, match="not libmgpolicy"):
        _library.open_library(libc)


def test_versions_agree() -> None:
    assert mgpolicy.ABI_VERSION == int(re.search(r"#define MGP_ABI_VERSION (\d+)", HEADER).group(1))
    assert mgpolicy.abi_version() == mgpolicy.ABI_VERSION
    version = re.search(r'#define MGP_VERSION "([^"]+)"', HEADER).group(1)
    assert mgpolicy.version() == version == mgpolicy.__version__
    pyproject = (PACKAGE / "pyproject.toml").read_text()
    assert f'version = "{version}"' in pyproject


def test_statuses_match_the_header_and_the_library() -> None:
    in_header = {name: int(n) for name, n in re.findall(r"MGP_STATUS_(\w+) = (\d+)", HEADER)}
    assert in_header == {s.name: int(s) for s in mgpolicy.Status}
    for status in mgpolicy.Status:
        assert _ffi.status_name(status) == status.c_name
        if status != mgpolicy.Status.OK:
            assert mgpolicy.EXCEPTIONS[status].status_for == status
    assert set(mgpolicy.EXCEPTIONS) == {int(s) for s in mgpolicy.Status} - {0}
    assert _ffi.status_name(len(mgpolicy.Status)) == "MGP_STATUS_UNKNOWN"


def test_an_unknown_status_raises_the_base_class() -> None:
    with pytest.raises(mgpolicy.MgpError) as caught:
        _ffi.check_status(77, {"message": "from a newer library", "http_status": 0})
    assert type(caught.value) is mgpolicy.MgpError
    assert caught.value.status == 77
    assert caught.value.status_name == "MGP_STATUS_UNKNOWN"
    assert caught.value.message == "from a newer library"


# C declarations in the header, normalised (no const/struct/space), and the
# ctypes type each must be declared with.
C_TYPES = {
    "void": None,
    "bool": ctypes.c_bool,
    "uint16_t": ctypes.c_uint16,
    "uint32_t": ctypes.c_uint32,
    "mgp_status": ctypes.c_uint32,
    "size_t": ctypes.c_size_t,
    "size_t*": ctypes.POINTER(ctypes.c_size_t),
    "char*": ctypes.c_char_p,
    "mgp_client*": _library.ClientPtr,
    "mgp_client**": ctypes.POINTER(_library.ClientPtr),
    "mgp_response*": _library.ResponsePtr,
    "mgp_response**": ctypes.POINTER(_library.ResponsePtr),
    "mgp_sync_policy_fields*": ctypes.POINTER(_library.SyncPolicyFields),
}


def c_type(declaration: str, named: bool) -> Any:
    words = declaration.replace("*", " * ").split()
    if named:
        words = words[:-1]
    text = "".join(w for w in words if w not in ("const", "struct"))
    assert text in C_TYPES, f"no ctypes mapping for C type {declaration!r}"
    return C_TYPES[text]


def header_functions() -> Dict[str, Any]:
    found = {}
    for ret, name, params in re.findall(r"^([a-z_][\w ]*?[\s*]+)(mgp_\w+)\(([^;]*?)\);", HEADER, re.M):
        args = [] if params.strip() == "void" else [c_type(p, True) for p in params.split(",")]
        found[name] = (c_type(ret, False), args)
    return found


def test_every_export_is_declared_as_in_the_header() -> None:
    functions = header_functions()
    assert len(functions) == 20 + 31
    lib = _library.lib()
    for name, (restype, argtypes) in functions.items():
        function = getattr(lib.cdll, name)
        assert function.restype is restype, name
        assert list(function.argtypes) == argtypes, name
    assert {row["export"] for row in lib.operations} <= set(functions)


def test_struct_layout_matches_c(tmp_path: Path) -> None:
    body = re.search(r"typedef struct mgp_sync_policy_fields \{(.*?)\} mgp_sync_policy_fields;", HEADER, re.S).group(1)
    names = re.findall(r"(\w+);", re.sub(r"//.*", "", body))
    fields: List[str] = [f[0] for f in _library.SyncPolicyFields._fields_]
    assert fields == names
    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc is None:
        pytest.skip("no C compiler to measure the C layout")
    source = tmp_path / "layout.c"
    lines = [
        "#include <stdio.h>",
        "#include <stddef.h>",
        '#include "mgpolicy.h"',
        "int main(void) {",
        '  printf("%zu\\n", sizeof(mgp_sync_policy_fields));',
    ]
    lines += [f'  printf("%zu\\n", offsetof(mgp_sync_policy_fields, {n}));' for n in names]
    source.write_text("\n".join(lines + ["  return 0;", "}"]) + "\n")
    subprocess.run([gcc, "-I", str(REPO / "include"), "-o", str(tmp_path / "layout"), str(source)], check=True)
    measured = [
        int(x)
        for x in subprocess.run([str(tmp_path / "layout")], capture_output=True, text=True, check=True).stdout.split()
    ]
    ours = [ctypes.sizeof(_library.SyncPolicyFields)] + [getattr(_library.SyncPolicyFields, n).offset for n in names]
    assert ours == measured


def test_strings_cross_as_utf8(seeded: Any, client: mgpolicy.Client) -> None:
    from conftest import PARTNER

    name = "Contoso — Zürich ✓"
    client.set_identity_sync(PARTNER, display_name=name)
    assert seeded.policy(PARTNER)["displayName"] == name
    assert client.get_identity_sync(PARTNER)["displayName"] == name
    with pytest.raises(mgpolicy.InvalidArgumentError) as caught:
        client.get_identity_sync("tenant-é-ü")
    assert "tenant-é-ü" in caught.value.message
    assert _ffi.last_error_message() == caught.value.message


def test_import_leaves_slow_standard_modules_alone() -> None:
    # Start-up is measured in milliseconds: importing the package and making
    # a what-if call must not pull in uuid (platform), subprocess or pathlib.
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(PACKAGE)!r})\n"
        "import mgpolicy\n"
        "c = mgpolicy.Client({'graph_url': 'http://127.0.0.1:9', 'credential': {'type': 'access_token', 'token': 't'}})\n"
        "r = c.get_identity_sync('11111111-2222-3333-4444-555555555555', what_if=True)\n"
        "assert r['method'] == 'GET', r\n"
        "print(sorted(m for m in ('uuid', 'subprocess', 'pathlib', 'platform') if m in sys.modules))\n"
    )
    env = clean_env(MGPOLICY_LIBRARY=_library.lib().path)
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
