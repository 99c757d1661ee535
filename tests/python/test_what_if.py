"""What-if: every method returns the exact request it would send, and
nothing reaches the emulator (not even a token request)."""

from typing import Any

import pytest

import mgpolicy
from conftest import DELETED_IDENTITY_KEY, LIVE_IDENTITY_KEY, PARTNER

LIVE = f"/policies/crossTenantAccessPolicy/partners/{PARTNER}/identitySynchronization"
DELETED = "/policies/deletedItems/crossTenantSyncPolicyPartners"


def test_what_if_sends_nothing(seeded: Any) -> None:
    seeded.seed(
        sync_policies=[{"tenantId": PARTNER, "displayName": "Live"}],
        deleted_sync_policies=[{"tenantId": "c3a4b5d6-1e2f-4a3b-9c8d-7e6f5a4b3c2d"}],
    )
    before = seeded.admin("GET", "/state")
    with mgpolicy.Client(seeded.config()) as client:
        plan = client.set_identity_sync(PARTNER, user_sync_inbound=True, display_name="Planned", what_if=True)
        assert plan["method"] == "PUT"
        assert plan["url"] == seeded.info["https_url"] + "/v1.0" + LIVE
        assert plan["body"] == {"displayName": "Planned", "userSyncInbound": {"isSyncAllowed": True}}
        assert plan["headers"]["Authorization"] == "Bearer <redacted>"

        plan = client.set_identity_sync(
            {LIVE_IDENTITY_KEY: PARTNER}, body={"displayname": "x"}, beta=True, what_if=True
        )
        assert (plan["method"], plan["url"], plan["body"]) == (
            "PUT",
            seeded.info["https_url"] + "/beta" + LIVE,
            {"displayName": "x"},
        )

        plan = client.update_identity_sync(
            PARTNER, group_sync_inbound=False, beta=True, what_if=True, headers={"X-Change": "42"}
        )
        assert plan["method"] == "PATCH"
        assert plan["body"] == {"groupSyncInbound": {"isSyncAllowed": False}}
        assert plan["headers"]["X-Change"] == "42"

        plan = client.remove_identity_sync(PARTNER, if_match='W/"7"', what_if=True)
        assert (plan["method"], plan["headers"]["If-Match"], plan["body"]) == ("DELETE", 'W/"7"', None)

        plan = client.get_identity_sync(PARTNER, select=["displayName"], what_if=True)
        assert plan["method"] == "GET" and "select=displayName" in plan["url"]

        plan = client.list_deleted_sync_partners(filter="tenantId eq 'x'", top=5, what_if=True)
        assert plan["url"].startswith(seeded.info["https_url"] + "/beta" + DELETED + "?")
        assert "filter=" in plan["url"] and "top=5" in plan["url"]

        plan = client.restore_deleted_sync_partner({DELETED_IDENTITY_KEY: PARTNER}, what_if=True)
        assert (plan["method"], plan["url"]) == (
            "POST",
            "{}/beta{}/{}/restore".format(seeded.info["https_url"], DELETED, PARTNER),
        )

        plan = client.remove_deleted_sync_partner(PARTNER, what_if=True)
        assert (plan["method"], plan["url"]) == (
            "DELETE",
            "{}/beta{}/{}".format(seeded.info["https_url"], DELETED, PARTNER),
        )

    assert seeded.requests(graph_only=False) == []
    assert seeded.admin("GET", "/state") == before


def test_what_if_still_validates(seeded: Any, client: mgpolicy.Client) -> None:
    with pytest.raises(mgpolicy.InvalidArgumentError, match="unknownThing"):
        client.set_identity_sync(PARTNER, body={"unknownThing": 1}, what_if=True)
    assert seeded.requests(graph_only=False) == []
