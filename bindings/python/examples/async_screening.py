"""Watchlist screenings from prepared data, 20 at once with asyncio.gather.

    python examples/async_screening.py
"""

from __future__ import annotations

import asyncio

from jumio_kyx import AsyncClient, Sandbox
from jumio_kyx.types import PreparedData, WorkflowDetails


async def screen(client: AsyncClient, n: int) -> WorkflowDetails:
    data: PreparedData = {"firstName": "JANE", "lastName": f"SPECIMEN{n}", "dateOfBirth": "1990-01-01", "address": {"country": "USA"}}
    started = await client.run_prepared_data_verification(f"example-screening-{n}", data, user_reference=f"user-{n}")
    await client.wait_for_completion(started["account"]["id"], started["workflowExecution"]["id"], poll_interval=0.05, deadline=30)
    return await client.get_workflow_details(started["account"]["id"], started["workflowExecution"]["id"])


async def main() -> None:
    with Sandbox(processing_delay_ms=100) as sandbox:
        sandbox.set_scenario({"watchlistScreening": "ALERT"})
        async with AsyncClient(base_url=sandbox.url, client_id="example", client_secret="example", user_agent="jumio-kyx examples/0.1") as client:
            results = await asyncio.gather(*(screen(client, n) for n in range(20)))
    alerts = sum(1 for d in results if "decision" in d and d["decision"]["type"] == "WARNING")
    print(f"{len(results)} screenings, {alerts} alerts")


if __name__ == "__main__":
    asyncio.run(main())
