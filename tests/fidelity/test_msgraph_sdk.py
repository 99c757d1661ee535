"""Fidelity test: Microsoft's Python Graph SDK (msgraph-sdk) and azure-identity, unchanged,
against the graph-emulator binary.

The SDK's request building, response parsing and error parsing (ODataError) must all work
against the emulator exactly as they do against graph.microsoft.com. Only the base URL and
the token authority point at the emulator.
"""

import asyncio
import json
import os
import pathlib
import subprocess
import urllib.request

import pytest
from azure.identity.aio import CertificateCredential, ClientSecretCredential
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_abstractions.method import Method
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.models.cross_tenant_identity_sync_policy_partner import (
    CrossTenantIdentitySyncPolicyPartner,
)
from msgraph.generated.models.cross_tenant_user_sync_inbound import CrossTenantUserSyncInbound
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.policies.cross_tenant_access_policy.partners.partners_request_builder import (
    PartnersRequestBuilder,
)

REPO = pathlib.Path(__file__).resolve().parents[2]
PARTNER = "90e29127-71ad-49c7-9ce8-db3f41ea06f1"
MISSING = "3d0f5dec-5d3d-455c-8016-e2af1ae4d31a"
SCOPES = ["https://graph.microsoft.com/.default"]


@pytest.fixture(scope="module")
def emulator():
    binary = pathlib.Path(os.environ.get("GRAPH_EMULATOR_BIN", REPO / "target" / "debug" / "graph-emulator"))
    if not binary.is_absolute():
        binary = REPO / binary
    assert binary.exists(), f"build the emulator first: {binary}"
    proc = subprocess.Popen([str(binary), "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(proc.stdout.readline())
        yield info
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def admin(info, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(info["admin_url"] + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as r:
        text = r.read().decode()
        return json.loads(text) if text else None


@pytest.fixture
def info(emulator):
    admin(emulator, "POST", "/reset")
    return emulator


def graph_client(info, credential):
    """A GraphServiceClient whose request adapter targets the emulator's plain-HTTP v1.0 base."""
    auth = AzureIdentityAuthenticationProvider(credential, scopes=SCOPES)
    adapter = GraphRequestAdapter(auth)
    adapter.base_url = info["http_url"] + "/v1.0"
    return GraphServiceClient(request_adapter=adapter)


def secret_credential(info):
    return ClientSecretCredential(
        info["tenant_id"],
        info["client_id"],
        info["client_secret"],
        authority=info["https_url"],
        disable_instance_discovery=True,
        connection_verify=info["ca_pem_path"],
    )


def sync_builder(client, partner):
    return (
        client.policies.cross_tenant_access_policy.partners
        .by_cross_tenant_access_policy_configuration_partner_tenant_id(partner)
        .identity_synchronization
    )


async def expect_odata_error(coro, status, code):
    with pytest.raises(ODataError) as caught:
        await coro
    err = caught.value
    assert err.response_status_code == status, err
    assert err.error is not None, "the SDK parsed the error body"
    assert err.error.code == code, err.error.code
    assert err.error.message
    assert err.error.inner_error is not None
    assert err.error.inner_error.request_id
    return err


def test_put_get_patch_delete_404_and_409(info):
    admin(info, "POST", "/seed", {"partners": [{"tenantId": PARTNER}]})

    async def scenario():
        credential = secret_credential(info)
        try:
            client = graph_client(info, credential)
            builder = sync_builder(client, PARTNER)

            body = CrossTenantIdentitySyncPolicyPartner(
                display_name="Fabrikam",
                user_sync_inbound=CrossTenantUserSyncInbound(is_sync_allowed=True),
            )
            assert await builder.put(body) is None  # 204 No Content

            got = await builder.get()
            assert isinstance(got, CrossTenantIdentitySyncPolicyPartner)
            assert got.tenant_id == PARTNER
            assert got.display_name == "Fabrikam"
            assert got.user_sync_inbound.is_sync_allowed is True
            assert "@odata.context" in got.additional_data

            patch = CrossTenantIdentitySyncPolicyPartner(
                user_sync_inbound=CrossTenantUserSyncInbound(is_sync_allowed=False)
            )
            # msgraph-sdk 1.65.0 generates no patch() for this navigation property, so the PATCH
            # goes through the SDK's own request information and request adapter.
            request = builder.to_put_request_information(patch)
            request.http_method = Method.PATCH
            assert await client.request_adapter.send_no_response_content_async(request, {"XXX": ODataError}) is None
            got = await builder.get()
            assert got.display_name == "Fabrikam"
            assert got.user_sync_inbound.is_sync_allowed is False

            # $select through the SDK's query parameters
            config = RequestConfiguration(
                query_parameters=builder.IdentitySynchronizationRequestBuilderGetQueryParameters(select=["displayName"])
            )
            got = await builder.get(request_configuration=config)
            assert got.display_name == "Fabrikam"
            assert got.user_sync_inbound is None

            # a second PUT: 409 with details
            err = await expect_odata_error(builder.put(body), 409, "Request_MultipleObjectsWithSameKeyValue")
            assert err.error.details and err.error.details[0].code == "ConflictingObjects"

            assert await builder.delete() is None
            await expect_odata_error(builder.get(), 404, "Directory_ObjectNotFound")
            await expect_odata_error(sync_builder(client, MISSING).get(), 404, "Request_ResourceNotFound")
            await expect_odata_error(sync_builder(client, MISSING).put(body), 404, "Request_ResourceNotFound")

            # a v1.0 body with a property v1.0 does not have is refused (400), and the SDK parses it
            bad = CrossTenantIdentitySyncPolicyPartner(display_name="x")
            bad.additional_data = {"groupSyncInbound": {"isSyncAllowed": True}}
            await expect_odata_error(builder.put(bad), 400, "BadRequest")

            # partners collection with $expand
            qp = PartnersRequestBuilder.PartnersRequestBuilderGetQueryParameters(expand=["identitySynchronization"])
            partners = await client.policies.cross_tenant_access_policy.partners.get(
                request_configuration=RequestConfiguration(query_parameters=qp)
            )
            assert [p.tenant_id for p in partners.value] == [PARTNER]
            assert partners.value[0].identity_synchronization is None
        finally:
            await credential.close()

    asyncio.run(scenario())

    state = admin(info, "GET", "/state")
    deleted = state["tenants"][info["tenant_id"]]["deleted_sync_policies"]
    assert [d["tenantId"] for d in deleted] == [PARTNER], "DELETE is a soft delete"
    assert deleted[0]["displayName"] == "Fabrikam"

    log = admin(info, "GET", "/requests")
    token_calls = [r for r in log if "/oauth2/v2.0/token" in r["path"]]
    graph_calls = [r for r in log if r["path"].startswith("/v1.0/")]
    assert token_calls and all(r["status"] == 200 for r in token_calls)
    methods = [r["method"] for r in graph_calls]
    assert methods[:5] == ["PUT", "GET", "PATCH", "GET", "GET"], methods
    put = graph_calls[0]
    assert put["headers"]["authorization"] == "Bearer <redacted>"
    assert json.loads(put["body"])["userSyncInbound"] == {"isSyncAllowed": True}
    assert put["headers"]["user-agent"], "the SDK identifies itself"


def test_certificate_credential_signs_a_client_assertion(info, tmp_path):
    app = next(a for a in info["apps"] if a["name"] == "certificate")
    pem = tmp_path / "cert-and-key.pem"
    pem.write_text(
        pathlib.Path(app["private_key_pem_path"]).read_text() + pathlib.Path(app["certificate_pem_path"]).read_text()
    )
    admin(info, "POST", "/seed", {"sync_policies": [{"tenantId": PARTNER, "displayName": "Cert"}]})

    async def scenario():
        credential = CertificateCredential(
            app["tenant_id"],
            app["client_id"],
            certificate_path=str(pem),
            authority=info["https_url"],
            disable_instance_discovery=True,
            connection_verify=info["ca_pem_path"],
        )
        try:
            got = await sync_builder(graph_client(info, credential), PARTNER).get()
            assert got.display_name == "Cert"
        finally:
            await credential.close()

    asyncio.run(scenario())


def test_wrong_secret_is_an_authentication_error(info):
    from azure.core.exceptions import ClientAuthenticationError

    async def scenario():
        credential = ClientSecretCredential(
            info["tenant_id"],
            info["client_id"],
            "not-the-secret",
            authority=info["https_url"],
            disable_instance_discovery=True,
            connection_verify=info["ca_pem_path"],
        )
        try:
            with pytest.raises(ClientAuthenticationError) as caught:
                await sync_builder(graph_client(info, credential), PARTNER).get()
            assert "AADSTS7000215" in str(caught.value)
        finally:
            await credential.close()

    asyncio.run(scenario())
