"""Failures: each status raises its exception class, carrying Graph's error,
the HTTP status and the whole response; refused calls send nothing."""

from typing import Any

import pytest

import mgpolicy
from conftest import MISSING, PARTNER
from mgpolicy import Status


def test_not_found_carries_everything(seeded: Any, client: mgpolicy.Client) -> None:
    with pytest.raises(mgpolicy.NotFoundError) as caught:
        client.get_identity_sync(PARTNER, client_request_id="11111111-2222-3333-4444-555555555555")
    e = caught.value
    assert isinstance(e, mgpolicy.MgpError)
    assert e.status == Status.NOT_FOUND == 6
    assert e.status_name == "MGP_STATUS_NOT_FOUND"
    assert e.http_status == 404
    assert e.code == "Directory_ObjectNotFound"
    assert e.message and e.message == e.response["message"]
    assert str(e).startswith("MGP_STATUS_NOT_FOUND: ")
    request_id = seeded.requests()[-1]
    assert e.request_id and e.header("request-id") == e.request_id
    assert e.header("Client-Request-Id") == "11111111-2222-3333-4444-555555555555"
    assert e.response["error"]["client_request_id"] == "11111111-2222-3333-4444-555555555555"
    assert e.response["request"]["method"] == "GET"
    assert e.response["request"]["url"].endswith(
        f"/v1.0/policies/crossTenantAccessPolicy/partners/{PARTNER}/identitySynchronization"
    )
    assert e.response["request"]["headers"]["Authorization"] == "Bearer <redacted>"
    assert e.response["sent"] is True
    assert request_id["status"] == 404


def test_conflict_on_a_second_set(seeded: Any, client: mgpolicy.Client) -> None:
    client.set_identity_sync(PARTNER, display_name="First")
    with pytest.raises(mgpolicy.ConflictError) as caught:
        client.set_identity_sync(PARTNER, display_name="Second")
    assert caught.value.http_status == 409
    assert caught.value.code == "Request_MultipleObjectsWithSameKeyValue"
    assert caught.value.status_name == "MGP_STATUS_CONFLICT"
    assert seeded.policy(PARTNER)["displayName"] == "First"


def test_forbidden_for_the_reader_app(seeded: Any) -> None:
    seeded.seed(sync_policies=[{"tenantId": PARTNER, "displayName": "Readable"}])
    with mgpolicy.Client(seeded.config("reader")) as reader:
        assert reader.get_identity_sync(PARTNER)["displayName"] == "Readable"
        with pytest.raises(mgpolicy.ForbiddenError) as caught:
            reader.update_identity_sync(PARTNER, display_name="Changed")
    assert caught.value.http_status == 403
    assert caught.value.code
    assert caught.value.request_id
    assert seeded.policy(PARTNER)["displayName"] == "Readable"


def test_throttling_once_is_retried(seeded: Any, client: mgpolicy.Client) -> None:
    seeded.fault({"kind": "status", "status": 429, "retry_after": "1"}, method="PUT")
    assert client.set_identity_sync(PARTNER, user_sync_inbound=True) is None
    assert [r["status"] for r in seeded.requests()] == [429, 204]
    assert seeded.policy(PARTNER)["userSyncInbound"] == {"isSyncAllowed": True}


def test_throttled_after_retries_keeps_retry_after(seeded: Any) -> None:
    seeded.fault({"kind": "status", "status": 429, "retry_after": "1"}, method="PUT", count=5)
    config = seeded.config(retry={"max_retries": 1, "delay_ms": 20, "max_total_ms": 20000})
    with mgpolicy.Client(config) as client:
        with pytest.raises(mgpolicy.ThrottledError) as caught:
            client.set_identity_sync(PARTNER, user_sync_inbound=True)
    e = caught.value
    assert e.status == Status.THROTTLED
    assert e.http_status == 429
    assert e.retry_after == "1"
    assert e.headers["retry-after"] == ["1"]
    assert e.response["attempts"] == 2
    assert e.code
    assert [r["status"] for r in seeded.requests()] == [429, 429]
    assert seeded.policy(PARTNER) is None


