"""One client shared by 8 threads calling at once."""

import threading
import time
import uuid
from typing import Any, Dict, List

import mgpolicy

THREADS = 8


def test_eight_threads_share_one_client(emu: Any) -> None:
    partners = [str(uuid.UUID(int=0x5EED0000_0000_4000_8000_000000000000 + i)) for i in range(THREADS)]
    emu.seed(partners=partners)
    # Each PUT is held 400 ms by the emulator: run one after another, the
    # eight would need 3.2 s.
    emu.fault({"kind": "latency", "ms": 400}, method="PUT", count=THREADS)
    start = threading.Barrier(THREADS)
    errors: List[BaseException] = []
    seen: Dict[int, Dict[str, Any]] = {}
    elapsed: Dict[int, float] = {}

    def work(client: mgpolicy.Client, i: int) -> None:
        try:
            partner = partners[i]
            start.wait()
            began = time.monotonic()
            client.set_identity_sync(partner, display_name=f"thread {i}", user_sync_inbound=i % 2 == 0)
            elapsed[i] = time.monotonic() - began
            client.update_identity_sync(partner, body={"displayName": f"thread {i} updated"}, beta=True)
            seen[i] = client.get_identity_sync({"CrossTenantAccessPolicyConfigurationPartnerTenantId": partner})
            bad = f"bad-id-of-thread-{i}"
            try:
                client.get_identity_sync(bad)
            except mgpolicy.InvalidArgumentError as e:
                assert bad in e.message, "another thread's message: " + e.message
            else:
                raise AssertionError("a bad id was accepted")
        except BaseException as e:  # reported below, with the thread's number
            errors.append(e)

    with mgpolicy.Client(emu.config()) as client:
        threads = [threading.Thread(target=work, args=(client, i)) for i in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)

    assert errors == []
    assert sorted(seen) == list(range(THREADS))
    for i, partner in enumerate(partners):
        assert seen[i]["displayName"] == f"thread {i} updated"
        policy = emu.policy(partner)
        assert policy is not None, f"the write of thread {i} is missing"
        assert policy["displayName"] == f"thread {i} updated"
        assert policy["userSyncInbound"] == {"isSyncAllowed": i % 2 == 0}
    puts = [r for r in emu.requests() if r["method"] == "PUT"]
    assert sorted(r["status"] for r in puts) == [204] * THREADS
    assert max(elapsed.values()) < 0.4 * THREADS * 0.6, f"the calls did not run at the same time: {elapsed}"
