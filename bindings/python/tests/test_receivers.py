"""The callback receivers of FastAPI, Flask and Django, each served on loopback by a real server
(uvicorn, werkzeug, Django's WSGI server), receiving real callbacks from the sandbox."""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import socket
import threading
import time
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

import jumio_kyx
from conftest import BACK, FRONT, SELFIE
from servers import DJANGO_URLS, django_ready, serve_asgi, serve_django, serve_wsgi, wait

FRAMEWORKS = ["fastapi", "flask", "django"]
LOOPBACK = ["127.0.0.1"]
JUMIO_US = "34.202.241.227"


@contextlib.contextmanager
def _serve_fastapi(handler: Any, verifier: jumio_kyx.CallbackVerifier, **kw: Any) -> Iterator[int]:
    from fastapi import FastAPI

    from jumio_kyx.fastapi import callback_endpoint

    app = FastAPI()
    app.add_api_route("/callback", callback_endpoint(handler, verifier=verifier, **kw), methods=["POST"])
    with serve_asgi(app) as port:
        yield port


@contextlib.contextmanager
def _serve_flask(handler: Any, verifier: jumio_kyx.CallbackVerifier, **kw: Any) -> Iterator[int]:
    from flask import Flask

    from jumio_kyx.flask import callback_view

    app = Flask("kyx_receiver_test")
    app.add_url_rule("/callback", view_func=callback_view(handler, verifier=verifier, **kw), methods=["POST"])
    with serve_wsgi(app) as port:
        yield port


@contextlib.contextmanager
def _serve_django(handler: Any, verifier: jumio_kyx.CallbackVerifier, **kw: Any) -> Iterator[int]:
    django_ready()
    from django.urls import path

    from jumio_kyx.django import callback_view

    with serve_django([path("callback", callback_view(handler, verifier=verifier, **kw))]) as port:
        yield port


SERVERS = {"fastapi": _serve_fastapi, "flask": _serve_flask, "django": _serve_django}


class Handled:
    """User code: records each callback; can be held until released, to show it runs after the
    answer was sent."""

    def __init__(self, hold: bool = False) -> None:
        self.calls: List[jumio_kyx.ParsedCallback] = []
        self.started = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()

    def __call__(self, callback: jumio_kyx.ParsedCallback) -> None:
        self.started.set()
        assert self.release.wait(10), "the test never released the handler"
        self.calls.append(callback)


# ----------------------------------------------------------------------------- raw HTTP helpers