@pytest.mark.parametrize(
    "status, cls",
    [
        (400, mgpolicy.BadRequestError),
        (401, mgpolicy.UnauthorizedError),
        (403, mgpolicy.ForbiddenError),
        (404, mgpolicy.NotFoundError),
        (405, mgpolicy.HttpError),
        (409, mgpolicy.ConflictError),
        (412, mgpolicy.PreconditionFailedError),
        (422, mgpolicy.BadRequestError),
        (500, mgpolicy.ServiceError),
        (503, mgpolicy.ServiceError),
    ],
)
def test_each_http_status_has_its_exception(seeded: Any, client: mgpolicy.Client, status: int, cls: type) -> None:
    seeded.fault({"kind": "status", "status": status, "code": f"Emulated_{status}"}, count=10)
    with pytest.raises(cls) as caught:
        client.remove_identity_sync(PARTNER, if_match="*")
    assert type(caught.value) is cls
    assert caught.value.http_status == status
    assert caught.value.code == f"Emulated_{status}"
    assert seeded.requests()[-1]["headers"]["if-match"] == "*"


def test_transport_failure(seeded: Any) -> None:
    seeded.fault({"kind": "drop_before"}, count=10)
    with mgpolicy.Client(seeded.config(retry={"max_retries": 1, "delay_ms": 10, "max_total_ms": 5000})) as client:
        with pytest.raises(mgpolicy.TransportError) as caught:
            client.get_identity_sync(PARTNER)
    assert caught.value.http_status == 0
    assert caught.value.code is None
    assert caught.value.response["sent"] is True
    assert caught.value.message


def test_timeout(seeded: Any) -> None:
    seeded.fault({"kind": "latency", "ms": 3000}, count=10)
    config = seeded.config(timeout_ms=300, retry={"max_retries": 0, "delay_ms": 10, "max_total_ms": 5000})
    with mgpolicy.Client(config) as client:
        with pytest.raises(mgpolicy.RequestTimeoutError) as caught:
            client.get_identity_sync(PARTNER)
    assert caught.value.status_name == "MGP_STATUS_TIMEOUT"
    assert not isinstance(caught.value, TimeoutError)


def test_bad_secret_fails_authentication(seeded: Any) -> None:
    config = seeded.config()
    config["credential"]["client_secret"] = "wrong"
    with mgpolicy.Client(config) as client:
        with pytest.raises(mgpolicy.AuthenticationError) as caught:
            client.get_identity_sync(PARTNER)
    assert caught.value.status == Status.AUTHENTICATION_FAILED
    assert "wrong" not in str(caught.value)
    assert seeded.requests() == []


def test_authenticate_checks_the_credential_without_calling_graph(seeded: Any, client: mgpolicy.Client) -> None:
    client.authenticate()
    client.authenticate()
    token_calls = [r for r in seeded.requests(graph_only=False) if "/oauth2/" in r["path"]]
    assert len(token_calls) == 1
    assert seeded.requests() == []
    config = seeded.config()
    config["credential"]["client_secret"] = "Not-The-Secret-99"
    with mgpolicy.Client(config) as wrong:
        with pytest.raises(mgpolicy.AuthenticationError) as caught:
            wrong.authenticate()
    assert "AADSTS" in caught.value.message
    assert "Not-The-Secret-99" not in str(caught.value)
    with mgpolicy.Client({}) as no_credential:
        with pytest.raises(mgpolicy.UnauthorizedError):
            no_credential.authenticate()


def test_invalid_guid_is_refused_before_sending(seeded: Any, client: mgpolicy.Client) -> None:
    with pytest.raises(mgpolicy.InvalidArgumentError) as caught:
        client.get_identity_sync("not-a-guid")
    e = caught.value
    assert isinstance(e, ValueError)
    assert e.status == Status.INVALID_ARGUMENT
    assert "not-a-guid" in e.message
    assert e.response is None and e.http_status == 0 and e.code is None and e.headers == {}
    assert seeded.requests(graph_only=False) == []


