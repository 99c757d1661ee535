"""The Python side of benches/run.sh: one process per measurement, printing one JSON line.

    pyclient.py ctypes-start INFO PARTNER
    pyclient.py sdk-start    INFO PARTNER
        load the client library, make a client, first Get; the line is printed as soon as
        the result is there (the parent times the process up to that line)
    pyclient.py bare-start   INFO PARTNER
        the interpreter alone: prints its line at once, importing nothing more (the floor
        of any Python client's start-up)
    pyclient.py ctypes-calls INFO GET_PARTNER SET_PARTNER WARMUP GETS SET_REMOVES
    pyclient.py sdk-calls    INFO GET_PARTNER SET_PARTNER WARMUP GETS SET_REMOVES
    pyclient.py raw-calls    INFO GET_PARTNER SET_PARTNER WARMUP GETS SET_REMOVES
        per-call times of Get and of Set + Remove on a warm client; "raw" is a minimal ctypes
        loop over the exports (no binding), to tell the binding's own cost from the library's

INFO is a file holding the emulator's startup JSON. "ctypes" is this repository's binding (bindings/python,
the C ABI through ctypes); "sdk" is Microsoft's msgraph-sdk with azure-identity, configured as
in tests/fidelity/test_msgraph_sdk.py. Both use a client secret against the emulator's token
endpoint (HTTPS, its CA trusted) and send Graph requests to its plain-HTTP endpoint.

Only what a mode needs is imported, and only inside it, so start-up figures include the imports.
"""

import json
import sys
import time

SCOPES = ["https://graph.microsoft.com/.default"]


def rss_kb(field="VmRSS"):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def summary(samples, errors):
    samples = sorted(samples)
    n = len(samples)
    def at(q):
        return samples[round((n - 1) * q)] if n else 0.0

    return {"n": n, "median_us": at(0.5), "mean_us": sum(samples) / n if n else 0.0,
            "p99_us": at(0.99), "errors": errors}


def ctypes_config(info):
    return {
        "cloud": "Custom",
        "graph_url": info["http_url"],
        "authority_url": info["https_url"],
        "ca_certificate_files": [info["ca_pem_path"]],
        "credential": {"type": "client_secret", "tenant_id": info["tenant_id"],
                       "client_id": info["client_id"], "client_secret": info["client_secret"]},
    }


def ctypes_start(info, partner):
    t0 = time.perf_counter()
    import mgpolicy

    t1 = time.perf_counter()
    client = mgpolicy.Client(ctypes_config(info))
    t2 = time.perf_counter()
    got = client.get_identity_sync(partner)
    t3 = time.perf_counter()
    assert got["tenantId"] == partner, got
    print(json.dumps({"client": "ctypes", "import_us": (t1 - t0) * 1e6, "client_new_us": (t2 - t1) * 1e6,
                      "first_get_us": (t3 - t2) * 1e6, "rss_kb": rss_kb()}), flush=True)
    client.close()


def ctypes_calls(info, get_partner, set_partner, warmup, gets, set_removes):
    import mgpolicy

    client = mgpolicy.Client(ctypes_config(info))

    def set_remove():
        client.set_identity_sync(set_partner, display_name="Bench", user_sync_inbound=True)
        client.remove_identity_sync(set_partner)

    for _ in range(warmup):
        client.get_identity_sync(get_partner)
        set_remove()
    out = {"client": "ctypes"}
    for name, call, n in (("get", lambda: client.get_identity_sync(get_partner), gets),
                          ("set_remove", set_remove, set_removes)):
        samples, errors = [], 0
        for _ in range(n):
            t = time.perf_counter()
            try:
                call()
            except Exception:  # noqa: BLE001 (counted, not fatal: the figure says how many failed)
                errors += 1
            samples.append((time.perf_counter() - t) * 1e6)
        out[name] = summary(samples, errors)
    out["hwm_kb"] = rss_kb("VmHWM")
    print(json.dumps(out), flush=True)
    client.close()


