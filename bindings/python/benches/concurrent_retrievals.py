"""The Python side of `cargo xtask bench bindings`: KYX_BENCH_CALLS `get_workflow_status` calls
with KYX_BENCH_IN_FLIGHT in flight through `AsyncClient`, against the sandbox at KYX_SANDBOX_URL
(another process). Prints one JSON line, {"callsPerSec": ...}."""

from __future__ import annotations

import asyncio
import json
import os
import time

import jumio_kyx

URL = os.environ["KYX_SANDBOX_URL"]
CALLS = int(os.environ.get("KYX_BENCH_CALLS", "10000"))
IN_FLIGHT = int(os.environ.get("KYX_BENCH_IN_FLIGHT", "64"))


async def main() -> None:
    client = jumio_kyx.AsyncClient(base_url=URL, client_id="bench", client_secret="bench", user_agent="kyx-bench/1.0")
    created = await client.create_account({"customerInternalReference": "py-bench", "workflowDefinition": {"key": 10011}})
    a, w = created["account"]["id"], created["workflowExecution"]["id"]

    async def round_of(n: int) -> float:
        # IN_FLIGHT workers taking calls until n are made, as the Node harness does (and as the
        # Rust one keeps n calls 64 at a time): not a task per call behind a semaphore, whose
        # bookkeeping (and the collector walking 10,000 live tasks) would be measured as well.
        left = n

        async def worker() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                await client.get_workflow_status(a, w)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
        return n / (time.perf_counter() - started)

    await round_of(CALLS // 5)  # warm-up: connections, token
    print(json.dumps({"callsPerSec": round(await round_of(CALLS), 1)}))


asyncio.run(main())