def _post(port: int, body: bytes, headers: Optional[Dict[str, str]] = None, method: str = "POST") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, "/callback", body=body, headers={"Content-Type": "application/json", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _headers_only(port: int, content_length: int) -> int:
    """Sends a request's headers and none of its announced body: a receiver that reads the body
    before it answers would wait for it (and time out here)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(
            b"POST /callback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {content_length}\r\n\r\n".encode()
        )
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(1024)
            if not chunk:
                break
            head += chunk
    return int(head.split(b" ")[1])


def _callback_body(workflow: str = "w-receiver-1", status: str = "PROCESSED") -> bytes:
    return json.dumps(
        {
            "callbackSentAt": "2024-05-01T10:00:00.000Z",
            "workflowExecution": {"id": workflow, "href": f"https://retrieval.amer-1.jumio.ai/api/v1/workflow-executions/{workflow}", "definitionKey": "10011", "status": status},
            "account": {"id": "a-receiver-1", "href": "https://retrieval.amer-1.jumio.ai/api/v1/accounts/a-receiver-1"},
        }
    ).encode()


def _record(sandbox: jumio_kyx.Sandbox, workflow_id: str) -> Dict[str, Any]:
    """The sandbox's delivery record of a workflow's callback ({} until it has one)."""
    return next((r for r in sandbox.callbacks() if r["workflowExecutionId"] == workflow_id), {})


# --------------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("kind", FRAMEWORKS)
def test_a_sandbox_callback_reaches_user_code_after_the_200_and_a_redelivery_does_not(kind: str, sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    handled = Handled(hold=True)
    verifier = jumio_kyx.CallbackVerifier("US", allow=LOOPBACK)
    with SERVERS[kind](handled, verifier) as port:
        url = f"http://127.0.0.1:{port}/callback"
        started = client.run_identity_verification(f"py-{kind}-cb", FRONT, SELFIE, BACK, callback_url=url, user_reference="py-user")
        workflow_id = started["workflowExecution"]["id"]
        assert handled.started.wait(10), "user code was never called"
        # User code is still running (held), and the sandbox already has its 200.
        wait(lambda: bool(_record(sandbox, workflow_id).get("attempts")), "the delivery record")
        record = _record(sandbox, workflow_id)
        assert [a["status"] for a in record["attempts"]] == [200] and record["state"] == "delivered"
        assert handled.calls == []
        handled.release.set()
        wait(lambda: len(handled.calls) == 1, "user code to finish")
        callback = handled.calls[0]
        assert callback["workflowExecution"]["id"] == workflow_id
        assert callback["workflowExecution"]["status"] == "PROCESSED"
        assert callback["account"]["id"] == started["account"]["id"]
        assert callback["dedupeKey"] == f"{workflow_id}:PROCESSED"
        assert client.get_callback_details(callback)["decision"]["type"] == "PASSED"
        # Jumio sends the same event again: answered 200, not handed to user code.
        sandbox.redeliver_callback(record["id"])
        wait(lambda: len(_record(sandbox, workflow_id)["attempts"]) == 2, "the redelivery")
        assert [a["status"] for a in _record(sandbox, workflow_id)["attempts"]] == [200, 200]
        time.sleep(0.3)
        assert len(handled.calls) == 1


@pytest.mark.parametrize("kind", FRAMEWORKS)
def test_a_sender_the_verifier_does_not_allow_is_answered_403_and_never_handled(kind: str, sandbox: jumio_kyx.Sandbox, client: jumio_kyx.Client) -> None:
    sandbox.update_settings(callback_attempts=2)
    handled = Handled()
    # Jumio's US addresses only: the sandbox sends from 127.0.0.1.
    with SERVERS[kind](handled, jumio_kyx.CallbackVerifier("US")) as port:
        started = client.run_identity_verification(f"py-{kind}-refused", FRONT, SELFIE, BACK, callback_url=f"http://127.0.0.1:{port}/callback", user_reference="py-user")
        workflow_id = started["workflowExecution"]["id"]
        wait(lambda: _record(sandbox, workflow_id).get("state") == "failed", "the sandbox to give up")
        assert [a["status"] for a in _record(sandbox, workflow_id)["attempts"]] == [403, 403]
        time.sleep(0.2)
        assert handled.calls == [] and not handled.started.is_set()


@pytest.mark.parametrize("kind", FRAMEWORKS)
def test_the_sender_is_checked_before_the_body_is_read_and_a_long_body_is_refused_unread(kind: str) -> None:
    handled = Handled()
    with SERVERS[kind](handled, jumio_kyx.CallbackVerifier("US")) as port:
        assert _headers_only(port, 1000) == 403
    with SERVERS[kind](handled, jumio_kyx.CallbackVerifier("US", allow=LOOPBACK), max_body_bytes=4096) as port:
        assert _headers_only(port, 4097) == 413
    assert handled.calls == []


@pytest.mark.parametrize("kind", FRAMEWORKS)
def test_bodies_that_are_not_callbacks_and_bodies_too_long(kind: str) -> None:
    handled = Handled()
    with SERVERS[kind](handled, jumio_kyx.CallbackVerifier("US", allow=LOOPBACK), max_body_bytes=4096) as port:
        assert _post(port, b"{not json")[0] == 400
        assert _post(port, b'{"workflowExecution": 1}')[0] == 400
        assert _post(port, b"")[0] == 400
        assert _post(port, b" " * 4097)[0] == 413
        assert _post(port, b"", method="GET")[0] == 405
        if kind != "django":  # Django's WSGI server takes no chunked request bodies
            chunked = [_callback_body()[:10], b" " * 4096]
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("POST", "/callback", body=iter(chunked), encode_chunked=True, headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
            assert conn.getresponse().status == 413
            conn.close()
        # A valid body is still taken, and a repeat of it dropped.
        assert _post(port, _callback_body("w-after-refusals"))[0] == 200
        assert _post(port, _callback_body("w-after-refusals"))[0] == 200
        wait(lambda: len(handled.calls) == 1, "the valid callback")
        time.sleep(0.2)
    assert [c["workflowExecution"]["id"] for c in handled.calls] == ["w-after-refusals"]


@pytest.mark.parametrize("kind", FRAMEWORKS)
def test_behind_a_trusted_proxy_the_sender_is_read_from_every_forwarded_line(kind: str) -> None:
    handled = Handled()
    verifier = jumio_kyx.CallbackVerifier("US", trusted_proxies=LOOPBACK)
    with SERVERS[kind](handled, verifier) as port:
        assert _post(port, _callback_body("w-proxied"), {"X-Forwarded-For": f"198.51.100.7, {JUMIO_US}"})[0] == 200
        assert _post(port, _callback_body("w-spoofed"), {"X-Forwarded-For": "203.0.113.9"})[0] == 403
        # A sender that names a Jumio address in a first line, behind a proxy that appends its own.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.putrequest("POST", "/callback")
        body = _callback_body("w-spoofed-2")
        for name, value in [("Content-Type", "application/json"), ("Content-Length", str(len(body))), ("X-Forwarded-For", JUMIO_US), ("X-Forwarded-For", "203.0.113.9")]:
            conn.putheader(name, value)
        conn.endheaders(body)
        assert conn.getresponse().status == 403
        conn.close()
        wait(lambda: len(handled.calls) == 1, "the proxied callback")
        time.sleep(0.2)
    assert [c["workflowExecution"]["id"] for c in handled.calls] == ["w-proxied"]


@pytest.mark.parametrize("kind", FRAMEWORKS)
def test_x_forwarded_for_is_refused_when_the_verifier_trusts_no_proxy(kind: str) -> None:
    # Loopback is an accepted sender (a sandbox), no proxy is trusted. Jumio never sends
    # X-Forwarded-For: a request carrying it came through a proxy the verifier was not told of,
    # or forged it (under uvicorn's defaults, it even becomes the peer address).
    handled = Handled()
    with SERVERS[kind](handled, jumio_kyx.CallbackVerifier("US", allow=LOOPBACK)) as port:
        assert _post(port, _callback_body("w-xff"), {"X-Forwarded-For": JUMIO_US})[0] == 403
        assert _post(port, _callback_body("w-xff"), {"X-Forwarded-For": "203.0.113.9"})[0] == 403
        # Refused before the body is read.
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"POST /callback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Forwarded-For: " + JUMIO_US.encode() + b"\r\nContent-Length: 1000\r\n\r\n")
            assert sock.recv(1024).split(b" ")[1] == b"403"
        # The same event without the header: new (the refused ones were not remembered).
        assert _post(port, _callback_body("w-xff"))[0] == 200
        wait(lambda: len(handled.calls) == 1, "the callback without X-Forwarded-For")
        time.sleep(0.2)
    assert [c["workflowExecution"]["id"] for c in handled.calls] == ["w-xff"]


def test_under_uvicorns_defaults_a_forged_x_forwarded_for_does_not_make_a_sender_jumio(monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn's defaults (proxy headers on, ``forwarded_allow_ips`` 127.0.0.1) take the peer
    address from ``X-Forwarded-For`` for requests from loopback: a local proxy or sidecar that
    passes a forged header on would make its sender a Jumio address."""
    import uvicorn
    from fastapi import FastAPI

    from jumio_kyx.fastapi import callback_endpoint

    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    defaults = uvicorn.Config(FastAPI())
    assert defaults.proxy_headers and "127.0.0.1" in str(defaults.forwarded_allow_ips).split(","), "uvicorn's defaults changed"

    handled = Handled()
    seen = jumio_kyx.SeenCallbacks()
    app = FastAPI()
    # Jumio's US addresses only, as the README shows; no proxy trusted.
    app.add_api_route("/callback", callback_endpoint(handled, verifier=jumio_kyx.CallbackVerifier("US"), seen=seen), methods=["POST"])
    # The genuine path (a sender the verifier accepts, no X-Forwarded-For), sharing the memory.
    app.add_api_route("/genuine", callback_endpoint(handled, verifier=jumio_kyx.CallbackVerifier("US", allow=LOOPBACK), seen=seen), methods=["POST"])
    with serve_asgi(app) as port:  # uvicorn.Config(app) with its defaults
        body = _callback_body("w-forged")
        status, _ = _post(port, body, {"X-Forwarded-For": JUMIO_US})
        assert status == 403, "a forged X-Forwarded-For from 127.0.0.1 was taken for Jumio"
        time.sleep(0.2)
        assert handled.calls == [] and not handled.started.is_set()
        assert len(seen) == 0, "the forged callback was remembered as handled"
        # The real delivery of that event comes later: it is new, and handled.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/genuine", body=body, headers={"Content-Type": "application/json"})
        assert conn.getresponse().status == 200
        conn.close()
        wait(lambda: len(handled.calls) == 1, "the genuine callback")
    assert handled.calls[0]["dedupeKey"] == "w-forged:PROCESSED"


@pytest.mark.parametrize("kind", FRAMEWORKS)
def test_user_code_that_raises_is_logged_not_answered(kind: str, caplog: pytest.LogCaptureFixture) -> None:
    def failing(callback: jumio_kyx.ParsedCallback) -> None:
        raise RuntimeError("user code failed")

    with caplog.at_level(logging.ERROR, logger="jumio_kyx.callbacks"):
        with SERVERS[kind](failing, jumio_kyx.CallbackVerifier("US", allow=LOOPBACK)) as port:
            assert _post(port, _callback_body("w-failing"))[0] == 200
            wait(lambda: any("handler raised" in r.getMessage() for r in caplog.records), "the handler's error to be logged")
    record = next(r for r in caplog.records if "handler raised" in r.getMessage())
    assert record.name == "jumio_kyx.callbacks" and "w-failing:PROCESSED" in record.getMessage()
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)


