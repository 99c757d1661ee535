"""Statuses of the mgpolicy C ABI and the exceptions raised for them.

Every fallible export returns an ``mgp_status``. :class:`Status` mirrors the
header's ``MGP_STATUS_*`` constants (their numbers never change), and each
failing status has one exception class, all derived from :class:`MgpError`.
A status this module does not know (from a newer library) raises
:class:`MgpError` itself, named by the library.
"""

from __future__ import annotations

import enum

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List, Mapping, Optional, Type


class Status(enum.IntEnum):
    """``mgp_status``: the outcome of a library call (``MGP_STATUS_<NAME>``)."""

    OK = 0
    INVALID_ARGUMENT = 1
    NULL_ARGUMENT = 2
    INVALID_UTF8 = 3
    INVALID_JSON = 4
    BUFFER_TOO_SMALL = 5
    NOT_FOUND = 6
    CONFLICT = 7
    UNAUTHORIZED = 8
    FORBIDDEN = 9
    THROTTLED = 10
    TIMEOUT = 11
    TRANSPORT = 12
    SERVICE_ERROR = 13
    BAD_REQUEST = 14
    PRECONDITION_FAILED = 15
    HTTP_ERROR = 16
    INVALID_CONFIG = 17
    AUTHENTICATION_FAILED = 18
    PANIC = 19

    @property
    def c_name(self) -> str:
        """The header's name for this status, e.g. ``MGP_STATUS_NOT_FOUND``."""
        return "MGP_STATUS_" + self.name


class MgpError(Exception):
    """A failed library call.

    Attributes:
        status: the ``mgp_status`` number, or ``None`` for errors the binding
            raises itself (library not found, ABI mismatch, closed client).
        status_name: the header's name of the status (``MGP_STATUS_...``).
        http_status: the HTTP status of Graph's last answer; 0 when nothing
            was answered (the call was refused, or the connection failed).
        code: Graph's error code (e.g. ``Request_ResourceNotFound``), or
            ``None`` when the answer carried no Graph error.
        message: a readable account of the failure.
        request_id: Graph's request-id, when there is one.
        response: the whole response document (``mgp_response_to_json``:
            request, headers, body, error, attempts, ...), or ``None`` when
            the library refused the call before forming a request.
    """

    #: The status this class stands for (set on each subclass).
    status_for: Optional[Status] = None

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int] = None,
        status_name: Optional[str] = None,
        response: Optional[Dict[str, Any]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.status_name = status_name
        self.response = response
        error = (response or {}).get("error") or {}
        self.http_status: int = int((response or {}).get("http_status") or 0)
        self.code: Optional[str] = error.get("code") or None
        self.request_id: Optional[str] = (
            (response or {}).get("request_id") or error.get("request_id") or self.header("request-id")
        )

    @property
    def headers(self) -> Dict[str, List[str]]:
        """The response headers, ``{name: [values]}`` (empty without a response)."""
        return dict((self.response or {}).get("headers") or {})

    def header(self, name: str) -> Optional[str]:
        """The first value of a response header, matched case-insensitively."""
        wanted = name.lower()
        for key, values in self.headers.items():
            if key.lower() == wanted and values:
                return values[0]
        return None

    def __str__(self) -> str:
        if self.status_name:
            return f"{self.status_name}: {self.message}"
        return self.message


class InvalidArgumentError(MgpError, ValueError):
    """An argument the library cannot accept: a bad GUID, an unknown option or
    property, a beta-only property on v1.0, CR/LF in a header, ..."""

    status_for = Status.INVALID_ARGUMENT


class NullArgumentError(MgpError, ValueError):
    """A required argument was missing (NULL at the C ABI)."""

    status_for = Status.NULL_ARGUMENT


class InvalidUtf8Error(MgpError, ValueError):
    """A string argument was not valid UTF-8."""

    status_for = Status.INVALID_UTF8


class InvalidJsonError(MgpError, ValueError):
    """A JSON argument could not be parsed."""

    status_for = Status.INVALID_JSON


class BufferTooSmallError(MgpError):
    """A copy-out buffer was too small (the binding sizes its buffers, so this
    means the library changed a string between two reads)."""

    status_for = Status.BUFFER_TOO_SMALL


class NotFoundError(MgpError):
    """Graph answered 404."""

    status_for = Status.NOT_FOUND


class ConflictError(MgpError):
    """Graph answered 409 (e.g. a Set for a partner that already has a policy)."""

    status_for = Status.CONFLICT


class UnauthorizedError(MgpError):
    """Graph answered 401, or no token could be obtained."""

    status_for = Status.UNAUTHORIZED


class ForbiddenError(MgpError):
    """Graph answered 403 (the application lacks the permission)."""

    status_for = Status.FORBIDDEN


class ThrottledError(MgpError):
    """Graph kept answering 429 until the retry policy gave up; the
    ``Retry-After`` header is in :attr:`headers`."""

    status_for = Status.THROTTLED

    @property
    def retry_after(self) -> Optional[str]:
        """Graph's last ``Retry-After`` value (seconds or an HTTP date)."""
        return self.header("Retry-After")


class RequestTimeoutError(MgpError):
    """A request, or the whole call, ran out of time."""

    status_for = Status.TIMEOUT


class TransportError(MgpError):
    """The connection failed (DNS, TCP, TLS, proxy, connection dropped)."""

    status_for = Status.TRANSPORT


class ServiceError(MgpError):
    """Graph answered 5xx (after retries where they apply)."""

    status_for = Status.SERVICE_ERROR


class BadRequestError(MgpError):
    """Graph answered 400 or 422."""

    status_for = Status.BAD_REQUEST


class PreconditionFailedError(MgpError):
    """Graph answered 412 (If-Match did not match)."""

    status_for = Status.PRECONDITION_FAILED


class HttpError(MgpError):
    """Graph answered another 4xx status."""

    status_for = Status.HTTP_ERROR


class InvalidConfigError(MgpError, ValueError):
    """The client configuration was rejected."""

    status_for = Status.INVALID_CONFIG


class AuthenticationError(MgpError):
    """The credential could not produce a token (bad secret, unknown app, ...)."""

    status_for = Status.AUTHENTICATION_FAILED


class PanicError(MgpError):
    """The library caught an internal panic; the call had no effect it knows
    of, and the client stays usable."""

    status_for = Status.PANIC


class LibraryNotFoundError(MgpError, OSError):
    """No loadable libmgpolicy was found (the message lists where it looked)."""


class AbiMismatchError(MgpError, ImportError):
    """The library found has another ABI generation than this module."""


class ClosedError(MgpError, ValueError):
    """The object was used after ``close()`` (or after its ``with`` block)."""


def _by_status() -> Dict[int, Type[MgpError]]:
    table: Dict[int, Type[MgpError]] = {}
    pending: List[Type[MgpError]] = [MgpError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.status_for is not None:
            table[int(cls.status_for)] = cls
    return table


#: The exception class for each failing status.
EXCEPTIONS: Mapping[int, Type[MgpError]] = _by_status()


def error_for(
    status: int,
    status_name: str,
    message: str,
    response: Optional[Dict[str, Any]] = None,
) -> MgpError:
    """The exception for a failing ``status`` (``MgpError`` for unknown ones)."""
    cls = EXCEPTIONS.get(status, MgpError)
    return cls(message, status=status, status_name=status_name, response=response)
