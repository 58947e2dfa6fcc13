"""A program that used the asyncio client exits cleanly: the threads that resolve asyncio
futures (and forward log records, and read file objects) never wait for the GIL while the
interpreter finalizes. (Before, about one run in six of such a program crashed at exit.)"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

PROGRAM = """
import asyncio, io, logging, sys
import jumio_kyx

logging.getLogger("jumio_kyx").setLevel(logging.DEBUG if sys.argv[1] == "debug" else logging.WARNING)
with jumio_kyx.Sandbox(processing_delay_ms=0) as sandbox:
    client = jumio_kyx.AsyncClient(base_url=sandbox.url, client_id="id", client_secret="secret", user_agent="Exit/1.0")

    async def main() -> None:
        await asyncio.gather(*(client.get_health() for _ in range(5)))
        sandbox.set_faults([{"operation": "createAccount", "latencyMs": 3000}])
        # Left running: asyncio.run cancels it on the way out.
        asyncio.ensure_future(client.create_account({"customerInternalReference": "exit", "workflowDefinition": {"key": 10011}}))
        # The last futures resolved just before the exit.
        for _ in range(3):
            await client.get_health()

    asyncio.run(main())
print("done")
"""

RUNS = 48


def _run(level: str) -> tuple[int, str]:
    out = subprocess.run([sys.executable, "-c", PROGRAM, level], capture_output=True, text=True, timeout=60)
    return out.returncode, out.stdout + out.stderr[-2000:]


def test_programs_using_the_asyncio_client_exit_cleanly() -> None:
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(_run, ["warning", "debug"] * (RUNS // 2)))
    failures = [(code, text) for code, text in results if code != 0 or "done" not in text]
    assert not failures, f"{len(failures)} of {RUNS} runs failed at exit: {failures[0]}"
