"""The sandbox's control API from Python."""

from __future__ import annotations

import pytest

import jumio_kyx
from conftest import FRONT, SELFIE, make_client


def test_control_methods(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    account = client.create_account({"customerInternalReference": "py-sbx", "workflowDefinition": {"key": 10011}, "tokenLifetime": "5m"})
    a, w = account["account"]["id"], account["workflowExecution"]["id"]
    assert sandbox.workflow_state(w)["status"] == "INITIATED"  # type: ignore[index]
    sandbox.advance_clock(seconds=360)
    assert client.get_workflow_status(a, w)["workflowExecution"]["status"] == "TOKEN_EXPIRED"
    sandbox.set_scenario({"liveness": "AGE_DIFFERENCE"})
    started = client.run_identity_verification("py-sbx-2", FRONT, SELFIE)
    details = client.get_workflow_details(started["account"]["id"], started["workflowExecution"]["id"])
    assert details["decision"]["type"] == "WARNING"
    other = client.create_account({"customerInternalReference": "py-sbx-3", "workflowDefinition": {"key": 10011}})
    sandbox.set_workflow_scenario(other["workflowExecution"]["id"], {"similarity": "NO_MATCH"}, risk=90)
    sandbox.complete_journey(other["workflowExecution"]["id"])
    d = client.get_workflow_details(other["account"]["id"], other["workflowExecution"]["id"])
    assert d["decision"]["risk"]["score"] == 90
    sandbox.set_health("DEGRADED", {"callback": "DEGRADED"})
    assert client.get_health() == {"status": "DEGRADED", "details": {"callback": "DEGRADED"}}
    sandbox.seed_legacy_scans([{"scanReference": "seeded-1", "state": "wiped-out"}])
    try:
        client.create_migration({"scanReferences": ["seeded-1"]})
        raise AssertionError("expected a migration error")
    except jumio_kyx.MigrationError as e:
        assert e.migration == "wiped_out"
    moved = client.create_migration({"scanReferences": ["py-moved-1", "py-moved-2"]})
    assert [m for m in sandbox.migrations() if m["scanReference"].startswith("py-moved")] == [
        {"scanReference": "py-moved-1", "accountId": moved["account"]["id"]},
        {"scanReference": "py-moved-2", "accountId": moved["account"]["id"]},
    ]
    assert sandbox.update_settings(max_upload_bytes=1000)["maxUploadBytes"] == 1000
    assert sandbox.settings()["tokenTtlSecs"] == 3600
    assert any(r["operation"] == "create_account" for r in sandbox.requests())
    sandbox.reset()
    assert sandbox.requests() == [] and sandbox.callbacks() == []
    assert make_client(sandbox).get_health()["status"] == "UP"


def test_two_sandboxes_run_side_by_side() -> None:
    with jumio_kyx.Sandbox() as one, jumio_kyx.Sandbox(clients={"only": "this"}) as two:
        assert one.url != two.url
        with __import__("pytest").raises(jumio_kyx.AuthenticationError):
            jumio_kyx.Client(base_url=two.url, client_id="other", client_secret="x", user_agent="T/1").get_workflow_execution("w")


def test_a_closed_sandbox_refuses_control_calls() -> None:
    sandbox = jumio_kyx.Sandbox()
    sandbox.close()
    with pytest.raises(ValueError, match="closed"):
        sandbox.settings()
