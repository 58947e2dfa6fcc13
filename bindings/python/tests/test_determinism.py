"""A seeded sandbox on a frozen clock answers the same calls with the same ids, tokens and
timestamps, run after run; another seed gives other ids; bad values are refused at start."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, Optional

import pytest

import jumio_kyx
from conftest import make_client


def _run(seed: Optional[int]) -> Dict[str, Any]:
    with jumio_kyx.Sandbox(seed=seed, clock_start=datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc), frozen_clock=True, processing_delay_ms=0) as sandbox:
        account = make_client(sandbox).create_account({"customerInternalReference": "golden-1", "workflowDefinition": {"key": 10011}})
        return {
            "account": account["account"]["id"],
            "workflow": account["workflowExecution"]["id"],
            "credentials": [c["id"] for c in account["workflowExecution"]["credentials"]],
            "token": account["sdk"]["token"],
            "timestamp": account["timestamp"],
        }


def test_the_same_seed_gives_the_same_answers() -> None:
    a, b = _run(7), _run(7)
    assert a == b
    assert a["timestamp"] == "2030-01-02T03:04:05.000Z"
    assert _run(8)["account"] != a["account"]
    assert _run(None)["account"] != _run(None)["account"]


@pytest.mark.parametrize("options, says", [({"seed": -1}, "seed"), ({"clock_start": "yesterday"}, "clockStart"), ({"clock_start": "2999-01-01T00:00:00Z"}, "clock start"), ({"state_dir": ""}, "stateDir")])
def test_bad_values_are_refused(options: Dict[str, Any], says: str) -> None:
    with pytest.raises(ValueError, match=says):
        jumio_kyx.Sandbox(**options)
