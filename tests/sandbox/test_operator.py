"""Operator endpoints, faults, persistence, and the serve() guard."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from sandbox_support import headers

from bulkio.sandbox import EmbeddedSandbox, SandboxConfig, create_app, serve


def test_stats_count_requests_by_template(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    firm.get("/key/info")
    firm.get("/key/info")
    firm.put("/society/2", json={"analytics": True})
    firm.get("/society/3/unknown")
    stats = sandbox.stats()
    assert stats["requests"] == {
        "GET /api/v1/key/info": 2, "PUT /api/v1/society/:id_society": 1, "GET /api/v1/society/3/unknown": 1,
    }
    assert stats["writes"] == 1 and stats["rejected_429"] == 0
    assert stats["writes_by_resource"] == {"society:2": 1}


def test_reset_restores_demo_data_and_clears_stats(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    firm.post("/account", json={"account_number": "411X", "label": "x"}, headers={"society-id": "2"})
    sandbox.set_faults(latency_ms=5)
    sandbox.reset()
    assert firm.get("/account/v2", headers={"society-id": "2"}).json() == []
    assert sandbox.stats()["requests"] == {"GET /api/v1/account/v2": 1}
    assert httpx.get(sandbox.url + "/_sandbox/faults").json()["latency_ms"] == 0


def test_reset_empty_keeps_dossiers_and_tokens(sandbox: EmbeddedSandbox, api: httpx.Client) -> None:
    sandbox.reset(empty=True)
    assert api.get("/account/v2", headers=headers("sandbox-society-1-token")).json() == []
    assert api.get("/society", headers=headers()).json()["row_numbers"] == 8
    sandbox.reset()
    assert len(api.get("/account/v2", headers=headers(society=1)).json()) == 932


def test_faults_get_and_validation(sandbox: EmbeddedSandbox) -> None:
    current = sandbox.set_faults(error_rate=0.5, rate_limit="30/5", seed=7)
    assert current["error_rate"] == 0.5 and current["rate_limit"] == "30/5" and current["seed"] == 7
    assert httpx.get(sandbox.url + "/_sandbox/faults").json() == current
    with pytest.raises(ValueError):
        sandbox.set_faults(error_rate=2)
    with pytest.raises(ValueError):
        sandbox.set_faults(bogus=1)


def test_error_fault_leaves_state_untouched(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    sandbox.set_faults(error_rate=1.0)
    response = firm.post("/account", json={"account_number": "411ERR", "label": "x"}, headers={"society-id": "2"})
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "ERR-INTERNAL"
    assert "X-Rate-Limit-Remaining" in response.headers and response.headers["request-id"]
    sandbox.set_faults(error_rate=0.0)
    assert firm.get("/account/v2", headers={"society-id": "2"}).json() == []
    assert sandbox.stats()["writes"] == 0


def test_seeded_faults_are_reproducible(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    def run() -> list[int]:
        sandbox.set_faults(error_rate=0.5, seed=42)
        return [firm.get("/key/info").status_code for _ in range(12)]

    first, second = run(), run()
    assert first == second and {200, 500} == set(first)


def test_timeout_fault_commits_then_stalls(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    sandbox.set_faults(timeout_rate=1.0, stall_seconds=3)
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        firm.post("/account", json={"account_number": "411SLOW", "label": "x"}, headers={"society-id": "2"},
                  timeout=0.5)
    assert time.monotonic() - started < 2
    sandbox.set_faults(timeout_rate=0.0)
    found = firm.get("/account/v2", params={"begin_by": "411SLOW"}, headers={"society-id": "2"}).json()
    assert [a["account_number"] for a in found] == ["411SLOW"]  # committed before the stall
    assert sandbox.stats()["writes_by_resource"] == {"account:2:411SLOW": 1}
    assert firm.get("/key/info").status_code == 200  # reads are never stalled


def test_stop_returns_promptly_while_stalled() -> None:
    sandbox = EmbeddedSandbox(SandboxConfig(timeout_rate=1.0, stall_seconds=60)).start()
    with pytest.raises(httpx.ReadTimeout):
        httpx.put(sandbox.api_url + "/society/2", json={"analytics": True}, headers=headers(), timeout=0.3)
    started = time.monotonic()
    sandbox.stop()
    assert time.monotonic() - started < 3


def test_latency(sandbox: EmbeddedSandbox, firm: httpx.Client) -> None:
    sandbox.set_faults(latency_ms=300)
    started = time.monotonic()
    firm.get("/key/info")
    assert time.monotonic() - started >= 0.3


def test_operator_endpoints_need_no_auth_but_loopback(sandbox: EmbeddedSandbox) -> None:
    assert httpx.get(sandbox.url + "/_sandbox/stats").status_code == 200
    assert httpx.post(sandbox.url + "/_sandbox/reset", content=b"[1]").status_code == 400


def test_state_persists_across_instances_sharing_a_db(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.sqlite"
    body = {"account_number": "411PERSIST", "label": "kept"}
    with EmbeddedSandbox(SandboxConfig(db_path=db)) as first:
        created = httpx.post(first.api_url + "/account", json=body, headers=headers(society=2)).json()
        with EmbeddedSandbox(SandboxConfig(db_path=db)) as second:  # e.g. another process on the same file
            seen = httpx.get(second.api_url + "/account/v2", headers=headers(society=2)).json()
            assert [a["account_id"] for a in seen] == [created["account_id"]]
    with EmbeddedSandbox(SandboxConfig(db_path=db, empty=True)) as third:  # existing data wins over --empty
        again = httpx.get(third.api_url + "/account/v2", headers=headers(society=2)).json()
        assert [a["account_number"] for a in again] == ["411PERSIST"]


def test_empty_config_on_a_new_db() -> None:
    app = create_app(SandboxConfig(empty=True))
    store = app.state.sandbox.store
    assert len(store.societies()) == 8
    with store.read() as conn:
        assert conn.execute("SELECT COUNT(*) FROM account").fetchone()[0] == 0


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com"])
def test_serve_refuses_public_hosts(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        serve(SandboxConfig(), host=host, port=1)


def test_embedded_refuses_public_hosts() -> None:
    with pytest.raises(ValueError):
        EmbeddedSandbox(host="0.0.0.0")
