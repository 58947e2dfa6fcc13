"""State that survives and state you can hand over: a sandbox on a ``state_dir`` resumes after a
restart; ``export_state`` / ``import_state`` carry accounts, details and images to another
sandbox; a broken document is refused and changes nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import jumio_kyx
from conftest import FRONT, SELFIE, make_client


def test_a_sandbox_on_a_state_dir_resumes_after_a_restart(tmp_path: Path) -> None:
    with jumio_kyx.Sandbox(state_dir=tmp_path, processing_delay_ms=60_000) as sandbox:
        sandbox.set_scenario({"usability": "BLURRED"})
        started = make_client(sandbox).run_identity_verification("py-state-1", front=FRONT, selfie=SELFIE)
        account, workflow = started["account"]["id"], started["workflowExecution"]["id"]
    assert (tmp_path / "state.sqlite3").exists()
    with jumio_kyx.Sandbox(state_dir=str(tmp_path), processing_delay_ms=60_000) as again:
        client = make_client(again)
        assert client.get_workflow_status(account, workflow)["workflowExecution"]["status"] == "ACQUIRED"
        again.advance_clock(61)
        details = client.get_workflow_details(account, workflow)
        assert details["workflow"]["status"] == "PROCESSED"
        assert details["decision"]["type"] == "REJECTED", "the scenario survived the restart"


def test_an_exported_state_serves_the_same_data_elsewhere() -> None:
    with jumio_kyx.Sandbox(processing_delay_ms=0) as a, jumio_kyx.Sandbox() as b:
        started = make_client(a).run_identity_verification("py-state-2", front=FRONT, selfie=SELFIE)
        account, workflow = started["account"]["id"], started["workflowExecution"]["id"]
        credential = next(c["id"] for c in started["workflowExecution"]["credentials"] if c["category"] == "ID")
        state = a.export_state()
        assert state["format"] == "jumio-kyx-sandbox-state" and state["version"] == 1
        b.import_state(json.dumps(state))  # the JSON text of a committed fixture works too
        ca, cb = make_client(a), make_client(b)
        assert cb.get_workflow_details(account, workflow)["decision"] == ca.get_workflow_details(account, workflow)["decision"]
        assert cb.download_part(account, credential, "FRONT")["content"] == FRONT
        assert [w["id"] for w in b.workflows()] == [workflow]


@pytest.mark.parametrize("break_it, says", [
    (lambda d: d.update(version=2), "version 2"),
    (lambda d: d.update(format="something-else"), "not a sandbox state"),
    (lambda d: d["workflows"][0].update(status="SOMETHING"), "workflows[0].status"),
])
def test_a_broken_document_is_refused_and_changes_nothing(break_it, says: str) -> None:  # type: ignore[no-untyped-def]
    with jumio_kyx.Sandbox(processing_delay_ms=0) as a, jumio_kyx.Sandbox() as b:
        make_client(a).run_identity_verification("py-state-3", front=FRONT, selfie=SELFIE)
        kept = make_client(b).create_account({"customerInternalReference": "kept", "workflowDefinition": {"key": 10011}})
        doc = copy.deepcopy(a.export_state())
        break_it(doc)
        with pytest.raises(ValueError, match=says.replace("[", r"\[").replace("]", r"\]")):
            b.import_state(doc)
        assert [w["id"] for w in b.workflows()] == [kept["workflowExecution"]["id"]]
    with jumio_kyx.Sandbox() as c, pytest.raises(ValueError, match="not JSON"):
        c.import_state("{not json")