def test_unknown_and_beta_only_properties_are_refused(seeded: Any, client: mgpolicy.Client) -> None:
    with pytest.raises(mgpolicy.InvalidArgumentError, match="bogus"):
        client.set_identity_sync(PARTNER, body={"displayName": "x", "bogus": 1})
    with pytest.raises(mgpolicy.InvalidArgumentError, match="groupSyncInbound"):
        client.set_identity_sync(PARTNER, group_sync_inbound=True)
    with pytest.raises(mgpolicy.InvalidArgumentError):
        client.update_identity_sync(PARTNER, additional_properties={"bogus": True}, beta=True)
    assert seeded.requests() == []
    assert seeded.policy(PARTNER) is None


def test_header_with_cr_lf_is_refused(seeded: Any, client: mgpolicy.Client) -> None:
    with pytest.raises(mgpolicy.InvalidArgumentError) as caught:
        client.get_identity_sync(PARTNER, headers={"X-Note": "a\r\nX-Injected: 1"})
    assert "X-Note" in caught.value.message
    with pytest.raises(mgpolicy.InvalidArgumentError):
        client.get_identity_sync(PARTNER, headers={"Authorization": "Bearer mine"})
    assert seeded.requests() == []


def test_malformed_json(seeded: Any, client: mgpolicy.Client) -> None:
    cmdlet = "Set-MgPolicyCrossTenantAccessPolicyPartnerIdentitySynchronization"
    with pytest.raises(mgpolicy.InvalidJsonError) as caught:
        client.invoke(cmdlet, "Set", '{"id": "%s", "body": {"displayName": }' % PARTNER)
    assert caught.value.status == Status.INVALID_JSON
    assert "args_json" in caught.value.message
    with pytest.raises(mgpolicy.InvalidJsonError, match="body_json"):
        client.set_identity_sync(PARTNER, body='{"displayName": "x"')
    with pytest.raises(mgpolicy.InvalidArgumentError, match="no operation"):
        client.invoke("Set-MgNothing")
    assert seeded.requests() == []


def test_invalid_config(emu: Any) -> None:
    with pytest.raises(mgpolicy.InvalidConfigError) as caught:
        mgpolicy.Client({"cloud": "Global", "unknown_key": 1})
    assert caught.value.status == Status.INVALID_CONFIG
    assert "unknown_key" in caught.value.message
    with pytest.raises(mgpolicy.InvalidJsonError, match="line 1 column 2"):
        mgpolicy.Client("{not json")


def test_panic_is_caught_and_the_client_stays_usable(seeded: Any) -> None:
    with mgpolicy.Client(seeded.config(diagnostics={"panic_in_call": True})) as client:
        for _ in range(2):
            with pytest.raises(mgpolicy.PanicError) as caught:
                client.get_identity_sync(PARTNER)
            assert caught.value.status == Status.PANIC == 19
            assert "panic" in caught.value.message
            assert caught.value.response is None
        with pytest.raises(mgpolicy.PanicError):
            client.invoke("Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner")
    with mgpolicy.Client(seeded.config()) as healthy:
        with pytest.raises(mgpolicy.NotFoundError):
            healthy.get_deleted_sync_partner(MISSING)
    assert [r["status"] for r in seeded.requests()] == [404]


def test_expired_token_is_renewed(seeded: Any, client: mgpolicy.Client) -> None:
    seeded.seed(sync_policies=[{"tenantId": PARTNER, "displayName": "Kept"}])
    assert client.get_identity_sync(PARTNER)["displayName"] == "Kept"
    seeded.admin("POST", "/tokens/expire")
    assert client.get_identity_sync(PARTNER)["displayName"] == "Kept"
    assert [r["status"] for r in seeded.requests()] == [200, 401, 200]