def test_fastapi_awaits_a_coroutine_handler_on_the_loop_and_shares_a_dedupe_memory() -> None:
    got: List[str] = []

    async def handle(callback: jumio_kyx.ParsedCallback) -> None:
        got.append(callback["dedupeKey"])

    seen = jumio_kyx.SeenCallbacks()
    verifier = jumio_kyx.CallbackVerifier("US", allow=LOOPBACK)
    with _serve_fastapi(handle, verifier, seen=seen) as first, _serve_flask(lambda c: got.append(c["dedupeKey"]), verifier, seen=seen) as second:
        assert _post(first, _callback_body("w-shared"))[0] == 200
        assert _post(second, _callback_body("w-shared"))[0] == 200
        assert _post(second, _callback_body("w-shared", "INITIATED"))[0] == 200
        wait(lambda: len(got) == 2, "both events")
        time.sleep(0.2)
    assert sorted(got) == ["w-shared:INITIATED", "w-shared:PROCESSED"]
    assert len(seen) == 2


def test_receivers_refuse_a_bad_configuration() -> None:
    from jumio_kyx.flask import callback_view

    with pytest.raises(TypeError):
        callback_view(lambda c: None, verifier="US")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        callback_view(lambda c: None, verifier=jumio_kyx.CallbackVerifier("US"), max_body_bytes=0)
    with pytest.raises(TypeError):
        callback_view(None, verifier=jumio_kyx.CallbackVerifier("US"))  # type: ignore[arg-type]


