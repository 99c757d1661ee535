"""Every operation through the Client, against the emulator: the export each
method calls, the request that reached Graph, the returned body and the
emulator's state afterwards."""

import uuid
from typing import Any, Callable, Dict, List

import pytest

import mgpolicy
from conftest import DELETED_IDENTITY_KEY, LIVE_IDENTITY_KEY, OTHER_PARTNER, PARTNER
from mgpolicy import _library

LIVE_PATH = "/policies/crossTenantAccessPolicy/partners/{}/identitySynchronization"
DELETED_PATH = "/policies/deletedItems/crossTenantSyncPolicyPartners"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> List[str]:
    """Records the name of every operation export the binding calls (in order)."""
    lib = _library.lib()
    called: List[str] = []

    def recorder(name: str) -> Callable[..., int]:
        real = getattr(lib.cdll, name)

        def record(*args: Any) -> int:
            called.append(name)
            return real(*args)

        return record

    for name in [row["export"] for row in lib.operations] + ["mgp_operation_invoke"]:
        monkeypatch.setattr(lib, name, recorder(name), raising=False)
    return called


def last_request(emu: Any) -> Dict[str, Any]:
    log = emu.requests()
    assert log, "no Graph request reached the emulator"
    return log[-1]


@pytest.mark.parametrize("beta", [False, True], ids=["v1.0", "beta"])
@pytest.mark.parametrize("via_identity", [False, True], ids=["id", "identity"])
def test_live_policy_lifecycle(
    seeded: Any, client: mgpolicy.Client, calls: List[str], beta: bool, via_identity: bool
) -> None:
    partner: Any = {LIVE_IDENTITY_KEY: PARTNER} if via_identity else PARTNER
    export = "mgp_{}identity_sync_{{}}{}".format("beta_" if beta else "", "_via_identity" if via_identity else "")
    version = "/beta" if beta else "/v1.0"
    beta_fields: Dict[str, Any] = {"group_sync_inbound": False, "role_enabled_group_sync_inbound": True} if beta else {}

    # Set, expanded arguments
    assert (
        client.set_identity_sync(partner, display_name="Contoso", user_sync_inbound=True, beta=beta, **beta_fields)
        is None
    )
    assert calls[-1] == export.format("set_set") + "_expanded"
    request = last_request(seeded)
    assert (request["method"], request["path"], request["status"]) == ("PUT", version + LIVE_PATH.format(PARTNER), 204)
    policy = seeded.policy(PARTNER)
    assert policy["displayName"] == "Contoso"
    assert policy["userSyncInbound"] == {"isSyncAllowed": True}
    if beta:
        assert policy["groupSyncInbound"] == {"isSyncAllowed": False}
        assert policy["roleEnabledGroupSyncInbound"] == {"isSyncAllowed": True}

    # Get
    got = client.get_identity_sync(partner, beta=beta)
    assert calls[-1] == export.format("get_get")
    assert got["tenantId"] == PARTNER
    assert got["displayName"] == "Contoso"
    assert got["userSyncInbound"] == {"isSyncAllowed": True}
    assert last_request(seeded)["path"] == version + LIVE_PATH.format(PARTNER)

    # Update, expanded arguments
    assert client.update_identity_sync(partner, user_sync_inbound=False, beta=beta) is None
    assert calls[-1] == export.format("update_update") + "_expanded"
    assert last_request(seeded)["method"] == "PATCH"
    assert seeded.policy(PARTNER)["userSyncInbound"] == {"isSyncAllowed": False}
    assert seeded.policy(PARTNER)["displayName"] == "Contoso"

    # Update, body (names in any case)
    assert client.update_identity_sync(partner, body={"DisplayName": "Fabrikam"}, beta=beta) is None
    assert calls[-1] == export.format("update_update")
    assert seeded.policy(PARTNER)["displayName"] == "Fabrikam"

    # Remove: gone from the partner, kept among the deleted items
    assert client.remove_identity_sync(partner, beta=beta) is None
    assert calls[-1] == export.format("remove_delete")
    assert (last_request(seeded)["method"], last_request(seeded)["status"]) == ("DELETE", 204)
    assert seeded.policy(PARTNER) is None
    assert [d["tenantId"] for d in seeded.deleted()] == [PARTNER]

    # Set, whole body
    body: Dict[str, Any] = {"displayName": "Woodgrove", "userSyncInbound": {"isSyncAllowed": "True"}}
    assert client.set_identity_sync(partner, body=body, beta=beta) is None
    assert calls[-1] == export.format("set_set")
    policy = seeded.policy(PARTNER)
    assert policy["displayName"] == "Woodgrove"
    assert policy["userSyncInbound"] == {"isSyncAllowed": True}
    assert last_request(seeded)["body"] and '"isSyncAllowed":true' in last_request(seeded)["body"].replace(" ", "")


