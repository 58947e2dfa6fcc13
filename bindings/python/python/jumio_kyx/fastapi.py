"""A KYX callback receiver for FastAPI and Starlette (``pip install "jumio-kyx[fastapi]"``, or
``jumio-kyx[starlette]``; only Starlette is imported).

Example::

    import asyncio

    from fastapi import FastAPI
    from jumio_kyx import CallbackVerifier, ParsedCallback
    from jumio_kyx.fastapi import callback_endpoint

    callbacks: "asyncio.Queue[ParsedCallback]" = asyncio.Queue()

    async def handle(callback: ParsedCallback) -> None:      # or a plain def (run in a thread)
        await callbacks.put(callback)        # a worker: await client.get_callback_details(callback)

    app = FastAPI()
    app.add_api_route("/jumio/callback", callback_endpoint(handle, verifier=CallbackVerifier("US")), methods=["POST"])
    # Starlette: Route("/jumio/callback", callback_endpoint(...), methods=["POST"])

The endpoint checks the sender before it reads the body (403), bounds the body (413), refuses a
body that is not a callback (400), answers 200 and drops a repeat of a callback already handled,
and runs ``handle`` after the 200 was sent, as a Starlette background task: on the event loop
for a coroutine function, in Starlette's thread pool for a plain function.

The sender is ``request.client``, which the server may have taken from ``X-Forwarded-For``:
uvicorn does **by default** for requests from 127.0.0.1 (``proxy_headers`` on,
``forwarded_allow_ips`` 127.0.0.1), so a local proxy or sidecar passing a forged header on would
make its sender a Jumio address. Jumio never sends ``X-Forwarded-For``: when the verifier trusts
no proxy, a request carrying it is refused (403) whatever ``request.client`` says. Safe settings:
serve with ``--no-proxy-headers`` (``uvicorn.run(app, proxy_headers=False)``); behind a reverse
proxy, that and ``CallbackVerifier(..., trusted_proxies=[the proxy])``, or
``--forwarded-allow-ips`` naming exactly the proxies given as ``trusted_proxies`` (never ``*``).
"""

from __future__ import annotations

import inspect
from typing import Awaitable, Callable, Optional

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ._callback import CallbackVerifier, SeenCallbacks
from ._receiver import DEFAULT_MAX_BODY_BYTES, TOO_LARGE, Answer, Handler, Receiver


def callback_endpoint(
    handler: Handler,
    *,
    verifier: CallbackVerifier,
    seen: Optional[SeenCallbacks] = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> Callable[[Request], Awaitable[Response]]:
    """A FastAPI / Starlette endpoint (``POST``) receiving KYX callbacks.

    Args:
        handler: called with each new ``ParsedCallback``, after the answer; a coroutine
            function is awaited, a plain function runs in the thread pool.
        verifier: who may send callbacks (``CallbackVerifier("US")``; behind a reverse proxy
            give it ``trusted_proxies``).
        seen: the dedupe memory (default: a new ``SeenCallbacks()``); share one between
            endpoints that receive the same events.
        max_body_bytes: the largest body accepted (413 beyond).
    """
    receiver = Receiver(handler, verifier, seen, max_body_bytes)
    is_async = inspect.iscoroutinefunction(handler)

    def answer(a: Answer, background: Optional[BackgroundTask] = None) -> Response:
        return PlainTextResponse(a.text, status_code=a.status, background=background)

    async def jumio_kyx_callback(request: Request) -> Response:
        peer = request.client.host if request.client is not None else None
        refused = receiver.check_sender(peer, request.headers.getlist("x-forwarded-for")) or receiver.check_length(request.headers.get("content-length"))
        if refused is not None:
            return answer(refused)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > receiver.max_body_bytes:
                return answer(TOO_LARGE)
        result, callback = receiver.accept(bytes(body))
        if callback is None:
            return answer(result)
        task = BackgroundTask(receiver.run_async, callback) if is_async else BackgroundTask(receiver.run, callback)
        return answer(result, task)

    return jumio_kyx_callback


__all__ = ["callback_endpoint"]