def test_seen_callbacks_is_the_cores_bounded_memory() -> None:
    seen = jumio_kyx.SeenCallbacks(2)
    assert seen.first_time("w1:PROCESSED") and not seen.first_time("w1:PROCESSED")
    assert seen.first_time("w2:PROCESSED") and seen.first_time("w3:PROCESSED")
    assert len(seen) == 2
    assert seen.first_time("w1:PROCESSED"), "the oldest key was forgotten"


# ------------------------------------------------------------------------- Django under ASGI


class Receive:
    """A hand-written ASGI ``receive``: the body in ``chunks``, then nothing (until cancelled),
    recording each call."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = list(chunks)
        self.calls = 0

    async def __call__(self) -> Dict[str, Any]:
        import asyncio

        self.calls += 1
        if self.chunks:
            chunk = self.chunks.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(self.chunks)}
        await asyncio.Event().wait()  # the client stays connected; Django cancels this
        raise AssertionError("unreachable")


def _django_asgi(handler: Any, verifier: jumio_kyx.CallbackVerifier, guarded: bool = True, **kw: Any) -> Any:
    """Django's real ASGI application routing ``/callback`` to the receiver, guarded or not."""
    django_ready()
    from django.core.asgi import get_asgi_application
    from django.urls import clear_url_caches, path

    from jumio_kyx.django import callback_view

    DJANGO_URLS.urlpatterns = [path("callback", callback_view(handler, verifier=verifier, **kw))]  # type: ignore[attr-defined]
    clear_url_caches()
    application = get_asgi_application()
    if not guarded:
        return application
    from jumio_kyx.django import guard_asgi

    return guard_asgi(application, path="/callback", verifier=verifier, **kw)


