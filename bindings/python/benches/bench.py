"""`cargo xtask bench python`: retrievals against the sandbox (a separate process, URL in
KYX_SANDBOX_URL), in one run:

* 10,000 `get_workflow_status` calls with 64 in flight: `AsyncClient` vs `httpx.AsyncClient`;
* 10,000 calls from 16 threads, and 2,000 from one thread: `Client` vs `requests`.

The raw clients send the same GET with the same bearer token and parse the JSON body.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Awaitable, Callable, Dict, Tuple

import httpx
import requests

import jumio_kyx

URL = os.environ["KYX_SANDBOX_URL"]
UA = "kyx-bench/1.0"
N = 10_000
IN_FLIGHT = 64
THREADS = 16
SEQUENTIAL = 2_000


def setup() -> Tuple[jumio_kyx.Client, str, str, str]:
    client = jumio_kyx.Client(base_url=URL, client_id="bench", client_secret="bench", user_agent=UA)
    account = client.create_account({"customerInternalReference": "py-bench", "workflowDefinition": {"key": 10011}})
    token = client.get_access_token()["access_token"]
    return client, account["account"]["id"], account["workflowExecution"]["id"], token


async def run_async(call: Callable[[], Awaitable[Any]]) -> float:
    sem = asyncio.Semaphore(IN_FLIGHT)

    async def one() -> None:
        async with sem:
            await call()

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(N)))
    return N / (time.perf_counter() - started)


def run_threads(call: Callable[[], Any], n: int, threads: int) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(lambda _: call(), range(n)))
    return n / (time.perf_counter() - started)


async def async_part(a: str, w: str, token: str) -> Dict[str, float]:
    sdk = jumio_kyx.AsyncClient(base_url=URL, client_id="bench", client_secret="bench", user_agent=UA)
    path = f"{URL}/api/v1/accounts/{a}/workflow-executions/{w}/status"
    headers = {"Authorization": f"Bearer {token}", "User-Agent": UA}
    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
    async with httpx.AsyncClient(limits=limits, headers=headers) as raw:

        async def sdk_call() -> Any:
            return await sdk.get_workflow_status(a, w)

        async def raw_call() -> Any:
            r = await raw.get(path)
            r.raise_for_status()
            return r.json()

        await run_async(sdk_call)  # warm-up
        await run_async(raw_call)
        return {"sdk": await run_async(sdk_call), "raw": await run_async(raw_call)}


def sync_part(a: str, w: str, token: str) -> Dict[str, float]:
    sdk = jumio_kyx.Client(base_url=URL, client_id="bench", client_secret="bench", user_agent=UA)
    path = f"{URL}/api/v1/accounts/{a}/workflow-executions/{w}/status"
    headers = {"Authorization": f"Bearer {token}", "User-Agent": UA}
    local = threading.local()

    def raw_call() -> Any:
        session = getattr(local, "s", None)
        if session is None:
            session = local.s = requests.Session()
            adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=THREADS)
            session.mount("http://", adapter)
        r = session.get(path, headers=headers)
        r.raise_for_status()
        return r.json()

    def sdk_call() -> Any:
        return sdk.get_workflow_status(a, w)

    run_threads(sdk_call, 500, THREADS)
    run_threads(raw_call, 500, THREADS)
    return {
        "sdk_threads": run_threads(sdk_call, N, THREADS),
        "raw_threads": run_threads(raw_call, N, THREADS),
        "sdk_seq": run_threads(sdk_call, SEQUENTIAL, 1),
        "raw_seq": run_threads(raw_call, SEQUENTIAL, 1),
    }


def main() -> None:
    _, a, w, token = setup()
    r = asyncio.run(async_part(a, w, token))
    s = sync_part(a, w, token)
    print(f"python: {N} retrievals (get_workflow_status) against the sandbox")
    print(f"  AsyncClient, {IN_FLIGHT} in flight:   {r['sdk']:>8.0f} calls/s")
    print(f"  httpx.AsyncClient, {IN_FLIGHT} in flight: {r['raw']:>8.0f} calls/s")
    print(f"  ratio:                        {r['sdk'] / r['raw']:>8.2f}x   (goal >= 2x)")
    print(f"  Client, {THREADS} threads:          {s['sdk_threads']:>8.0f} calls/s")
    print(f"  requests, {THREADS} threads:        {s['raw_threads']:>8.0f} calls/s")
    print(f"  ratio:                        {s['sdk_threads'] / s['raw_threads']:>8.2f}x   (goal >= 2x)")
    print(f"  Client, one thread:           {s['sdk_seq']:>8.0f} calls/s")
    print(f"  requests, one thread:         {s['raw_seq']:>8.0f} calls/s")
    print(f"  ratio:                        {s['sdk_seq'] / s['raw_seq']:>8.2f}x")


if __name__ == "__main__":
    main()
