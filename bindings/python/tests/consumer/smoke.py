"""Run by `cargo xtask dist --smoke` (and CI) in a new venv that installed the built wheel with no
Rust toolchain on PATH: the package imports, types ship with it, and a workflow runs through it
against its embedded sandbox, sync and async."""

from __future__ import annotations

import asyncio
import importlib.resources
import sys

import jumio_kyx
from jumio_kyx import AsyncClient, Client, JumioError, NotFoundError, Sandbox, sample_image

assert "site-packages" in (jumio_kyx.__file__ or ""), jumio_kyx.__file__
assert importlib.resources.files("jumio_kyx").joinpath("py.typed").is_file(), "py.typed is missing"

with Sandbox(processing_delay_ms=0) as sandbox:
    options = dict(base_url=sandbox.url, client_id="consumer", client_secret="consumer", user_agent="Consumer/1.0")
    client = Client(**options)
    started = client.run_identity_verification("consumer-1", front=sample_image("front"), selfie=sample_image("selfie"))
    account_id, workflow_id = started["account"]["id"], started["workflowExecution"]["id"]
    client.wait_for_completion(account_id, workflow_id, schedule_scale=0.001)  # the sandbox is immediate
    details = client.get_workflow_details(account_id, workflow_id)
    assert details["decision"]["type"] == "PASSED", details["decision"]
    try:
        client.get_workflow_execution("missing")
        raise AssertionError("a missing account was found")
    except NotFoundError as e:
        assert isinstance(e, JumioError)

    async def screening() -> str:
        async with AsyncClient(**options) as aclient:
            started = await aclient.run_prepared_data_verification(
                "consumer-2",
                {"firstName": "Ada", "lastName": "Lovelace", "dateOfBirth": "1990-01-01", "address": {"country": "GBR"}},
                user_reference="consumer-user-2",
            )
            status = await aclient.wait_for_completion(started["account"]["id"], started["workflowExecution"]["id"], schedule_scale=0.001)
            return str(status["workflowExecution"]["status"])

    assert asyncio.run(screening()) == "PROCESSED"
    print(f"installed wheel works (Python {sys.version_info[0]}.{sys.version_info[1]}): workflow {workflow_id} PASSED")
