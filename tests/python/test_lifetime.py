"""Handle release: every client and response is freed exactly once (by
close, the context manager or the finaliser), and a closed client refuses
calls with a clear error instead of crashing."""

import gc
import threading
import time
from typing import Any, Dict, List

import pytest

import mgpolicy
from conftest import MISSING, PARTNER
from mgpolicy import _library


@pytest.fixture
def frees(monkeypatch: pytest.MonkeyPatch) -> Dict[str, List[int]]:
    """Records the address passed to every mgp_client_free / mgp_response_free."""
    lib = _library.lib()
    seen: Dict[str, List[int]] = {"mgp_client_free": [], "mgp_response_free": []}

    def recorder(name: str) -> Any:
        real = getattr(lib.cdll, name)

        def free(ptr: Any) -> None:
            seen[name].append(_address(ptr))
            real(ptr)

        return free

    for name in seen:
        monkeypatch.setattr(lib, name, recorder(name), raising=False)
    return seen


def _address(ptr: Any) -> int:
    import ctypes

    return ctypes.cast(ptr, ctypes.c_void_p).value or 0


def test_close_frees_once_and_later_calls_raise(emu: Any, frees: Dict[str, List[int]]) -> None:
    client = mgpolicy.Client(emu.config())
    address = _address(client._ptr)
    assert not client.closed
    client.close()
    assert client.closed
    assert repr(client) == "<mgpolicy.Client closed>"
    client.close()
    with pytest.raises(mgpolicy.ClosedError, match="Client is closed") as caught:
        client.get_identity_sync(PARTNER)
    assert isinstance(caught.value, ValueError)
    with pytest.raises(mgpolicy.ClosedError):
        client.invoke("Get-MgBetaPolicyDeletedItemCrossTenantSyncPolicyPartner")
    del client
    gc.collect()
    assert frees["mgp_client_free"] == [address]
    assert emu.requests(graph_only=False) == []


def test_context_manager_closes_even_on_error(seeded: Any, frees: Dict[str, List[int]]) -> None:
    with pytest.raises(mgpolicy.NotFoundError):
        with mgpolicy.Client(seeded.config()) as client:
            address = _address(client._ptr)
            client.get_identity_sync(PARTNER)
    assert client.closed
    assert frees["mgp_client_free"] == [address]


def test_finaliser_frees_an_unclosed_client(emu: Any, frees: Dict[str, List[int]]) -> None:
    client = mgpolicy.Client(emu.config())
    address = _address(client._ptr)
    del client
    gc.collect()
    assert frees["mgp_client_free"] == [address]


def test_failed_construction_frees_nothing(emu: Any, frees: Dict[str, List[int]]) -> None:
    with pytest.raises(mgpolicy.InvalidConfigError):
        mgpolicy.Client({"cloud": "Nowhere"})
    gc.collect()
    assert frees["mgp_client_free"] == []


def test_every_response_is_freed(seeded: Any, client: mgpolicy.Client, frees: Dict[str, List[int]]) -> None:
    client.set_identity_sync(PARTNER, user_sync_inbound=True)
    client.get_identity_sync(PARTNER)
    client.update_identity_sync(PARTNER, what_if=True, display_name="x")
    with pytest.raises(mgpolicy.NotFoundError):
        client.get_deleted_sync_partner(MISSING)
    with pytest.raises(mgpolicy.InvalidArgumentError):
        client.get_identity_sync("no-guid")  # refused: no response is written
    for _ in range(200):
        client.get_identity_sync(PARTNER)
    responses = frees["mgp_response_free"]
    assert len(responses) == 4 + 200
    assert all(responses)


def test_close_waits_for_calls_in_flight(seeded: Any) -> None:
    seeded.seed(sync_policies=[{"tenantId": PARTNER, "displayName": "Slow"}])
    seeded.fault({"kind": "latency", "ms": 1000}, method="GET")
    client = mgpolicy.Client(seeded.config())
    results: List[Any] = []
    worker = threading.Thread(target=lambda: results.append(client.get_identity_sync(PARTNER)))
    worker.start()
    deadline = time.monotonic() + 5
    while client._borrowers == 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert client._borrowers == 1, "the worker's call never started"
    started = time.monotonic()
    client.close()
    waited = time.monotonic() - started
    worker.join()
    assert waited > 0.5, "close() did not wait for the call in flight"
    assert results and results[0]["displayName"] == "Slow"
    with pytest.raises(mgpolicy.ClosedError):
        client.get_identity_sync(PARTNER)
