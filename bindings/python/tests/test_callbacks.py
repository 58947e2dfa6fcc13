"""Callbacks end to end: a receiver checks the sender, parses, deduplicates, fetches details."""

from __future__ import annotations

import http.server
import threading
import time
from typing import Any, Iterator, List

import pytest

import jumio_kyx
from conftest import BACK, FRONT, SELFIE


@pytest.fixture
def receiver() -> Iterator[tuple[str, List[Any], jumio_kyx.CallbackVerifier]]:
    got: List[Any] = []
    seen: set[str] = set()
    verifier = jumio_kyx.CallbackVerifier("US", allow=["127.0.0.1"])

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            try:
                verifier.verify(self.client_address[0])
            except jumio_kyx.AuthenticationError:
                self.send_response(403)
                self.end_headers()
                return
            body = self.rfile.read(int(self.headers["Content-Length"]))
            callback = jumio_kyx.parse_callback(body)
            if callback["dedupeKey"] not in seen:
                seen.add(callback["dedupeKey"])
                got.append(callback)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/callback", got, verifier
    server.shutdown()


def test_a_verification_reports_through_its_callback(sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client, receiver: tuple[str, List[Any], jumio_kyx.CallbackVerifier]) -> None:
    url, got, _ = receiver
    started = client.run_identity_verification("py-cb", FRONT, SELFIE, BACK, callback_url=url, user_reference="py-user")
    deadline = time.monotonic() + 10
    while not got and time.monotonic() < deadline:
        time.sleep(0.02)
    callback = got[0]
    assert callback["workflowExecution"]["id"] == started["workflowExecution"]["id"]
    assert callback["workflowExecution"]["status"] == "PROCESSED"
    assert callback["dedupeKey"] == f"{callback['workflowExecution']['id']}:PROCESSED"
    details = client.get_callback_details(callback)
    assert details["decision"]["type"] == "PASSED"


def test_sender_checks() -> None:
    us = jumio_kyx.CallbackVerifier("US")
    assert us.verify("34.202.241.227") == "34.202.241.227"
    assert us.verify("52.52.51.178")  # the 2021-2023 list
    with pytest.raises(jumio_kyx.AuthenticationError):
        us.verify("203.0.113.9")
    with pytest.raises(jumio_kyx.AuthenticationError):
        jumio_kyx.CallbackVerifier("US", current_only=True).verify("52.52.51.178")
    proxied = jumio_kyx.CallbackVerifier("EU", trusted_proxies=["10.0.0.5"])
    assert proxied.verify("10.0.0.5", forwarded_for="198.51.100.1, 52.48.0.25") == "52.48.0.25"
    # A sender that names itself in a first header line, behind a proxy that appends a second.
    with pytest.raises(jumio_kyx.AuthenticationError):
        proxied.verify("10.0.0.5", forwarded_for=["52.48.0.25", "203.0.113.9"])
    assert proxied.verify("::ffff:10.0.0.5", forwarded_for=["203.0.113.9", "52.48.0.25"]) == "52.48.0.25"
    # The region and addresses are checked when the verifier is made, not at the first callback.
    with pytest.raises(jumio_kyx.ValidationError):
        jumio_kyx.CallbackVerifier("MARS")
    with pytest.raises(jumio_kyx.ValidationError):
        jumio_kyx.CallbackVerifier("US", allow=["not-an-ip"])
    with pytest.raises(jumio_kyx.InvalidResponseError):
        jumio_kyx.parse_callback(b"{not json")


def test_x_forwarded_for_is_refused_when_no_proxy_is_trusted() -> None:
    # Jumio never sends X-Forwarded-For: with no trusted proxy, a request carrying it is refused,
    # whatever the peer (a local proxy or sidecar, or a peer a server already rewrote from it).
    verifier = jumio_kyx.CallbackVerifier("US", allow=["127.0.0.1"])
    for peer in ["127.0.0.1", "34.202.241.227"]:
        with pytest.raises(jumio_kyx.AuthenticationError) as refused:
            verifier.verify(peer, "34.202.241.227")
        assert "Jumio never sends X-Forwarded-For" in (refused.value.detail or "")
        assert "trusted prox" in (refused.value.detail or "")
        with pytest.raises(jumio_kyx.AuthenticationError):
            verifier.verify(peer, ["", "203.0.113.9"])
    # Without the header, the peer decides.
    assert verifier.verify("127.0.0.1") == "127.0.0.1"
    assert verifier.verify("127.0.0.1", []) == "127.0.0.1"
    # Trusting a proxy: a peer that is not the proxy is judged by its address.
    proxied = jumio_kyx.CallbackVerifier("US", trusted_proxies=["10.0.0.5"])
    assert proxied.verify("34.202.241.227", "10.0.0.5") == "34.202.241.227"
