"""The pytest plugin as a user meets it: this folder has no conftest. The fixtures come from the
installed package's ``pytest11`` entry point."""

from __future__ import annotations

import pytest

from jumio_kyx import AsyncClient, Client, Sandbox


def test_a_fixture_sandbox_and_client(kyx_sandbox: Sandbox, kyx_client: Client) -> None:
    kyx_client.create_account({"customerInternalReference": "order-42", "workflowDefinition": {"key": 10013}, "callbackUrl": "https://shop.example/cb"})
    kyx_sandbox.assert_requested("createAccount", times=1)
    kyx_sandbox.assert_requested("create_account", times=1, workflow_definition__key=10013, callback_url="https://shop.example/cb")
    kyx_sandbox.assert_requested("createAccount", **{"workflowDefinition.key": 10013})
    kyx_sandbox.assert_requested("createAccount", customer_internal_reference="order-42")
    kyx_sandbox.assert_not_requested("createAccount", customer_internal_reference="order-43")
    kyx_sandbox.assert_not_requested("deleteAccount")


def test_a_wrong_expectation_reads_like_a_good_failure(kyx_sandbox: Sandbox, kyx_client: Client) -> None:
    kyx_client.create_account({"customerInternalReference": "order-42", "workflowDefinition": {"key": 10013}})
    with pytest.raises(AssertionError) as failed:
        kyx_sandbox.assert_requested("createAccount", times=2, workflow_definition__key=10013)
    message = str(failed.value)
    assert message.startswith("expected createAccount to be requested exactly 2 times with workflowDefinition.key=10013, but it was requested 1 time")
    assert "requests made (2):" in message
    assert "createAccount POST /api/v1/accounts → 200 workflowDefinition.key=10013" in message
    assert "order-42" not in message
    with pytest.raises(AssertionError, match="expected createAccount not to be requested, but it was requested 1 time"):
        kyx_sandbox.assert_not_requested("createAccount")


@pytest.mark.kyx_sandbox(seed=11, processing_delay_ms=250)
def test_the_marker_sets_the_sandbox(kyx_sandbox: Sandbox) -> None:
    assert kyx_sandbox.settings()["processingDelayMs"] == 250


def test_each_test_has_a_fresh_sandbox(kyx_sandbox: Sandbox) -> None:
    kyx_sandbox.assert_not_requested("createAccount")


async def test_the_async_client(kyx_sandbox: Sandbox, kyx_async_client: AsyncClient) -> None:
    await kyx_async_client.create_account({"customerInternalReference": "order-1", "workflowDefinition": {"key": 10011}})
    kyx_sandbox.assert_requested("createAccount", times=1)


@pytest.mark.parametrize("run", range(6))
def test_parallel_tests_never_share_state(kyx_sandbox: Sandbox, kyx_client: Client, run: int) -> None:
    """Run with ``-n 2`` by ``cargo xtask python``: under pytest-xdist these six land on both
    workers at once, and each still sees only its own account."""
    kyx_client.create_account({"customerInternalReference": f"parallel-{run}", "workflowDefinition": {"key": 10013}})
    assert [w["customerInternalReference"] for w in kyx_sandbox.workflows()] == [f"parallel-{run}"]
    kyx_sandbox.assert_requested("createAccount", times=1)
