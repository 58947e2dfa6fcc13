"""The production path from Python: a region (no base URL), HTTPS, the real host names, against
a sandbox in region mode (TLS with a local CA, strict hosts)."""

from __future__ import annotations

import pytest

import jumio_kyx
from conftest import UA


def test_a_verification_runs_over_tls_on_the_real_hosts_of_its_region() -> None:
    with jumio_kyx.Sandbox(tls=True, strict_hosts=True, processing_delay_ms=0) as sandbox:
        assert sandbox.url.startswith("https://")
        client = jumio_kyx.Client(region="EU", client_id="py-tls", client_secret="secret", user_agent=UA, **sandbox.region_options())
        started = client.run_identity_verification("py-tls", jumio_kyx.sample_image("front"), jumio_kyx.sample_image("selfie"), jumio_kyx.sample_image("back"))
        a, w = started["account"]["id"], started["workflowExecution"]["id"]
        status = client.wait_for_completion(a, w, poll_interval=0.05, deadline=20)
        href = status["workflowExecution"]["href"]
        assert href.startswith("https://retrieval.emea-1.jumio.ai/"), href
        assert client.get_workflow_by_href(href)["decision"]["type"] == "PASSED"
        before = len(sandbox.requests())
        with pytest.raises(jumio_kyx.ValidationError) as e:
            client.get_workflow_by_href("https://retrieval.amer-1.jumio.ai/api/v1/workflow-executions/" + w)
        assert e.value.field == "href"
        assert len(sandbox.requests()) == before, "a cross-region href sends nothing"
    with jumio_kyx.Sandbox() as plain, pytest.raises(ValueError):
        plain.region_options()