def raw_calls(info, get_partner, set_partner, warmup, gets, set_removes):
    import ctypes
    import os

    lib = ctypes.CDLL(os.environ["MGPOLICY_LIBRARY"])
    ptr, size, out_ptr = ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p)

    class Fields(ctypes.Structure):
        _fields_ = [("display_name", ctypes.c_char_p), ("tenant_id", ctypes.c_char_p),
                    ("external_cloud_authorized_application_id", ctypes.c_char_p),
                    ("additional_properties_json", ctypes.c_char_p), ("user_sync_inbound", ctypes.c_uint32),
                    ("group_sync_inbound", ctypes.c_uint32), ("role_enabled_group_sync_inbound", ctypes.c_uint32)]

    lib.mgp_client_new.argtypes = [ctypes.c_char_p, out_ptr]
    lib.mgp_identity_sync_get_get.argtypes = [ptr, ctypes.c_char_p, ctypes.c_char_p, out_ptr]
    lib.mgp_identity_sync_set_set_expanded.argtypes = [ptr, ctypes.c_char_p, ctypes.POINTER(Fields), ctypes.c_char_p,
                                                       out_ptr]
    lib.mgp_identity_sync_remove_delete.argtypes = [ptr, ctypes.c_char_p, ctypes.c_char_p, out_ptr]
    lib.mgp_response_body_json.argtypes = [ptr, ctypes.c_char_p, size, ctypes.POINTER(size)]
    lib.mgp_response_free.argtypes = [ptr]
    client = ptr()
    assert lib.mgp_client_new(json.dumps(ctypes_config(info)).encode(), ctypes.byref(client)) == 0
    get_id, set_id = get_partner.encode(), set_partner.encode()
    fields = Fields(display_name=b"Bench", user_sync_inbound=2)

    def get():
        resp, n = ptr(), size()
        status = lib.mgp_identity_sync_get_get(client, get_id, None, ctypes.byref(resp))
        lib.mgp_response_body_json(resp, None, 0, ctypes.byref(n))
        buf = ctypes.create_string_buffer(n.value + 1)
        lib.mgp_response_body_json(resp, buf, n.value + 1, ctypes.byref(n))
        lib.mgp_response_free(resp)
        json.loads(buf.value)
        if status:
            raise RuntimeError(status)

    def set_remove():
        resp = ptr()
        a = lib.mgp_identity_sync_set_set_expanded(client, set_id, ctypes.byref(fields), None, ctypes.byref(resp))
        lib.mgp_response_free(resp)
        b = lib.mgp_identity_sync_remove_delete(client, set_id, None, ctypes.byref(resp))
        lib.mgp_response_free(resp)
        if a or b:
            raise RuntimeError((a, b))

    for _ in range(warmup):
        get()
        set_remove()
    out = {"client": "raw"}
    for name, call, n in (("get", get, gets), ("set_remove", set_remove, set_removes)):
        samples, errors = [], 0
        for _ in range(n):
            t = time.perf_counter()
            try:
                call()
            except Exception:  # noqa: BLE001 (counted, not fatal: the figure says how many failed)
                errors += 1
            samples.append((time.perf_counter() - t) * 1e6)
        out[name] = summary(samples, errors)
    print(json.dumps(out), flush=True)


def sdk_client(info):
    from azure.identity.aio import ClientSecretCredential
    from kiota_authentication_azure.azure_identity_authentication_provider import (
        AzureIdentityAuthenticationProvider,
    )
    from msgraph import GraphRequestAdapter, GraphServiceClient

    credential = ClientSecretCredential(
        info["tenant_id"], info["client_id"], info["client_secret"],
        authority=info["https_url"], disable_instance_discovery=True,
        connection_verify=info["ca_pem_path"],
    )
    adapter = GraphRequestAdapter(AzureIdentityAuthenticationProvider(credential, scopes=SCOPES))
    adapter.base_url = info["http_url"] + "/v1.0"
    return credential, GraphServiceClient(request_adapter=adapter)


def sync_builder(client, partner):
    return (client.policies.cross_tenant_access_policy.partners
            .by_cross_tenant_access_policy_configuration_partner_tenant_id(partner)
            .identity_synchronization)


def sdk_start(info, partner):
    t0 = time.perf_counter()
    import asyncio

    from msgraph import GraphServiceClient  # noqa: F401  (the import being timed)

    t1 = time.perf_counter()

    async def main():
        credential, client = sdk_client(info)
        t2 = time.perf_counter()
        got = await sync_builder(client, partner).get()
        t3 = time.perf_counter()
        assert got.tenant_id == partner, got
        print(json.dumps({"client": "sdk", "import_us": (t1 - t0) * 1e6, "client_new_us": (t2 - t1) * 1e6,
                          "first_get_us": (t3 - t2) * 1e6, "rss_kb": rss_kb()}), flush=True)
        await credential.close()

    asyncio.run(main())


def sdk_calls(info, get_partner, set_partner, warmup, gets, set_removes):
    import asyncio

    from msgraph.generated.models.cross_tenant_identity_sync_policy_partner import (
        CrossTenantIdentitySyncPolicyPartner,
    )
    from msgraph.generated.models.cross_tenant_user_sync_inbound import CrossTenantUserSyncInbound

    async def main():
        credential, client = sdk_client(info)
        get_builder = sync_builder(client, get_partner)
        set_builder = sync_builder(client, set_partner)

        async def set_remove():
            body = CrossTenantIdentitySyncPolicyPartner(
                display_name="Bench", user_sync_inbound=CrossTenantUserSyncInbound(is_sync_allowed=True))
            await set_builder.put(body)
            await set_builder.delete()

        for _ in range(warmup):
            await get_builder.get()
            await set_remove()
        out = {"client": "sdk"}
        for name, call, n in (("get", get_builder.get, gets), ("set_remove", set_remove, set_removes)):
            samples, errors = [], 0
            for _ in range(n):
                t = time.perf_counter()
                try:
                    await call()
                except Exception:  # noqa: BLE001 (counted, not fatal: the figure says how many failed)
                    errors += 1
                samples.append((time.perf_counter() - t) * 1e6)
            out[name] = summary(samples, errors)
        out["hwm_kb"] = rss_kb("VmHWM")
        print(json.dumps(out), flush=True)
        await credential.close()

    asyncio.run(main())


def main(argv):
    with open(argv[2]) as f:
        mode, info = argv[1], json.load(f)
    rest = argv[3:]
    if mode == "bare-start":
        print(json.dumps({"client": "bare", "client_new_us": 0, "first_get_us": 0, "rss_kb": rss_kb()}), flush=True)
    elif mode == "ctypes-start":
        ctypes_start(info, rest[0])
    elif mode == "sdk-start":
        sdk_start(info, rest[0])
    elif mode in ("ctypes-calls", "sdk-calls", "raw-calls"):
        args = (info, rest[0], rest[1], int(rest[2]), int(rest[3]), int(rest[4]))
        {"ctypes-calls": ctypes_calls, "sdk-calls": sdk_calls, "raw-calls": raw_calls}[mode](*args)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv)
