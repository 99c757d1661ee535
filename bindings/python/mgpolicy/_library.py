"""Finding, loading and declaring libmgpolicy for ctypes.

The library is looked for, in order:

1. the path in the ``MGPOLICY_LIBRARY`` environment variable (and only
   there when it is set);
2. next to this package (where a wheel would bundle it);
3. ``target/release`` and ``target/debug`` of a repository checkout that
   contains this package;
4. the system loader (``ctypes.util.find_library("mgpolicy")``, then the
   plain file name, which honours ``LD_LIBRARY_PATH`` / ``PATH`` /
   ``DYLD_LIBRARY_PATH``).

A library is accepted only if ``mgp_abi_version()`` equals :data:`ABI_VERSION`.
Every export gets its ``argtypes``/``restype``: the fixed ones below, the
operation exports from the library's own operations table (their parameters
follow from how each row takes the partner id and the body).
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
import threading

from .errors import AbiMismatchError, LibraryNotFoundError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Sequence

#: The ``MGP_ABI_VERSION`` this module was written for.
ABI_VERSION = 1

#: The environment variable naming the library file to load.
LIBRARY_ENV = "MGPOLICY_LIBRARY"

#: ``mgp_sync_policy_fields`` tri-states.
TRISTATE_UNSET = 0
TRISTATE_FALSE = 1
TRISTATE_TRUE = 2


class _MgpClient(ctypes.Structure):
    """``mgp_client`` (opaque)."""


class _MgpResponse(ctypes.Structure):
    """``mgp_response`` (opaque)."""


ClientPtr = ctypes.POINTER(_MgpClient)
ResponsePtr = ctypes.POINTER(_MgpResponse)


class SyncPolicyFields(ctypes.Structure):
    """``mgp_sync_policy_fields``: the expanded parameters of ``*Expanded`` sets.

    Pointers may be ``None`` (the property is not sent); tri-states take
    :data:`TRISTATE_UNSET`, :data:`TRISTATE_FALSE` or :data:`TRISTATE_TRUE`.
    """

    _fields_ = [
        ("display_name", ctypes.c_char_p),
        ("tenant_id", ctypes.c_char_p),
        ("external_cloud_authorized_application_id", ctypes.c_char_p),
        ("additional_properties_json", ctypes.c_char_p),
        ("user_sync_inbound", ctypes.c_uint32),
        ("group_sync_inbound", ctypes.c_uint32),
        ("role_enabled_group_sync_inbound", ctypes.c_uint32),
    ]


_status = ctypes.c_uint32
_size_p = ctypes.POINTER(ctypes.c_size_t)
_copy_out = [ctypes.c_char_p, ctypes.c_size_t, _size_p]

# name: (restype, argtypes) for every export that is not an operation.
_FIXED: Dict[str, Any] = {
    "mgp_last_error_message": (_status, _copy_out),
    "mgp_status_name": (ctypes.c_char_p, [ctypes.c_uint32]),
    "mgp_version": (ctypes.c_char_p, []),
    "mgp_abi_version": (ctypes.c_uint32, []),
    "mgp_operations_json": (_status, _copy_out),
    "mgp_client_new": (_status, [ctypes.c_char_p, ctypes.POINTER(ClientPtr)]),
    "mgp_client_free": (None, [ClientPtr]),
    "mgp_client_authenticate": (_status, [ClientPtr]),
    "mgp_operation_invoke": (
        _status,
        [ClientPtr, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ResponsePtr)],
    ),
    "mgp_response_free": (None, [ResponsePtr]),
    "mgp_response_status": (_status, [ResponsePtr]),
    "mgp_response_http_status": (ctypes.c_uint16, [ResponsePtr]),
    "mgp_response_was_sent": (ctypes.c_bool, [ResponsePtr]),
    "mgp_response_body_json": (_status, [ResponsePtr] + _copy_out),
    "mgp_response_headers_json": (_status, [ResponsePtr] + _copy_out),
    "mgp_response_request_json": (_status, [ResponsePtr] + _copy_out),
    "mgp_response_error_code": (_status, [ResponsePtr] + _copy_out),
    "mgp_response_message": (_status, [ResponsePtr] + _copy_out),
    "mgp_response_request_id": (_status, [ResponsePtr] + _copy_out),
    "mgp_response_to_json": (_status, [ResponsePtr] + _copy_out),
}

# How an operation row takes the partner id and the body, as C parameters.
_KEY_ARGS: Dict[str, List[Any]] = {"none": [], "id": [ctypes.c_char_p], "identity": [ctypes.c_char_p]}
_BODY_ARGS: Dict[str, List[Any]] = {
    "none": [],
    "expanded": [ctypes.POINTER(SyncPolicyFields)],
    "json": [ctypes.c_char_p],
}


def operation_argtypes(row: Dict[str, Any]) -> List[Any]:
    """The C parameters of an operation export, from its row in the table:
    ``(client, [id | identity_json], [fields | body_json], options_json, out_response)``."""
    tail: List[Any] = [ctypes.c_char_p, ctypes.POINTER(ResponsePtr)]
    return [ClientPtr] + _KEY_ARGS[row["key"]] + _BODY_ARGS[row["body"]] + tail


def library_file_name(platform: str = sys.platform) -> str:
    """The library's file name on ``platform``."""
    if platform.startswith("win"):
        return "mgpolicy.dll"
    if platform == "darwin":
        return "libmgpolicy.dylib"
    return "libmgpolicy.so"