def test_body_as_json_text_and_uuid_partner(seeded: Any, client: mgpolicy.Client) -> None:
    client.set_identity_sync(uuid.UUID(PARTNER), body='{"displayName": "From text"}')
    assert seeded.policy(PARTNER)["displayName"] == "From text"
    assert client.get_identity_sync(uuid.UUID(PARTNER))["displayName"] == "From text"


def test_beta_only_properties(seeded: Any, client: mgpolicy.Client) -> None:
    app_id = "00000003-0000-0000-c000-000000000000"
    client.set_identity_sync(
        PARTNER,
        external_cloud_authorized_application_id=app_id,
        additional_properties={"displayName": "Extra"},
        beta=True,
    )
    policy = seeded.policy(PARTNER)
    assert policy["externalCloudAuthorizedApplicationId"] == app_id
    assert policy["displayName"] == "Extra"
    got = client.get_identity_sync(PARTNER, beta=True, select=["tenantId", "externalCloudAuthorizedApplicationId"])
    assert got["externalCloudAuthorizedApplicationId"] == app_id
    assert "displayName" not in got
    assert "select=tenantId,externalCloudAuthorizedApplicationId" in last_request(seeded)["query"].replace("%24", "$")


def test_get_passes_select_headers_and_client_request_id(seeded: Any, client: mgpolicy.Client) -> None:
    seeded.seed(sync_policies=[{"tenantId": PARTNER, "displayName": "Seeded"}])
    crid = str(uuid.uuid4())
    got = client.get_identity_sync(PARTNER, select="displayName", headers={"X-Trace": "abc"}, client_request_id=crid)
    assert got["displayName"] == "Seeded"
    assert "userSyncInbound" not in got
    request = last_request(seeded)
    assert request["headers"]["x-trace"] == "abc"
    assert request["headers"]["client-request-id"] == crid
    assert "displayName" in request["query"]


def test_remove_sends_if_match(seeded: Any, client: mgpolicy.Client) -> None:
    seeded.seed(sync_policies=[{"tenantId": PARTNER}])
    client.remove_identity_sync(PARTNER, if_match='W/"1"')
    assert last_request(seeded)["headers"]["if-match"] == 'W/"1"'
    assert seeded.policy(PARTNER) is None


@pytest.fixture
def deleted(seeded: Any) -> Any:
    """Two soft-deleted policies whose partner configurations exist."""
    seeded.seed(
        deleted_sync_policies=[
            {"tenantId": PARTNER, "displayName": "Old one"},
            {"tenantId": OTHER_PARTNER, "displayName": "Old two", "userSyncInbound": {"isSyncAllowed": True}},
        ]
    )
    return seeded


def test_list_deleted(deleted: Any, client: mgpolicy.Client, calls: List[str]) -> None:
    listed = client.list_deleted_sync_partners()
    assert calls == ["mgp_beta_deleted_sync_partner_get_list"]
    assert sorted(item["tenantId"] for item in listed["value"]) == sorted([PARTNER, OTHER_PARTNER])
    assert last_request(deleted)["path"] == "/beta" + DELETED_PATH

    filtered = client.list_deleted_sync_partners(filter=f"tenantId eq '{OTHER_PARTNER}'")
    assert [item["displayName"] for item in filtered["value"]] == ["Old two"]

    counted = client.list_deleted_sync_partners(top=1, count=True)
    assert len(counted["value"]) == 1
    assert counted["@odata.count"] == 2

    every = client.list_deleted_sync_partners(all=True, page_size=1, orderby="displayName")
    assert [item["displayName"] for item in every["value"]] == ["Old one", "Old two"]
    pages = deleted.requests()[3:]
    assert len(pages) == 2, "all=True with page_size=1 follows two pages"
    assert "skiptoken" in pages[1]["query"]


