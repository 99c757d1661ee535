"""Calling conventions shared by every wrapper: strings out through the
``(buf, len, *out_len)`` protocol, statuses into exceptions, and the base
class of objects the library owns."""

from __future__ import annotations

import ctypes
import json
import threading

from . import _library
from .errors import BufferTooSmallError, ClosedError, Status, error_for

# typing is imported only by type checkers: it is slow to import, and this
# module loads on every start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, ClassVar, Dict, Optional, TypeVar

    _Self = TypeVar("_Self", bound="NativeObject")


# Each thread's copy-out buffer, reused from call to call: most strings fit,
# so an export is called once instead of once for the length and once more.
_buffers = threading.local()
_FIRST_BUFFER = 16 * 1024


def read_string(function: Callable[..., int], *args: Any) -> str:
    """Calls a copy-out export (``function(*args, buf, len, &out_len)``) into
    a buffer Python owns (so Python never frees library memory): first the
    thread's reusable buffer, and when the text does not fit, once more into
    a buffer of the length the library reported."""
    out_len = ctypes.c_size_t(0)
    buf = getattr(_buffers, "buf", None)
    if buf is None:
        buf = _buffers.buf = ctypes.create_string_buffer(_FIRST_BUFFER)
    for _ in range(4):
        status = function(*args, buf, len(buf), ctypes.byref(out_len))
        if status == Status.OK:
            return ctypes.string_at(buf, out_len.value).decode("utf-8")
        if status != Status.BUFFER_TOO_SMALL:
            check_status(status)
        buf = ctypes.create_string_buffer(out_len.value + 1)
    raise BufferTooSmallError(
        "the library kept changing the length of a string",
        status=Status.BUFFER_TOO_SMALL,
        status_name=Status.BUFFER_TOO_SMALL.c_name,
    )


def read_json(function: Callable[..., int], *args: Any) -> Any:
    """:func:`read_string` for exports that copy out JSON."""
    return json.loads(read_string(function, *args))


def last_error_message() -> str:
    """The calling thread's last error message from the library."""
    return read_string(_library.lib().mgp_last_error_message)


def status_name(status: int) -> str:
    """The header's name of a status, asked of the library (so statuses newer
    than this module are named too)."""
    name: bytes = _library.lib().mgp_status_name(status)
    return name.decode("utf-8")


def check_status(status: int, response: Optional[Dict[str, Any]] = None) -> None:
    """Raises the exception for a failing ``status``; returns for ``OK``.

    ``response`` is the call's response document when the library wrote one;
    otherwise the message is the thread's last error, so call this right
    after the failing call, on the same thread.
    """
    if status == Status.OK:
        return
    if response is not None:
        message = str(response.get("message") or "")
    else:
        message = last_error_message()
    raise error_for(status, status_name(status), message or status_name(status), response)


class _Borrowed:
    """``with obj._borrow() as ptr``: the object's pointer for one call."""

    __slots__ = ("_owner",)

    def __init__(self, owner: NativeObject) -> None:
        self._owner = owner

    def __enter__(self) -> Any:
        return self._owner._acquire()

    def __exit__(self, *exc_info: Any) -> None:
        self._owner._release()


class NativeObject:
    """An object owned by the library, freed by its ``_free`` export exactly once.

    Subclasses name the export in ``_free_function``. Calls borrow the
    pointer with :meth:`_borrow`; :meth:`close` waits for borrowed calls on
    other threads to finish before freeing, and later borrows raise
    :class:`ClosedError`. The finaliser frees what was not closed.
    """

    _free_function: ClassVar[str] = ""
    _ptr: Any = None

    def __init__(self, library: "_library.Library", ptr: Any) -> None:
        self._lib = library
        self._ptr = ptr
        self._idle = threading.Condition(threading.Lock())
        self._borrowers = 0

    @property
    def closed(self) -> bool:
        """True once the object was closed."""
        return not self._ptr

    def _acquire(self) -> Any:
        """Borrows the pointer for one call; pair with :meth:`_release`."""
        with self._idle:
            if not self._ptr:
                raise ClosedError(f"this {type(self).__name__} is closed")
            self._borrowers += 1
            return self._ptr

    def _release(self) -> None:
        with self._idle:
            self._borrowers -= 1
            if not self._ptr:
                # close() is waiting for the calls still running.
                self._idle.notify_all()

    def _borrow(self) -> _Borrowed:
        return _Borrowed(self)

    def close(self) -> None:
        """Frees the native object; calls on other threads finish first.
        Closing twice does nothing."""
        with self._idle:
            ptr, self._ptr = self._ptr, None
            while self._borrowers:
                self._idle.wait()
        if ptr:
            getattr(self._lib, self._free_function)(ptr)

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __del__(self) -> None:
        ptr, self._ptr = self._ptr, None
        if ptr:
            getattr(self._lib, self._free_function)(ptr)
