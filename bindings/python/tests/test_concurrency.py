"""The blocking client from many threads, the async client under asyncio.gather; one token."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import jumio_kyx
from conftest import make_client


def test_the_blocking_client_from_many_threads(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    account = client.create_account({"customerInternalReference": "py-threads", "workflowDefinition": {"key": 10011}})
    a, w = account["account"]["id"], account["workflowExecution"]["id"]
    fresh = make_client(sandbox)

    def poll(_: int) -> str:
        return fresh.get_workflow_status(a, w)["workflowExecution"]["status"]

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(poll, range(400)))
    assert statuses == ["INITIATED"] * 400
    assert len(sandbox.requests("get_access_token")) == 2, "one token per client, however many threads"


def test_the_gil_is_released_during_io(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    sandbox.set_faults([{"operation": "getHealth", "latencyMs": 300}])
    counter = 0
    stop = threading.Event()

    def spin() -> None:
        nonlocal counter
        while not stop.is_set():
            counter += 1

    t = threading.Thread(target=spin)
    t.start()
    started = time.monotonic()
    client.get_health()
    elapsed = time.monotonic() - started
    stop.set()
    t.join()
    assert elapsed >= 0.3
    assert counter > 10_000, "Python ran on another thread while the call waited"


async def test_asyncio_gather_runs_calls_concurrently(sandbox: jumio_kyx.Sandbox, async_client: jumio_kyx.AsyncClient) -> None:
    account = await async_client.create_account({"customerInternalReference": "py-gather", "workflowDefinition": {"key": 10011}})
    a, w = account["account"]["id"], account["workflowExecution"]["id"]
    results = await asyncio.gather(*(async_client.get_workflow_status(a, w) for _ in range(500)))
    assert {r["workflowExecution"]["id"] for r in results} == {w}
    # Concurrency, not sequence: 20 calls with 200 ms of latency each take far less than 4 s.
    sandbox.set_faults([{"operation": "getWorkflowStatus", "latencyMs": 200}])
    started = time.monotonic()
    await asyncio.gather(*(async_client.get_workflow_status(a, w) for _ in range(20)))
    assert time.monotonic() - started < 2.0
    assert len(sandbox.requests("get_access_token")) == 1
