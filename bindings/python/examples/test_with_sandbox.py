"""Testing your own code with pytest and the sandbox: a rejected verification on purpose.

    pytest examples/test_with_sandbox.py
"""

from __future__ import annotations

from typing import Iterator

import pytest

from jumio_kyx import Client, Sandbox, sample_image


@pytest.fixture
def kyx() -> Iterator[Client]:
    with Sandbox(processing_delay_ms=0) as sandbox:
        yield Client(base_url=sandbox.url, client_id="test", client_secret="test", user_agent="My Shop Tests/1.0")


def onboard(client: Client, reference: str) -> str:
    """The code under test: verify a customer, return the decision."""
    started = client.run_identity_verification(reference, sample_image("front"), sample_image("selfie"))
    details = client.get_workflow_details(started["account"]["id"], started["workflowExecution"]["id"])
    decision = details.get("decision")
    return decision["type"] if decision else "NONE"


def test_a_mismatching_selfie_is_rejected(kyx: Client) -> None:
    assert onboard(kyx, "customer-1 [similarity=NO_MATCH]") == "REJECTED"


def test_a_good_customer_passes(kyx: Client) -> None:
    assert onboard(kyx, "customer-2") == "PASSED"