def candidates() -> List[str]:
    """Where the library is looked for, in order (see the module docs)."""
    explicit = os.environ.get(LIBRARY_ENV)
    if explicit:
        return [explicit]
    name = library_file_name()
    # os.path rather than pathlib, which is slow to import.
    here = os.path.dirname(os.path.realpath(__file__))
    found = [os.path.join(here, name)]
    parent = os.path.dirname(here)
    while True:
        for profile in ("release", "debug"):
            found.append(os.path.join(parent, "target", profile, name))
        up = os.path.dirname(parent)
        if up == parent:
            break
        parent = up
    import ctypes.util  # only here: it is slow to import (subprocess, re)

    system = ctypes.util.find_library("mgpolicy")
    if system:
        found.append(system)
    found.append(name)
    return found


class Library:
    """A loaded, checked and declared libmgpolicy.

    Attributes:
        path: where it was loaded from.
        cdll: the ``ctypes.CDLL`` with every export declared.
        operations: the operations table (``mgp_operations_json``), read once.
    """

    def __init__(self, path: str, cdll: ctypes.CDLL, operations: List[Dict[str, Any]]) -> None:
        self.path = path
        self.cdll = cdll
        self.operations = operations
        # (cmdlet in lower case, key form, body form) -> row, for the Client.
        self.by_shape = {(row["cmdlet"].lower(), row["key"], row["body"]): row for row in operations}

    def __getattr__(self, name: str) -> Any:
        # Called only for names not yet set on the instance: keep the export
        # there, so later calls find it without coming here.
        function = getattr(self.cdll, name)
        setattr(self, name, function)
        return function


def _read_operations(cdll: ctypes.CDLL) -> List[Dict[str, Any]]:
    # The copy-out protocol by hand: _ffi.read_string reports failures
    # through lib(), which is what is being loaded here.
    out_len = ctypes.c_size_t(0)
    cdll.mgp_operations_json(None, 0, ctypes.byref(out_len))
    buf = ctypes.create_string_buffer(out_len.value + 1)
    status = cdll.mgp_operations_json(buf, len(buf), ctypes.byref(out_len))
    if status != 0:
        raise AbiMismatchError(f"mgp_operations_json failed with status {status}")
    rows: List[Dict[str, Any]] = json.loads(buf.raw[: out_len.value].decode("utf-8"))
    return rows


def open_library(path: str) -> Library:
    """Loads the library at ``path``, checks its ABI and declares its exports.

    Raises:
        OSError: the file cannot be loaded.
        AbiMismatchError: it has another ABI generation, or lacks an export.
    """
    cdll = ctypes.CDLL(path)
    try:
        abi = cdll.mgp_abi_version
    except AttributeError:
        raise AbiMismatchError(f"{path} is not libmgpolicy: it has no mgp_abi_version") from None
    abi.restype, abi.argtypes = ctypes.c_uint32, []
    found = abi()
    if found != ABI_VERSION:
        raise AbiMismatchError(
            f"{path} has mgpolicy ABI version {found}, but this Python module was written for ABI "
            f"version {ABI_VERSION}: install the matching mgpolicy package or library"
        )
    try:
        for name, (restype, argtypes) in _FIXED.items():
            function = getattr(cdll, name)
            function.restype, function.argtypes = restype, argtypes
        operations = _read_operations(cdll)
        for row in operations:
            function = getattr(cdll, row["export"])
            function.restype, function.argtypes = _status, operation_argtypes(row)
    except AttributeError as e:
        raise AbiMismatchError(f"{path} lacks an export of ABI version {ABI_VERSION}: {e}") from None
    return Library(path, cdll, operations)


def find_library(paths: Optional[Sequence[str]] = None) -> Library:
    """Opens the first loadable library among ``paths`` (default: :func:`candidates`).

    A file that loads but has another ABI raises :class:`AbiMismatchError`
    at once, rather than falling back to an older copy elsewhere.
    """
    tried = []
    for path in candidates() if paths is None else paths:
        is_file_path = os.sep in path or (os.altsep is not None and os.altsep in path)
        if is_file_path and not os.path.exists(path):
            tried.append(f"{path} (no such file)")
            continue
        try:
            return open_library(path)
        except OSError as e:
            tried.append(f"{path} ({e})")
    hint = f"set {LIBRARY_ENV} to the library's path"
    raise LibraryNotFoundError("libmgpolicy was not found ({}); looked at:\n  {}".format(hint, "\n  ".join(tried)))


_lock = threading.Lock()
_loaded: Optional[Library] = None


def lib() -> Library:
    """The process's library, found and loaded on first use."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = find_library()
    return _loaded
