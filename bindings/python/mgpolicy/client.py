"""The :class:`Client`: one method per operation, each a thin face of one row
of the library's operations table."""

from __future__ import annotations

import ctypes
import json
import sys
from collections.abc import Mapping as _Mapping

from . import _library
from ._ffi import NativeObject, check_status, read_json
from ._library import ClientPtr, ResponsePtr, SyncPolicyFields
from .errors import MgpError, Status

_LIVE = "PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization"
_DELETED = "PolicyDeletedItemCrossTenantSyncPolicyPartner"


# typing is imported only by type checkers (and by the aliases below, on
# first use): it is slow to import, and this module loads on every start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import uuid
    from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

    #: A partner: its tenant id (a GUID string or :class:`uuid.UUID`), or an
    #: identity mapping (``InputObject``), which selects the ViaIdentity form:
    #: ``{"CrossTenantAccessPolicyConfigurationPartnerTenantId": ...}`` for the
    #: live policy, ``{"CrossTenantIdentitySyncPolicyPartnerTenantId": ...}`` for
    #: deleted items (key names in any letter case).
    Partner = Union[str, uuid.UUID, Mapping[str, Any]]

    #: ``$select`` / ``$expand`` / ``$orderby``: a list of names or one comma-separated string.
    Names = Union[str, Sequence[str]]

    #: A request body: a mapping, or JSON text passed through unchanged.
    Body = Union[Mapping[str, Any], str]


