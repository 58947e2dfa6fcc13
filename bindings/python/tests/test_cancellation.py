"""Cancelling an asyncio task cancels its request: the core's future is dropped, its connection
closed, and the sandbox (which delays createAccount by a fault rule) never gets to create it."""

from __future__ import annotations

import asyncio
import time

import pytest

import jumio_kyx
from conftest import make_async_client

DELAY_MS = 1500
ACCOUNT = {"customerInternalReference": "py-cancel", "workflowDefinition": {"key": 10011}}


async def _until_received(sandbox: jumio_kyx.Sandbox) -> None:
    """Until the sandbox has the createAccount request (and holds it for DELAY_MS)."""
    deadline = time.monotonic() + 5
    while not sandbox.requests("create_account"):
        assert time.monotonic() < deadline, "the request never reached the sandbox"
        await asyncio.sleep(0.01)


async def test_cancelling_the_task_stops_the_request_and_the_client_goes_on(sandbox: jumio_kyx.Sandbox) -> None:
    client = make_async_client(sandbox)
    await client.get_access_token()
    sandbox.set_faults([{"operation": "createAccount", "latencyMs": DELAY_MS}])
    task = asyncio.ensure_future(client.create_account(ACCOUNT))  # type: ignore[arg-type]
    await _until_received(sandbox)
    cancelled_at = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - cancelled_at < 0.5, "cancel waited for the request"
    # Past the delay: the sandbox never handled it (no answer logged, nothing created).
    await asyncio.sleep(DELAY_MS / 1000 + 0.5)
    [entry] = sandbox.requests("create_account")
    assert entry["status"] is None and entry["durationMs"] is None
    assert sandbox.workflows() == []
    # The same client goes on.
    sandbox.clear_faults()
    account = await client.create_account(ACCOUNT)  # type: ignore[arg-type]
    assert [w["accountId"] for w in sandbox.workflows()] == [account["account"]["id"]]


async def test_a_timeout_cancels_the_same_way_and_an_uncancelled_call_does_create(sandbox: jumio_kyx.Sandbox) -> None:
    client = make_async_client(sandbox)
    sandbox.set_faults([{"operation": "createAccount", "latencyMs": DELAY_MS}])
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(client.create_account(ACCOUNT), timeout=0.5)  # type: ignore[arg-type]
    await asyncio.sleep(DELAY_MS / 1000 + 0.2)
    assert sandbox.workflows() == []
    # The control: the same delay, not cancelled, creates the account.
    account = await client.create_account(ACCOUNT)  # type: ignore[arg-type]
    assert [w["accountId"] for w in sandbox.workflows()] == [account["account"]["id"]]
    assert [r["status"] for r in sandbox.requests("create_account")] == [None, 200]


async def test_cancelling_one_of_many_leaves_the_others(sandbox: jumio_kyx.Sandbox) -> None:
    client = make_async_client(sandbox)
    sandbox.set_faults([{"operation": "getWorkflowStatus", "latencyMs": 800}])
    account = await client.create_account(ACCOUNT)  # type: ignore[arg-type]
    ids = account["account"]["id"], account["workflowExecution"]["id"]
    tasks = [asyncio.ensure_future(client.get_workflow_status(*ids)) for _ in range(4)]
    await asyncio.sleep(0.2)
    tasks[0].cancel()
    done = await asyncio.gather(*tasks, return_exceptions=True)
    assert isinstance(done[0], asyncio.CancelledError)
    assert all(isinstance(d, dict) and d["workflowExecution"]["id"] == ids[1] for d in done[1:])