def _asgi_post(application: Any, receive: Receive, client: str = "127.0.0.1", headers: Optional[Dict[str, str]] = None) -> int:
    """One POST to ``/callback`` through ``application``; returns the status it answered."""
    import asyncio

    sent: List[Dict[str, Any]] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/callback",
        "raw_path": b"/callback",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json")] + [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": (client, 40000),
        "server": ("127.0.0.1", 8000),
    }

    async def send(message: Dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(asyncio.wait_for(application(scope, receive, send), 10))
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert len(starts) == 1, sent
    return int(starts[0]["status"])


def test_django_under_asgi_with_guard_asgi_checks_the_sender_before_the_body_is_received() -> None:
    handled = Handled()
    body = _callback_body("w-asgi")
    app = _django_asgi(handled, jumio_kyx.CallbackVerifier("US", allow=LOOPBACK), max_body_bytes=4096)
    # A sender the verifier refuses: 403, and not one byte of the body was asked for.
    stranger = Receive(body)
    assert _asgi_post(app, stranger, client="203.0.113.9", headers={"Content-Length": str(len(body))}) == 403
    assert stranger.calls == 0
    # A forged X-Forwarded-For (no proxy trusted): the same.
    forged = Receive(body)
    assert _asgi_post(app, forged, headers={"Content-Length": str(len(body)), "X-Forwarded-For": JUMIO_US}) == 403
    assert forged.calls == 0
    # A declared length above the limit: 413, unread.
    large = Receive(b" " * 5000)
    assert _asgi_post(app, large, headers={"Content-Length": "5000"}) == 413
    assert large.calls == 0
    # No declared length and too long: cut off with a 413 at the chunk that goes past the limit.
    chunked = Receive(b" " * 3000, b" " * 3000, b" " * 3000)
    assert _asgi_post(app, chunked) == 413
    assert chunked.calls == 2 and len(chunked.chunks) == 1
    time.sleep(0.2)
    assert handled.calls == [] and not handled.started.is_set()
    # An accepted sender: the callback reaches the handler (after the answer).
    genuine = Receive(body[:40], body[40:])
    assert _asgi_post(app, genuine, headers={"Content-Length": str(len(body))}) == 200
    wait(lambda: len(handled.calls) == 1, "the callback to reach the handler")
    assert handled.calls[0]["dedupeKey"] == "w-asgi:PROCESSED"


def test_django_under_asgi_without_the_guard_reads_the_body_before_the_view_runs() -> None:
    # What the guard is for: Django's ASGI handler receives the whole body of a stranger before
    # the view refuses it.
    handled = Handled()
    body = _callback_body("w-asgi-unguarded")
    app = _django_asgi(handled, jumio_kyx.CallbackVerifier("US"), guarded=False)
    stranger = Receive(body)
    assert _asgi_post(app, stranger, client="203.0.113.9", headers={"Content-Length": str(len(body))}) == 403
    assert stranger.calls >= 1 and stranger.chunks == []
    assert handled.calls == []


def test_guard_asgi_passes_other_paths_through_and_refuses_a_bad_configuration() -> None:
    import asyncio

    from jumio_kyx.django import guard_asgi

    seen: List[str] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["path"] if scope["type"] == "http" else scope["type"])

    app = guard_asgi(inner, path="/callback", verifier=jumio_kyx.CallbackVerifier("US"))

    async def nothing() -> Dict[str, Any]:
        raise AssertionError("not called")

    async def drop(message: Any) -> None:
        pass

    async def both() -> None:
        await app({"type": "http", "path": "/other", "headers": [], "client": ("203.0.113.9", 1)}, nothing, drop)
        await app({"type": "lifespan"}, nothing, drop)

    asyncio.run(both())
    assert seen == ["/other", "lifespan"]
    with pytest.raises(ValueError):
        guard_asgi(inner, path="callback", verifier=jumio_kyx.CallbackVerifier("US"))
    with pytest.raises(TypeError):
        guard_asgi(inner, path="/callback", verifier="US")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        guard_asgi(inner, path="/callback", verifier=jumio_kyx.CallbackVerifier("US"), max_body_bytes=0)
