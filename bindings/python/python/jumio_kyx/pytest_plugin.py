"""The pytest plugin, registered with the package (the ``pytest11`` entry point ``jumio_kyx``):
fixtures for tests of code that talks to KYX, with no conftest to write.

* ``kyx_sandbox``: a sandbox of the test's own (its own port and state, so pytest-xdist workers
  share nothing), processing immediate unless set, closed after the test;
* ``kyx_client`` and ``kyx_async_client``: clients bound to it;
* ``@pytest.mark.kyx_sandbox(**options)``: the test's sandbox options and settings, as
  ``Sandbox`` takes them (``seed=7``, ``processing_delay_ms=500``, ``frozen_clock=True``, …).

Example::

    import pytest

    @pytest.mark.kyx_sandbox(seed=7)
    def test_onboarding_creates_one_account(kyx_sandbox, kyx_client):
        kyx_client.create_account({"customerInternalReference": "order-42", "workflowDefinition": {"key": 10013}})
        kyx_sandbox.assert_requested("createAccount", times=1, workflow_definition__key=10013)
"""

from __future__ import annotations

from typing import Any, Dict, Iterator

import pytest

from ._client import AsyncClient, Client
from ._sandbox import Sandbox

USER_AGENT = "jumio-kyx pytest plugin/1.0"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "kyx_sandbox(**options): options and settings of the test's kyx_sandbox (seed=7, processing_delay_ms=500, …)")


@pytest.fixture
def kyx_sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    """A sandbox for this test alone, closed after it."""
    options: Dict[str, Any] = {"processing_delay_ms": 0}
    marker = request.node.get_closest_marker("kyx_sandbox")
    if marker is not None:
        options.update(marker.kwargs)
    with Sandbox(**options) as sandbox:
        yield sandbox


@pytest.fixture
def kyx_client(kyx_sandbox: Sandbox) -> Client:
    """A client of the test's sandbox."""
    return Client(base_url=kyx_sandbox.url, client_id="pytest-client", client_secret="pytest-secret", user_agent=USER_AGENT)


@pytest.fixture
def kyx_async_client(kyx_sandbox: Sandbox) -> AsyncClient:
    """An asyncio client of the test's sandbox."""
    return AsyncClient(base_url=kyx_sandbox.url, client_id="pytest-client", client_secret="pytest-secret", user_agent=USER_AGENT)
