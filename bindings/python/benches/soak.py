"""The soak, from Python: full workflows through ``AsyncClient`` against a sandbox that misbehaves
on every operation (``tests/soak/faults.json``, shared with the Rust and Node soaks), then the
same checks: no duplicate workflow execution or migrated scan, no untyped error, no 429 that
surfaces, no crash, and every failure an operation that cannot safely be sent again.

    python benches/soak.py [--workflows N] [--concurrency N]

Prints a report; exits 1 when a promise is broken. ``cargo xtask soak`` runs it with 200.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import pathlib
import re
import sys
import time
from typing import Any, Counter, Dict, List, Tuple

import jumio_kyx

REPO = pathlib.Path(__file__).resolve().parents[3]
PLAN = json.loads((REPO / "tests" / "soak" / "faults.json").read_text())
UA = "Python Soak kyx-soak/1.0"
FRONT, BACK, SELFIE = (jumio_kyx.sample_image(n) for n in ("front", "back", "selfie"))


async def workflow(client: jumio_kyx.AsyncClient, i: int) -> None:
    ref = f"py-soak-{i}"
    wait = {"poll_interval": 0.05, "deadline": 120.0}
    kind = i % 10
    if kind in (6, 7):
        data = {"firstName": "SOAK", "lastName": "TEST", "dateOfBirth": "1990-01-31", "address": {"country": "USA"}}
        started = await client.run_prepared_data_verification(ref, data, user_reference="soak-user")
        a, w = started["account"]["id"], started["workflowExecution"]["id"]
        await client.wait_for_completion(a, w, **wait)
        await client.get_workflow_details(a, w)
    elif kind == 8:
        first = await client.create_account({"customerInternalReference": ref, "workflowDefinition": {"key": 10011}})
        second = await client.update_account(first["account"]["id"], {"customerInternalReference": f"{ref}-u", "workflowDefinition": {"key": 10011}})
        a, w = second["account"]["id"], second["workflowExecution"]["id"]
        await client.finalize_workflow(a, w)
        await client.wait_for_completion(a, w, **wait)
    elif kind == 9:
        scans = [f"{ref}-scan-a", f"{ref}-scan-b"]
        migrated = await client.create_migration({"scanReferences": scans})
        await client.get_workflow_status(migrated["account"]["id"], scans[0])
    else:
        account = await client.create_account({"customerInternalReference": ref, "workflowDefinition": {"key": 10011}})
        a, w = account["account"]["id"], account["workflowExecution"]["id"]
        creds = {c["category"]: c["id"] for c in account["workflowExecution"]["credentials"]}
        await client.upload_part(a, w, creds["ID"], "FRONT", FRONT)
        await client.upload_part(a, w, creds["ID"], "BACK", BACK)
        await client.upload_part(a, w, creds["SELFIE"], "FACE", SELFIE)
        await client.finalize_workflow(a, w)
        await client.wait_for_completion(a, w, **wait)
        await client.get_workflow_details(a, w)


async def soak(workflows: int, concurrency: int) -> Tuple[int, Counter[Tuple[str, str]], List[str], int, float]:
    settings = {re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), k): v for k, v in PLAN["settings"].items()}
    with jumio_kyx.Sandbox(**settings) as sandbox:
        sandbox.set_faults(PLAN["faults"])
        client = jumio_kyx.AsyncClient(base_url=sandbox.url, client_id="soak", client_secret="soak", user_agent=UA, max_retries=6, initial_backoff=0.02)
        slots = asyncio.Semaphore(concurrency)
        errors: Counter[Tuple[str, str]] = collections.Counter()
        crashes: List[str] = []
        completed = 0

        async def one(i: int) -> None:
            nonlocal completed
            async with slots:
                try:
                    await workflow(client, i)
                    completed += 1
                except jumio_kyx.JumioError as e:
                    errors[(e.kind, e.operation or "(none)")] += 1
                except Exception as e:  # a crash of the package: reported, never hidden
                    crashes.append(f"{type(e).__name__}: {e}")

        started = time.monotonic()
        await asyncio.gather(*(one(i) for i in range(workflows)))
        secs = time.monotonic() - started
        per_reference = collections.Counter(w["customerInternalReference"] for w in sandbox.workflows() if w["customerInternalReference"])
        per_scan = collections.Counter(m["scanReference"] for m in sandbox.migrations())
        duplicates = sum(1 for n in per_reference.values() if n > 1) + sum(1 for n in per_scan.values() if n > 1)
    return completed, errors, crashes, duplicates, secs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workflows", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    completed, errors, crashes, duplicates, secs = asyncio.run(soak(args.workflows, args.concurrency))
    unsafe = set(PLAN["unsafeOperations"])
    untyped = sum(n for (kind, op), n in errors.items() if kind in ("unexpected_status", "invalid_response") or op == "(none)")
    rate_limited = sum(n for (kind, _), n in errors.items() if kind == "rate_limited")
    unclear = sum(n for (kind, op), n in errors.items() if not (op in unsafe and kind in ("server", "transport")))
    print(f"soak (Python): {args.workflows} workflows, {args.concurrency} at a time, faults of tests/soak/faults.json, {secs:.1f} s")
    print(f"  completed          {completed}")
    print(f"  failed             {sum(errors.values())}")
    for (kind, op), n in sorted(errors.items()):
        print(f"    {n:>5}  {kind} in {op}")
    print(f"  duplicates         {duplicates}")
    print(f"  untyped errors     {untyped}")
    print(f"  429 surfaced       {rate_limited}")
    print(f"  crashes            {len(crashes)}")
    broken = []
    if duplicates:
        broken.append("a transaction was created twice")
    if untyped:
        broken.append("an error was not typed")
    if rate_limited:
        broken.append("a 429 surfaced as an error")
    if crashes:
        broken.append("the package crashed: " + "; ".join(crashes[:5]))
    if unclear:
        broken.append("an operation that is safe to retry failed")
    if completed + sum(errors.values()) + len(crashes) != args.workflows:
        broken.append("workflows are missing from the tally")
    if broken:
        print("soak failed: " + "; ".join(broken), file=sys.stderr)
        return 1
    print("soak passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
