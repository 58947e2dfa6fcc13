"""A KYX callback receiver for Django (``pip install "jumio-kyx[django]"``).

Example (``urls.py``)::

    from django.urls import path
    from jumio_kyx import CallbackVerifier, ParsedCallback
    from jumio_kyx.django import callback_view

    def handle(callback: ParsedCallback) -> None:
        queue.put(callback)                  # later: client.get_callback_details(callback)

    urlpatterns = [path("jumio/callback", callback_view(handle, verifier=CallbackVerifier("US")))]

The view is CSRF-exempt (Jumio cannot send a token; the sender check stands in for it) and takes
``POST`` only (405 otherwise). It checks the sender (403), bounds the body (413), refuses a body
that is not a callback (400), answers 200 and drops a repeat of a callback already handled, and
runs ``handle`` after the 200 was sent: on the worker that served the request, when the server
closes the response (WSGI and ASGI servers both do). A handler that takes long holds that worker;
hand slow work to a queue.

When the sender is checked depends on how Django is served:

* **WSGI** (gunicorn, uWSGI, ``runserver``): the view runs before the body is read, so the sender
  and the declared length are checked **before the body is read**, and at most
  ``max_body_bytes`` + 1 bytes of it are read.
* **ASGI with** ``guard_asgi`` (below): the wrapper checks the sender and the declared length
  from the request's head **before Django runs** and answers 403 / 413 itself, unread; a body
  without a declared length is cut off with a 413 past ``max_body_bytes`` (at most one chunk
  more is received). The view then checks again.
* **ASGI without it**: Django's ASGI handler reads the **whole** body (into memory, then a
  temporary file past ``FILE_UPLOAD_MAX_MEMORY_SIZE``, with no limit) before any view runs: a
  stranger is still answered 403 and never reaches ``handle``, but only after sending all of
  its body. Use ``guard_asgi`` under ASGI.

Example (``asgi.py``)::

    from django.core.asgi import get_asgi_application
    from jumio_kyx import CallbackVerifier
    from jumio_kyx.django import guard_asgi

    application = guard_asgi(get_asgi_application(), path="/jumio/callback", verifier=CallbackVerifier("US"))

Give the wrapper the same verifier (and ``max_body_bytes``) as the view.

Behind a reverse proxy, ``REMOTE_ADDR`` (ASGI: the scope's ``client``) is the proxy's: give the
verifier ``trusted_proxies``, and leave ``REMOTE_ADDR`` as it is (no middleware that rewrites it
from ``X-Forwarded-For``; under uvicorn, ``--forwarded-allow-ips`` naming only that proxy, or
``--no-proxy-headers``). Jumio never sends ``X-Forwarded-For``: when the verifier trusts no
proxy, a request carrying it is refused (403).
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, List, MutableMapping, Optional, Tuple

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ._callback import CallbackVerifier, ParsedCallback, SeenCallbacks
from ._receiver import DEFAULT_MAX_BODY_BYTES, LOG, TOO_LARGE, Answer, Gate, Handler, Receiver

ASGIScope = MutableMapping[str, Any]
ASGIMessage = MutableMapping[str, Any]
ASGIReceive = Callable[[], Awaitable[ASGIMessage]]
ASGISend = Callable[[ASGIMessage], Awaitable[None]]
ASGIApp = Callable[[ASGIScope, ASGIReceive, ASGISend], Awaitable[None]]
"""An ASGI 3 application (``django.core.asgi.get_asgi_application()``)."""


class _AnswerThenRun(HttpResponse):  # type: ignore[misc]
    """A response that runs the handler once the server has sent it and closes it."""

    def __init__(self, text: str, receiver: Receiver, callback: ParsedCallback) -> None:
        super().__init__(text, status=200, content_type="text/plain")
        self._after: Optional[Tuple[Receiver, ParsedCallback]] = (receiver, callback)

    def close(self) -> None:
        try:
            super().close()
        finally:
            after, self._after = self._after, None
            if after is not None:
                after[0].run(after[1])


def callback_view(
    handler: Handler,
    *,
    verifier: CallbackVerifier,
    seen: Optional[SeenCallbacks] = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> Callable[[HttpRequest], Any]:
    """A Django view receiving KYX callbacks.

    Args:
        handler: called with each new ``ParsedCallback``, after the answer was sent.
        verifier: who may send callbacks (``CallbackVerifier("US")``; behind a reverse proxy
            give it ``trusted_proxies``).
        seen: the dedupe memory (default: a new ``SeenCallbacks()``).
        max_body_bytes: the largest body accepted (413 beyond).

    Under ASGI, wrap the application in ``guard_asgi`` too, or the body is read before the view
    checks the sender (see the module).
    """
    receiver = Receiver(handler, verifier, seen, max_body_bytes)

    def jumio_kyx_callback(request: HttpRequest) -> HttpResponse:
        meta = request.META
        forwarded = meta.get("HTTP_X_FORWARDED_FOR")
        answer, callback = receiver.receive(
            meta.get("REMOTE_ADDR"),
            [forwarded] if forwarded else [],
            meta.get("CONTENT_LENGTH"),
            request.read,
        )
        if callback is None:
            return HttpResponse(answer.text, status=answer.status, content_type="text/plain")
        return _AnswerThenRun(answer.text, receiver, callback)

    view: Callable[[HttpRequest], Any] = csrf_exempt(require_POST(jumio_kyx_callback))
    return view


async def _answer(send: ASGISend, answer: Answer) -> None:
    """Sends a refusal and closes the connection (an unread body is not drained)."""
    body = answer.text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": answer.status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def guard_asgi(
    application: ASGIApp,
    *,
    path: str,
    verifier: CallbackVerifier,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> ASGIApp:
    """Wraps an ASGI application (``get_asgi_application()``) so that the callback path's
    requests are checked from their head **before the application runs**: Django's ASGI handler
    reads the whole body before any view, so without this the view's checks come after it.

    For an HTTP request to ``path`` (exactly, as the server reports it in the scope, with any
    ``root_path``: ``"/jumio/callback"``), any method:

    * a sender ``verifier`` refuses (the scope's ``client``, and every ``X-Forwarded-For``
      line, as the view reads them) is answered 403 and the application never runs: not one
      byte of the body is received;
    * a declared ``Content-Length`` above ``max_body_bytes`` is answered 413, unread;
    * otherwise the application runs, reading the body through a ``receive`` that stops past
      ``max_body_bytes``: 413 is answered there (at most one chunk more was received) and the
      application is told the client disconnected.

    Other paths, WebSocket and lifespan messages pass through untouched.

    Args:
        application: the ASGI application to guard.
        path: the callback view's path, with its leading ``/``.
        verifier: who may send callbacks: the view's verifier.
        max_body_bytes: the largest body received: the view's limit.
    """
    if not callable(application):
        raise TypeError("application must be an ASGI application (get_asgi_application())")
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError('path must be the callback\'s path as the server sees it, with its leading "/" ("/jumio/callback")')
    gate = Gate(verifier, max_body_bytes)

    async def guarded(scope: ASGIScope, receive: ASGIReceive, send: ASGISend) -> None:
        if scope.get("type") != "http" or scope.get("path") != path:
            await application(scope, receive, send)
            return
        client = scope.get("client")
        peer = str(client[0]) if client else None
        forwarded: List[str] = []
        length: Optional[str] = None
        for name, value in scope.get("headers") or []:
            name = bytes(name).lower()
            if name == b"x-forwarded-for":
                forwarded.append(bytes(value).decode("latin-1"))
            elif name == b"content-length" and length is None:
                length = bytes(value).decode("latin-1").strip()
        refused = gate.check_sender(peer, forwarded) or gate.check_length(length)
        if refused is not None:
            await _answer(send, refused)
            return

        received = 0
        cut_off = False
        started = False

        async def bounded_receive() -> ASGIMessage:
            nonlocal received, cut_off
            if cut_off:
                return {"type": "http.disconnect"}
            message = await receive()
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > gate.max_body_bytes:
                    cut_off = True
                    LOG.warning("callback refused: its body is above the limit of %d bytes", gate.max_body_bytes)
                    if not started:
                        await _answer(send, TOO_LARGE)
                    return {"type": "http.disconnect"}
            return message

        async def tracked_send(message: ASGIMessage) -> None:
            nonlocal started
            if cut_off:
                return  # the 413 went out instead: nothing of the application's follows it
            if message.get("type") == "http.response.start":
                started = True
            await send(message)

        await application(scope, bounded_receive, tracked_send)

    return guarded


__all__ = ["callback_view", "guard_asgi"]