def __getattr__(name: str) -> object:
    """The type aliases ``Partner``, ``Names`` and ``Body`` at run time,
    made when first asked for."""
    if name not in ("Partner", "Names", "Body"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import typing
    import uuid

    aliases = {
        "Partner": typing.Union[str, uuid.UUID, typing.Mapping[str, typing.Any]],
        "Names": typing.Union[str, typing.Sequence[str]],
        "Body": typing.Union[typing.Mapping[str, typing.Any], str],
    }
    globals().update(aliases)
    return aliases[name]


def _is_uuid(value: Any) -> bool:
    """True for a :class:`uuid.UUID`. The module is not imported here (it is
    slow to import and this one loads on every start-up): a UUID object can
    only exist once its module was imported by whoever made it."""
    module = sys.modules.get("uuid")
    return module is not None and isinstance(value, module.UUID)


def _json_default(value: Any) -> Any:
    if _is_uuid(value):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _c_string(value: str, what: str) -> bytes:
    if "\0" in value:
        raise ValueError(f"{what} contains a NUL character")
    return value.encode("utf-8")


def _json_arg(value: Any, what: str) -> bytes:
    """JSON for the library: text is passed through, anything else is serialised."""
    text = value if isinstance(value, str) else json.dumps(value, default=_json_default)
    return _c_string(text, what)


def _optional_text(value: Optional[Union[str, uuid.UUID]], what: str) -> Optional[bytes]:
    return None if value is None else _c_string(str(value), what)


def _tristate(value: Optional[bool], what: str) -> int:
    if value is None:
        return _library.TRISTATE_UNSET
    if isinstance(value, bool):
        return _library.TRISTATE_TRUE if value else _library.TRISTATE_FALSE
    raise TypeError(f"{what} must be True, False or None, not {value!r}")


def _key(partner: Optional[Partner]) -> Tuple[str, List[bytes]]:
    """How the partner reaches the export: ("none" | "id" | "identity", args)."""
    if partner is None:
        return "none", []
    if isinstance(partner, _Mapping):
        return "identity", [_json_arg(dict(partner), "the identity")]
    if isinstance(partner, str) or _is_uuid(partner):
        return "id", [_c_string(str(partner), "the partner tenant id")]
    raise TypeError(
        f"the partner must be a tenant id (str or uuid.UUID) or an identity mapping, not {type(partner).__name__}"
    )


def _read_response(library: Any, status: int, response: Any) -> Optional[Dict[str, Any]]:
    """Turns an ``mgp_response`` into the call's result (or raises) and
    frees it. On success only the answer body is read (for what-if, which
    sends nothing, the request); a failure reads the whole response
    document for the exception."""
    try:
        if status == Status.OK:
            part = library.mgp_response_body_json
            if not library.mgp_response_was_sent(response):
                part = library.mgp_response_request_json
            result: Optional[Dict[str, Any]] = read_json(part, response)
            return result
        document: Dict[str, Any] = read_json(library.mgp_response_to_json, response)
    finally:
        library.mgp_response_free(response)
    check_status(status, document)
    raise MgpError("the library reported a failure with status OK")


class Client(NativeObject):
    """A configured connection to Microsoft Graph.

    ``config`` is the client configuration (a mapping, or JSON text) that
    ``mgp_client_new`` takes: ``cloud``, ``graph_url``, ``authority_url``,
    ``credential``, ``retry``, ``timeout_ms``, ``proxy``,
    ``ca_certificate_files``, ... Nothing is sent until the first call.

    A client is thread-safe: share one between threads. Use it as a context
    manager, or call :meth:`close`, to free it; calls after that raise
    :class:`~mgpolicy.ClosedError`.

    Every operation method returns the parsed answer body (a dict), ``None``
    for Graph's 204 No Content, or with ``what_if=True`` the request it
    would send (``{"method", "url", "headers", "body"}``) without sending
    anything. Failures raise the :class:`~mgpolicy.MgpError` subclass of the
    library's status, carrying the whole response (headers included).
    """

    _free_function = "mgp_client_free"

    def __init__(self, config: Union[Mapping[str, Any], str]) -> None:
        library = _library.lib()
        ptr = ClientPtr()
        check_status(library.mgp_client_new(_json_arg(config, "the configuration"), ctypes.byref(ptr)))
        super().__init__(library, ptr)

    def __repr__(self) -> str:
        return "<mgpolicy.Client {}>".format("closed" if self.closed else "open")

    def authenticate(self) -> None:
        """Gets an access token now, so a wrong secret, certificate or
        authority fails here rather than at the first operation. Sends
        nothing to Graph; a fresh cached token makes it a no-op."""
        with self._borrow() as ptr:
            check_status(self._lib.mgp_client_authenticate(ptr))

    # -- plumbing ---------------------------------------------------------

    def _run(self, call: Callable[[Any, Any], int]) -> Optional[Dict[str, Any]]:
        """Runs one operation export and turns its response into the result."""
        out = ResponsePtr()
        ptr = self._acquire()
        try:
            status = call(ptr, ctypes.byref(out))
        finally:
            self._release()
        if not out:
            check_status(status)
            raise MgpError("the library reported success but wrote no response")
        return _read_response(self._lib, status, out)

    def _operation(
        self,
        verb: str,
        noun: str,
        beta: bool,
        partner: Optional[Partner],
        body: str,
        body_args: Sequence[Any],
        options: Dict[str, Any],
    ) -> Optional[Dict[str, Any]]:
        """Calls the export of the row ``<verb>-Mg[Beta]<noun>`` that takes the
        partner and the body in the given forms."""
        key, key_args = _key(partner)
        cmdlet = "{}-Mg{}{}".format(verb, "Beta" if beta else "", noun)
        row = self._lib.by_shape.get((cmdlet.lower(), key, body))
        if row is None:
            raise TypeError(f"{cmdlet} takes no {key} argument")
        function = getattr(self._lib, row["export"])
        # Unset options are left out: None, and what_if=False (the library's default).
        present = {
            name: value
            for name, value in options.items()
            if value is not None and not (name == "what_if" and value is False)
        }
        options_json = _json_arg(present, "the options") if present else None
        args = list(key_args) + list(body_args)
        return self._run(lambda ptr, out: function(ptr, *args, options_json, out))

    def _write(
        self,
        verb: str,
        partner: Partner,
        body: Optional[Body],
        fields: Dict[str, Any],
        beta: bool,
        options: Dict[str, Any],
    ) -> Optional[Dict[str, Any]]:
        """Set or Update: the body set when ``body`` is given, else the Expanded set."""
        given = sorted(name for name, value in fields.items() if value is not None)
        if body is not None:
            if given:
                raise TypeError("give either body= or the expanded arguments ({}), not both".format(", ".join(given)))
            return self._operation(verb, _LIVE, beta, partner, "json", [_json_arg(body, "the body")], options)
        extra = fields["additional_properties"]
        struct = SyncPolicyFields(
            display_name=_optional_text(fields["display_name"], "display_name"),
            tenant_id=_optional_text(fields["tenant_id"], "tenant_id"),
            external_cloud_authorized_application_id=_optional_text(
                fields["external_cloud_authorized_application_id"], "external_cloud_authorized_application_id"
            ),
            additional_properties_json=None if extra is None else _json_arg(extra, "additional_properties"),
            user_sync_inbound=_tristate(fields["user_sync_inbound"], "user_sync_inbound"),
            group_sync_inbound=_tristate(fields["group_sync_inbound"], "group_sync_inbound"),
            role_enabled_group_sync_inbound=_tristate(
                fields["role_enabled_group_sync_inbound"], "role_enabled_group_sync_inbound"
            ),
        )
        return self._operation(verb, _LIVE, beta, partner, "expanded", [ctypes.byref(struct)], options)

    # -- identity synchronization policy (v1.0, or beta=True) -------------

    def get_identity_sync(
        self,
        partner: Partner,
        *,
        beta: bool = False,
        select: Optional[Names] = None,
        expand: Optional[Names] = None,
        headers: Optional[Mapping[str, str]] = None,
        client_request_id: Optional[str] = None,
        what_if: bool = False,
    ) -> Optional[Dict[str, Any]]:
        """``Get-Mg[Beta]PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization``:
        the partner's identity synchronization policy.

        Args:
            partner: the partner tenant id, or an identity mapping.
            beta: use the beta API instead of v1.0.
            select: ``$select`` property names.
            expand: ``$expand`` property names.
            headers: extra request headers (CR/LF and library-owned headers are refused).
            client_request_id: the ``client-request-id`` header.
            what_if: return the request instead of sending it.

        Raises:
            NotFoundError: the partner has no policy.
        """
        options = dict(
            select=select, expand=expand, headers=headers, client_request_id=client_request_id, what_if=what_if
        )
        return self._operation("Get", _LIVE, beta, partner, "none", [], options)

    def set_identity_sync(
        self,
        partner: Partner,
        *,
        body: Optional[Body] = None,
        display_name: Optional[str] = None,
        tenant_id: Optional[Union[str, uuid.UUID]] = None,
        user_sync_inbound: Optional[bool] = None,
        group_sync_inbound: Optional[bool] = None,
        role_enabled_group_sync_inbound: Optional[bool] = None,
        external_cloud_authorized_application_id: Optional[str] = None,
        additional_properties: Optional[Mapping[str, Any]] = None,
        beta: bool = False,
        headers: Optional[Mapping[str, str]] = None,
        client_request_id: Optional[str] = None,
        what_if: bool = False,
    ) -> Optional[Dict[str, Any]]:
        """``Set-Mg[Beta]PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization``:
        creates the partner's policy (PUT; Graph answers 409 when one exists).

        Give either ``body`` (the whole policy, a mapping or JSON text; names
        in any letter case) or the expanded arguments: ``user_sync_inbound=True``
        sends ``{"userSyncInbound": {"isSyncAllowed": true}}``, and so on.
        ``group_sync_inbound``, ``role_enabled_group_sync_inbound`` and
        ``external_cloud_authorized_application_id`` exist only in beta.

        Returns:
            ``None`` (Graph answers 204), or the request with ``what_if=True``.

        Raises:
            ConflictError: the partner already has a policy.
            InvalidArgumentError: an unknown or (on v1.0) beta-only property.
        """
        fields = dict(
            display_name=display_name,
            tenant_id=tenant_id,
            user_sync_inbound=user_sync_inbound,
            group_sync_inbound=group_sync_inbound,
            role_enabled_group_sync_inbound=role_enabled_group_sync_inbound,
            external_cloud_authorized_application_id=external_cloud_authorized_application_id,
            additional_properties=additional_properties,
        )
        options = dict(headers=headers, client_request_id=client_request_id, what_if=what_if)
        return self._write("Set", partner, body, fields, beta, options)

    def update_identity_sync(
        self,
        partner: Partner,
        *,
        body: Optional[Body] = None,
        display_name: Optional[str] = None,
        tenant_id: Optional[Union[str, uuid.UUID]] = None,
        user_sync_inbound: Optional[bool] = None,
        group_sync_inbound: Optional[bool] = None,
        role_enabled_group_sync_inbound: Optional[bool] = None,
        external_cloud_authorized_application_id: Optional[str] = None,
        additional_properties: Optional[Mapping[str, Any]] = None,
        beta: bool = False,
        headers: Optional[Mapping[str, str]] = None,
        client_request_id: Optional[str] = None,
        what_if: bool = False,
    ) -> Optional[Dict[str, Any]]:
        """``Update-Mg[Beta]PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization``:
        changes the given properties of the partner's policy (PATCH).

        Takes the same arguments as :meth:`set_identity_sync`.

        Returns:
            ``None`` (Graph answers 204), or the request with ``what_if=True``.

        Raises:
            NotFoundError: the partner has no policy.
        """
        fields = dict(
            display_name=display_name,
            tenant_id=tenant_id,
            user_sync_inbound=user_sync_inbound,
            group_sync_inbound=group_sync_inbound,
            role_enabled_group_sync_inbound=role_enabled_group_sync_inbound,
            external_cloud_authorized_application_id=external_cloud_authorized_application_id,
            additional_properties=additional_properties,
        )
        options = dict(headers=headers, client_request_id=client_request_id, what_if=what_if)
        return self._write("Update", partner, body, fields, beta, options)

    def remove_identity_sync(
        self,
        partner: Partner,
        *,
        if_match: Optional[str] = None,
        beta: bool = False,
        headers: Optional[Mapping[str, str]] = None,
        client_request_id: Optional[str] = None,
        what_if: bool = False,
    ) -> Optional[Dict[str, Any]]:
        """``Remove-Mg[Beta]PolicyCrossTenantAccessPolicyPartnerIdentitySynchronization``:
        deletes the partner's policy (Graph keeps it among the deleted items).

        Args:
            if_match: the ``If-Match`` header (a 412 raises PreconditionFailedError).

        Returns:
            ``None``, or the request with ``what_if=True``.
        """
        options = dict(if_match=if_match, headers=headers, client_request_id=client_request_id, what_if=what_if)
        return self._operation("Remove", _LIVE, beta, partner, "none", [], options)

    # -- deleted identity synchronization policies (beta) -----------------

    def list_deleted_sync_partners(
        self,
        *,
        filter: Optional[str] = None,
        search: Optional[str] = None,
        top: Optional[int] = None,
        skip: Optional[int] = None,
        orderby: Optional[Names] = None,
        count: Optional[bool] = None,
        all: bool = False,
        page_size: Optional[int] = None,
        select: Optional[Names] = None,
        expand: Optional[Names] = None,
        headers: Optional[Mapping[str, str]] = None,
        client_request_id: Optional[str] = None,
        what_if: bool = False,
    ) -> Optional[Dict[str, Any]]:
        """``Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner`` (List):
        the soft-deleted policies.

        Args:
            filter, search, top, skip, orderby, count: the OData query options.
            all: follow ``@odata.nextLink`` and merge every page.
            page_size: ``$top`` of each page while following pages.

        Returns:
            The answer body, ``{"value": [...], ...}`` (all pages merged with
            ``all=True``), or the request with ``what_if=True``.
        """
        options = dict(
            filter=filter,
            search=search,
            top=top,
            skip=skip,
            orderby=orderby,
            count=count,
            all=all or None,
            page_size=page_size,
            select=select,
            expand=expand,
            headers=headers,
            client_request_id=client_request_id,
            what_if=what_if,
        )
        return self._operation("Get", _DELETED, True, None, "none", [], options)

    def get_deleted_sync_partner(
        self,
        partner: Partner,
        *,
        select: Optional[Names] = None,
        expand: Optional[Names] = None,
        headers: Optional[Mapping[str, str]] = None,
        client_request_id: Optional[str] = None,
        what_if: bool = False,
    ) -> Optional[Dict[str, Any]]:
        """``Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner``: one
        soft-deleted policy, by partner tenant id or identity mapping.

        Raises:
            NotFoundError: no deleted policy for that partner.
        """
        options = dict(
            select=select, expand=expand, headers=headers, client_request_id=client_request_id, what_if=what_if
        )
        return self._operation("Get", _DELETED, True, partner, "none", [], options)

    def restore_deleted_sync_partner(
        self,
        partner: Partner,
        *,
        headers: Optional[Mapping[str, str]] = None,
        client_request_id: Optional[str] = None,
        what_if: bool = False,
    ) -> Optional[Dict[str, Any]]:
        """``Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner``:
        brings a soft-deleted policy back.

        Returns:
            The restored policy, or the request with ``what_if=True``.
        """
        options = dict(headers=headers, client_request_id=client_request_id, what_if=what_if)
        return self._operation("Restore", _DELETED, True, partner, "none", [], options)

    def remove_deleted_sync_partner(
        self,
        partner: Partner,
        *,
        if_match: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
        client_request_id: Optional[str] = None,
        what_if: bool = False,
    ) -> Optional[Dict[str, Any]]:
        """``Remove-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner``:
        deletes a soft-deleted policy for good.

        Returns:
            ``None``, or the request with ``what_if=True``.
        """
        options = dict(if_match=if_match, headers=headers, client_request_id=client_request_id, what_if=what_if)
        return self._operation("Remove", _DELETED, True, partner, "none", [], options)

    # -- by name ----------------------------------------------------------

    def invoke(
        self,
        cmdlet: str,
        parameter_set: Optional[str] = None,
        args_json: Optional[str] = None,
        /,
        **args: Any,
    ) -> Optional[Dict[str, Any]]:
        """Runs any operation by its PowerShell cmdlet name and parameter set
        (``None``: the cmdlet's default set), like ``mgp_operation_invoke``.

        The keyword arguments are the keys the set takes: ``id``,
        ``identity``, ``body``, ``fields`` (``display_name``,
        ``user_sync_inbound``, ...) and ``options`` (``headers``,
        ``if_match``, ``select``, ``what_if``, ``filter``, ``all``, ...).
        ``args_json`` passes that object as JSON text instead.

        Example::

            client.invoke("Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner",
                          options={"filter": "tenantId eq '...'"})
        """
        if args_json is not None and args:
            raise TypeError("give either args_json or keyword arguments, not both")
        cmdlet_c = _c_string(cmdlet, "the cmdlet name")
        set_c = None if parameter_set is None else _c_string(parameter_set, "the parameter set")
        text = args_json if args_json is not None else (args or None)
        args_c = None if text is None else _json_arg(text, "the arguments")
        function = self._lib.mgp_operation_invoke
        return self._run(lambda ptr, out: function(ptr, cmdlet_c, set_c, args_c, out))

    @staticmethod
    def operations() -> List[Dict[str, Any]]:
        """The library's operations table (see :func:`mgpolicy.operations`)."""
        return operations()


def operations() -> List[Dict[str, Any]]:
    """Every operation (cmdlet parameter set) the library implements:
    ``cmdlet``, ``parameter_set``, ``method``, ``path``, ``api_version``,
    ``export``, ``key``, ``body``, ``reply``, ShouldProcess texts, ..."""
    rows: List[Dict[str, Any]] = read_json(_library.lib().mgp_operations_json)
    return rows


def version() -> str:
    """The loaded library's version (``MGP_VERSION``)."""
    text: bytes = _library.lib().mgp_version()
    return text.decode("utf-8")


def abi_version() -> int:
    """The loaded library's ABI generation (``MGP_ABI_VERSION``)."""
    return int(_library.lib().mgp_abi_version())


def library_path() -> str:
    """Where the library was loaded from."""
    return _library.lib().path


__all__ = ["Client", "Partner", "abi_version", "library_path", "operations", "version"]
