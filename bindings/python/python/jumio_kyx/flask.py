"""A KYX callback receiver for Flask (``pip install "jumio-kyx[flask]"``).

Example::

    import queue

    from flask import Flask
    from jumio_kyx import CallbackVerifier, ParsedCallback
    from jumio_kyx.flask import callback_view

    callbacks: "queue.Queue[ParsedCallback]" = queue.Queue()

    def handle(callback: ParsedCallback) -> None:
        callbacks.put(callback)              # a worker: client.get_callback_details(callback)

    app = Flask(__name__)
    app.add_url_rule("/jumio/callback", view_func=callback_view(handle, verifier=CallbackVerifier("US")), methods=["POST"])

The view checks the sender before it reads the body (403), bounds the body (413), refuses a body
that is not a callback (400), answers 200 and drops a repeat of a callback already handled, and
runs ``handle`` after the 200 was sent: on the worker that served the request, when the WSGI
server closes the response (``call_on_close``). A handler that takes long holds that worker;
hand slow work to a queue.

The sender is ``request.remote_addr``: do not put ``werkzeug.middleware.proxy_fix.ProxyFix`` (or
anything else that sets it from ``X-Forwarded-For``) in front of this route; behind a reverse
proxy, give the verifier ``trusted_proxies`` instead. Jumio never sends ``X-Forwarded-For``: when
the verifier trusts no proxy, a request carrying it is refused (403).
"""

from __future__ import annotations

from typing import Callable, Optional

from flask import Response, request

from ._callback import CallbackVerifier, SeenCallbacks
from ._receiver import DEFAULT_MAX_BODY_BYTES, Handler, Receiver


def callback_view(
    handler: Handler,
    *,
    verifier: CallbackVerifier,
    seen: Optional[SeenCallbacks] = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> Callable[[], Response]:
    """A Flask view function (``POST``) receiving KYX callbacks; its endpoint name is
    ``jumio_kyx_callback`` (pass ``endpoint=`` to ``add_url_rule`` for a second one).

    Args:
        handler: called with each new ``ParsedCallback``, after the answer was sent.
        verifier: who may send callbacks (``CallbackVerifier("US")``; behind a reverse proxy
            give it ``trusted_proxies``).
        seen: the dedupe memory (default: a new ``SeenCallbacks()``).
        max_body_bytes: the largest body accepted (413 beyond).
    """
    receiver = Receiver(handler, verifier, seen, max_body_bytes)

    def jumio_kyx_callback() -> Response:
        answer, callback = receiver.receive(
            request.remote_addr,
            request.headers.getlist("X-Forwarded-For"),
            request.headers.get("Content-Length"),
            request.stream.read,
        )
        response = Response(answer.text, status=answer.status, mimetype="text/plain")
        if callback is not None:
            parsed = callback
            response.call_on_close(lambda: receiver.run(parsed))
        return response

    return jumio_kyx_callback


__all__ = ["callback_view"]