@pytest.mark.parametrize("via_identity", [False, True], ids=["id", "identity"])
def test_deleted_get_restore_remove(
    deleted: Any, client: mgpolicy.Client, calls: List[str], via_identity: bool
) -> None:
    suffix = "_via_identity" if via_identity else ""

    def key(tenant: str) -> Any:
        return {DELETED_IDENTITY_KEY: tenant} if via_identity else tenant

    got = client.get_deleted_sync_partner(key(PARTNER))
    assert calls[-1] == "mgp_beta_deleted_sync_partner_get_get" + suffix
    assert got["displayName"] == "Old one"
    assert got["tenantId"] == PARTNER
    assert last_request(deleted)["path"] == f"/beta{DELETED_PATH}/{PARTNER}"

    restored = client.restore_deleted_sync_partner(key(PARTNER))
    assert calls[-1] == "mgp_beta_deleted_sync_partner_restore_restore" + suffix
    assert restored["tenantId"] == PARTNER
    assert restored["displayName"] == "Old one"
    assert (last_request(deleted)["method"], last_request(deleted)["path"]) == (
        "POST",
        f"/beta{DELETED_PATH}/{PARTNER}/restore",
    )
    assert deleted.policy(PARTNER)["displayName"] == "Old one"
    assert [d["tenantId"] for d in deleted.deleted()] == [OTHER_PARTNER]

    assert client.remove_deleted_sync_partner(key(OTHER_PARTNER)) is None
    assert calls[-1] == "mgp_beta_deleted_sync_partner_remove_delete" + suffix
    assert (last_request(deleted)["method"], last_request(deleted)["status"]) == ("DELETE", 204)
    assert deleted.deleted() == []
    assert deleted.policy(OTHER_PARTNER) is None


def test_every_row_of_the_table_is_reached_by_a_method(client: mgpolicy.Client) -> None:
    """The exports the tests above expect are exactly the table's exports."""
    expected = set()
    for beta in ("", "beta_"):
        for suffix in ("", "_via_identity"):
            prefix = f"mgp_{beta}identity_sync_"
            expected |= {
                prefix + "get_get" + suffix,
                prefix + "set_set" + suffix + "_expanded",
                prefix + "set_set" + suffix,
                prefix + "update_update" + suffix + "_expanded",
                prefix + "update_update" + suffix,
                prefix + "remove_delete" + suffix,
            }
    for suffix in ("", "_via_identity"):
        expected |= {
            "mgp_beta_deleted_sync_partner_get_get" + suffix,
            "mgp_beta_deleted_sync_partner_restore_restore" + suffix,
            "mgp_beta_deleted_sync_partner_remove_delete" + suffix,
        }
    expected.add("mgp_beta_deleted_sync_partner_get_list")
    assert {row["export"] for row in client.operations()} == expected


def test_invoke_by_cmdlet_name(seeded: Any, client: mgpolicy.Client, calls: List[str]) -> None:
    cmdlet = "Set-MgBetaPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization"
    assert client.invoke(cmdlet, id=PARTNER, fields={"display_name": "Invoked", "group_sync_inbound": True}) is None
    assert calls == ["mgp_operation_invoke"]
    policy = seeded.policy(PARTNER)
    assert policy["displayName"] == "Invoked"
    assert policy["groupSyncInbound"] == {"isSyncAllowed": True}

    got = client.invoke(
        "get-mgpolicycrosstenantaccesspolicypartneridentitysynchronization",
        "GetViaIdentity",
        identity={LIVE_IDENTITY_KEY: PARTNER},
        options={"select": ["displayName"]},
    )
    assert got["displayName"] == "Invoked"
    assert last_request(seeded)["path"] == "/v1.0" + LIVE_PATH.format(PARTNER)

    client.invoke(
        "Update-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization",
        "Update",
        '{"id": "%s", "body": {"displayName": "As JSON text"}}' % PARTNER,
    )
    assert seeded.policy(PARTNER)["displayName"] == "As JSON text"

    plan = client.invoke(
        "Remove-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization", id=PARTNER, options={"what_if": True}
    )
    assert plan["method"] == "DELETE"
    assert seeded.policy(PARTNER) is not None


def test_invoke_rejects_mixed_arguments(client: mgpolicy.Client) -> None:
    with pytest.raises(TypeError):
        client.invoke("Get-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization", None, "{}", id=PARTNER)


def test_operations_table(client: mgpolicy.Client) -> None:
    rows = mgpolicy.operations()
    assert rows == client.operations()
    assert len(rows) == 31
    assert len({row["export"] for row in rows}) == 31
    by_action = {row["should_process_action"]: row for row in rows}
    row = by_action["Restore-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner_RestoreViaIdentity"]
    assert (row["method"], row["key"], row["api_version"]) == ("POST", "identity", "beta")
    assert row["export"] == "mgp_beta_deleted_sync_partner_restore_restore_via_identity"


def test_expanded_and_body_arguments_do_not_mix(client: mgpolicy.Client) -> None:
    with pytest.raises(TypeError, match="display_name"):
        client.set_identity_sync(PARTNER, body={}, display_name="x")
    with pytest.raises(TypeError, match="user_sync_inbound"):
        client.update_identity_sync(PARTNER, user_sync_inbound="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        client.get_identity_sync(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="NUL"):
        client.get_identity_sync(PARTNER + "\0")
