"""mgpolicy: Microsoft Entra cross-tenant identity synchronization policies
through Microsoft Graph, over the mgpolicy native library (ctypes, no other
dependencies).

Example::

    import mgpolicy

    with mgpolicy.Client({"credential": {"type": "environment"}}) as client:
        client.set_identity_sync("90e29127-71ad-49c7-9ce8-db3f41ea06f1", user_sync_inbound=True)
        print(client.get_identity_sync("90e29127-71ad-49c7-9ce8-db3f41ea06f1"))

The library is found through ``MGPOLICY_LIBRARY``, next to this package, in a
repository checkout's ``target/`` or by the system loader (see
:mod:`mgpolicy._library`).
"""

from ._library import ABI_VERSION, LIBRARY_ENV
from .client import Client, abi_version, library_path, operations, version
from .errors import (
    EXCEPTIONS,
    AbiMismatchError,
    AuthenticationError,
    BadRequestError,
    BufferTooSmallError,
    ClosedError,
    ConflictError,
    ForbiddenError,
    HttpError,
    InvalidArgumentError,
    InvalidConfigError,
    InvalidJsonError,
    InvalidUtf8Error,
    LibraryNotFoundError,
    MgpError,
    NotFoundError,
    NullArgumentError,
    PanicError,
    PreconditionFailedError,
    RequestTimeoutError,
    ServiceError,
    Status,
    ThrottledError,
    TransportError,
    UnauthorizedError,
)

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``Partner``, the type of a partner argument, made when first asked
    for (it needs :mod:`typing`, which start-up does without)."""
    if name == "Partner":
        from . import client

        return client.Partner
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "ABI_VERSION",
    "EXCEPTIONS",
    "LIBRARY_ENV",
    "AbiMismatchError",
    "AuthenticationError",
    "BadRequestError",
    "BufferTooSmallError",
    "Client",
    "ClosedError",
    "ConflictError",
    "ForbiddenError",
    "HttpError",
    "InvalidArgumentError",
    "InvalidConfigError",
    "InvalidJsonError",
    "InvalidUtf8Error",
    "LibraryNotFoundError",
    "MgpError",
    "NotFoundError",
    "NullArgumentError",
    "PanicError",
    "Partner",
    "PreconditionFailedError",
    "RequestTimeoutError",
    "ServiceError",
    "Status",
    "ThrottledError",
    "TransportError",
    "UnauthorizedError",
    "abi_version",
    "library_path",
    "operations",
    "version",
]
