"""A KYX callback receiver for Django (``pip install "jumio-kyx[django]"``).

Example (``urls.py``)::

    from django.urls import path
    from jumio_kyx import CallbackVerifier, ParsedCallback
    from jumio_kyx.django import callback_view

    def handle(callback: ParsedCallback) -> None:
        queue.put(callback)                  # later: client.get_callback_details(callback)

    urlpatterns = [path("jumio/callback", callback_view(handle, verifier=CallbackVerifier("US")))]

The view is CSRF-exempt (Jumio cannot send a token; the sender check stands in for it) and takes
``POST`` only (405 otherwise). It checks the sender before it reads the body (403), bounds the
body (413), refuses a body that is not a callback (400), answers 200 and drops a repeat of a
callback already handled, and runs ``handle`` after the 200 was sent: on the worker that served
the request, when the server closes the response (WSGI and ASGI servers both do). A handler that
takes long holds that worker; hand slow work to a queue. Behind a reverse proxy, ``REMOTE_ADDR``
is the proxy's: give the verifier ``trusted_proxies``.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Tuple

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ._callback import CallbackVerifier, ParsedCallback, SeenCallbacks
from ._receiver import DEFAULT_MAX_BODY_BYTES, Handler, Receiver


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


__all__ = ["callback_view"]
