"""Exceptions: the hierarchy, their attributes, pre-flight errors before any request."""

from __future__ import annotations

import builtins

import pytest

import jumio_kyx
from conftest import FRONT, SELFIE, UA, make_client


def test_preflight_errors_name_the_field_and_send_nothing(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    cases = [
        ({"customerInternalReference": "a/b", "workflowDefinition": {"key": 10011}}, "customerInternalReference"),
        ({"customerInternalReference": "x" * 101, "workflowDefinition": {"key": 10011}}, "customerInternalReference"),
        ({"customerInternalReference": "ok", "workflowDefinition": {"key": 10011}, "tokenLifetime": "61d"}, "tokenLifetime"),
        ({"customerInternalReference": "ok", "workflowDefinition": {"key": 10011}, "web": {"locale": "english"}}, "web.locale"),
    ]
    for request, field in cases:
        with pytest.raises(jumio_kyx.ValidationError) as info:
            client.create_account(request)  # type: ignore[arg-type]
        e = info.value
        assert e.field == field and e.kind == "validation" and e.status is None and not e.retryable
        assert isinstance(e, ValueError) and isinstance(e, jumio_kyx.JumioError)
        assert "a/b" not in str(e)
    with pytest.raises(jumio_kyx.ValidationError) as info:
        client.upload_part("a", "w", "c", "FRONT", b"%PDF-1.4 not an image")
    assert info.value.field == "front"
    with pytest.raises(jumio_kyx.ValidationError) as info:
        client.upload_prepared_data("a", "w", "c", {"dateOfBirth": "1990-02-30"})
    assert info.value.field == "dateOfBirth"
    with pytest.raises(jumio_kyx.ValidationError) as info:
        client.run_identity_verification("flow", FRONT, b"not a selfie")
    assert info.value.field == "selfie"
    with pytest.raises(jumio_kyx.ValidationError):
        client.create_account({"customerInternalReference": "ok"})  # type: ignore[typeddict-item]
    assert sandbox.requests() == []


def test_server_errors_are_typed(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    with pytest.raises(jumio_kyx.NotFoundError) as info:
        client.get_workflow_execution("missing")
    assert info.value.status == 404 and info.value.request_id and info.value.operation == "getWorkflowExecution"
    account = client.create_account({"customerInternalReference": "py-err", "workflowDefinition": {"key": 10011}})
    a, w = account["account"]["id"], account["workflowExecution"]["id"]
    sandbox.set_faults([{"operation": "getWorkflowStatus", "status": 503, "count": 10}])
    with pytest.raises(jumio_kyx.ServerError) as server:
        client.get_workflow_status(a, w)
    assert server.value.status == 503 and server.value.retryable
    assert len(sandbox.requests("get_workflow_status")) == 4
    # A 429 was not processed: waited for and retried, on its own budget (not max_retries).
    sandbox.set_faults([{"operation": "getWorkflowStatus", "status": 429, "retryAfter": 0, "count": 2}])
    assert make_client(sandbox, max_retries=0).get_workflow_status(a, w)["workflowExecution"]["id"] == w
    sandbox.set_faults([{"operation": "getWorkflowStatus", "status": 429, "retryAfter": 1, "count": 10}])
    with pytest.raises(jumio_kyx.RateLimitError) as limited:
        make_client(sandbox, max_rate_limit_retries=0).get_workflow_status(a, w)
    assert limited.value.retry_after == 1.0 and limited.value.retryable
    # An HTML gateway page is classified by its status and kept, bounded, out of the message.
    sandbox.set_faults([{"operation": "getWorkflowStatus", "status": 502, "body": "<html><h1>502 Bad Gateway</h1></html>", "contentType": "text/html"}])
    with pytest.raises(jumio_kyx.ServerError) as gateway:
        make_client(sandbox, max_retries=0).get_workflow_status(a, w)
    assert gateway.value.status == 502 and gateway.value.body is not None and "<h1>" in gateway.value.body
    assert "<h1>" not in str(gateway.value)
    sandbox.set_faults([{"operation": "getWorkflowStatus", "status": 302, "headers": {"Location": "https://elsewhere.example/x"}}])
    with pytest.raises(jumio_kyx.RedirectError) as redirect:
        client.get_workflow_status(a, w)
    assert redirect.value.status == 302 and "elsewhere.example" in str(redirect.value)
    sandbox.clear_faults()
    for scans, code in [(["x-WIPED-1"], "wiped_out"), (["x-NOTFOUND-1"], "scan_not_found"), (["x-PENDING-1"], "not_in_final_state")]:
        with pytest.raises(jumio_kyx.MigrationError) as m:
            client.create_migration({"scanReferences": scans})
        assert m.value.migration == code and m.value.scan_references == scans
    # Basic credentials the platform does not know: 403, as Jumio documents for bad credentials.
    with jumio_kyx.Sandbox(clients={"known": "pw"}) as strict:
        with pytest.raises(jumio_kyx.AuthenticationError) as denied:
            jumio_kyx.Client(base_url=strict.url, api_token="t", api_secret="s", user_agent=UA).create_migration({"scanReferences": ["s"]})
        assert denied.value.status == 403


def test_configuration_errors_and_the_timeout_class(sandbox: jumio_kyx.Sandbox) -> None:
    with pytest.raises(jumio_kyx.ConfigurationError, match="User-Agent"):
        jumio_kyx.Client(region="US", client_id="a", client_secret="b")
    with pytest.raises(jumio_kyx.ConfigurationError, match="plain http"):
        jumio_kyx.Client(base_url="http://example.com", user_agent=UA)
    with pytest.raises(jumio_kyx.ValidationError, match="region") as region:
        jumio_kyx.Client(region="MARS", user_agent=UA)
    assert region.value.field == "region"
    # Every option is read on its own: a backoff without a retry count is not ignored.
    with pytest.raises(jumio_kyx.ValidationError) as backoff:
        jumio_kyx.Client(base_url=sandbox.url, user_agent=UA, initial_backoff=60.0)
    assert backoff.value.field == "initial_backoff"
    for bad in (float("inf"), float("nan"), -1.0, 0.0):
        with pytest.raises(jumio_kyx.ValidationError) as deadline:
            jumio_kyx.Client(base_url=sandbox.url, user_agent=UA, deadline=bad)
        assert deadline.value.field == "deadline"
    with pytest.raises(jumio_kyx.ValidationError) as typo:
        jumio_kyx.Client(base_url=sandbox.url, user_agent=UA, max_retries=-1)
    assert typo.value.field == "max_retries"
    sandbox.set_faults([{"operation": "getHealth", "latencyMs": 2000}])
    with pytest.raises(jumio_kyx.TimeoutError) as info:
        make_client(sandbox, deadline=0.3).get_health()
    assert isinstance(info.value, builtins.TimeoutError) and info.value.kind == "timeout"
    assert issubclass(jumio_kyx.TransportError, ConnectionError)


def test_unreachable_hosts_raise_transport_errors() -> None:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    client = jumio_kyx.Client(base_url=f"http://127.0.0.1:{port}", user_agent=UA, max_retries=0)
    with pytest.raises(jumio_kyx.TransportError) as info:
        client.get_health()
    assert info.value.retryable


def test_every_error_kind_of_the_core_has_its_exception_class() -> None:
    # The core lists the kinds and their classes once; the package must raise each of them.
    classes = dict(jumio_kyx._native.ERROR_CLASSES)
    assert "validation" in classes and "local_file" in classes
    for kind, name in classes.items():
        cls = getattr(jumio_kyx, name)
        assert issubclass(cls, jumio_kyx.JumioError), name
        assert name in jumio_kyx.__all__, name


def test_a_client_shows_its_endpoint_as_configured(sandbox: jumio_kyx.Sandbox) -> None:
    local = jumio_kyx.Client(base_url=sandbox.url, client_id="a", client_secret="S3CRET-repr", user_agent=UA)
    assert repr(local) == f"<Client base URL {sandbox.url.rstrip('/')}>"
    assert repr(jumio_kyx.AsyncClient(region="EU", client_id="a", client_secret="S3CRET-repr", user_agent=UA)) == "<AsyncClient region EU>"
