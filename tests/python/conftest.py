"""Fixtures: a freshly started graph-emulator binary for the session, reset
before every test, and mgpolicy clients configured for it."""

import json
import os
import pathlib
import subprocess
import urllib.request
from typing import Any, Dict, Iterator, List, Optional, Sequence

import pytest

import mgpolicy

REPO = pathlib.Path(__file__).resolve().parents[2]

#: Partner tenants used by the tests.
PARTNER = "90e29127-71ad-49c7-9ce8-db3f41ea06f1"
OTHER_PARTNER = "c3a4b5d6-1e2f-4a3b-9c8d-7e6f5a4b3c2d"
MISSING = "3d0f5dec-5d3d-455c-8016-e2af1ae4d31a"

LIVE_IDENTITY_KEY = "CrossTenantAccessPolicyConfigurationPartnerTenantId"
DELETED_IDENTITY_KEY = "CrossTenantIdentitySyncPolicyPartnerTenantId"


class Emulator:
    """The running emulator: its startup information and its admin API."""

    def __init__(self, info: Dict[str, Any]) -> None:
        self.info = info
        self.tenant_id: str = info["tenant_id"]
        self.apps = {app["name"]: app for app in info["apps"]}

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.info["admin_url"] + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=10) as answer:
            text = answer.read().decode()
        return json.loads(text) if text else None

    def seed(
        self,
        partners: Sequence[str] = (),
        sync_policies: Sequence[Dict[str, Any]] = (),
        deleted_sync_policies: Sequence[Dict[str, Any]] = (),
    ) -> None:
        self.admin(
            "POST",
            "/seed",
            {
                "tenant_id": self.tenant_id,
                "partners": [{"tenantId": p} for p in partners],
                "sync_policies": list(sync_policies),
                "deleted_sync_policies": list(deleted_sync_policies),
            },
        )

    def fault(
        self,
        fault: Dict[str, Any],
        *,
        method: Optional[str] = None,
        path_contains: str = "identitySynchronization",
        count: int = 1,
    ) -> None:
        rule: Dict[str, Any] = {"path_contains": path_contains, "count": count, "fault": fault}
        if method:
            rule["method"] = method
        self.admin("POST", "/faults", rule)

    def partner(self, tenant: str) -> Optional[Dict[str, Any]]:
        """The partner configuration in the emulator's state, or None."""
        state = self.admin("GET", "/state")["tenants"].get(self.tenant_id, {})
        for partner in state.get("partners", []):
            if partner["tenantId"] == tenant:
                return partner
        return None

    def policy(self, tenant: str) -> Optional[Dict[str, Any]]:
        """The live sync policy of a partner in the emulator's state, or None."""
        partner = self.partner(tenant)
        return None if partner is None else partner.get("identitySynchronization")

    def deleted(self) -> List[Dict[str, Any]]:
        state = self.admin("GET", "/state")["tenants"].get(self.tenant_id, {})
        return list(state.get("deleted_sync_policies", []))

    def requests(self, graph_only: bool = True) -> List[Dict[str, Any]]:
        """The request log; Graph calls only unless told otherwise (no token requests)."""
        log = self.admin("GET", "/requests")
        if graph_only:
            log = [r for r in log if r["path"].startswith(("/v1.0/", "/beta/"))]
        return log

    def config(self, app: str = "test", **overrides: Any) -> Dict[str, Any]:
        """A client configuration for one of the emulator's applications."""
        a = self.apps[app]
        config: Dict[str, Any] = {
            "cloud": "Custom",
            "graph_url": self.info["https_url"],
            "authority_url": self.info["https_url"],
            "credential": {
                "type": "client_secret",
                "tenant_id": a["tenant_id"],
                "client_id": a["client_id"],
                "client_secret": a["client_secret"],
            },
            "ca_certificate_files": [self.info["ca_pem_path"]],
            "retry": {"max_retries": 3, "delay_ms": 20, "max_total_ms": 20000},
        }
        config.update(overrides)
        return config


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    binary = pathlib.Path(os.environ.get("GRAPH_EMULATOR_BIN", REPO / "target" / "debug" / "graph-emulator"))
    assert binary.exists(), f"build the emulator first (cargo build -p graph-emulator): {binary}"
    process = subprocess.Popen([str(binary), "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line, f"graph-emulator exited before it was ready (status {process.poll()})"
        yield Emulator(json.loads(line))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(autouse=True)
def emu(emulator: Emulator) -> Emulator:
    """The emulator, reset (state, request log, faults) before the test."""
    emulator.admin("POST", "/reset")
    return emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[mgpolicy.Client]:
    with mgpolicy.Client(emu.config()) as c:
        yield c


@pytest.fixture
def seeded(emu: Emulator) -> Emulator:
    """The emulator with partner configurations for PARTNER and OTHER_PARTNER."""
    emu.seed(partners=[PARTNER, OTHER_PARTNER])
    return emu
