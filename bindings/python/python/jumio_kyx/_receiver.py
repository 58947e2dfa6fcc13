"""What the framework receivers (``jumio_kyx.fastapi``, ``jumio_kyx.flask``,
``jumio_kyx.django``) share: one order of checks and one set of answers, over the core's
verifier, parser and dedupe memory.

For each request:

1. the sender is checked **before the body is read**: the peer address, or, when the peer is one
   of the verifier's trusted proxies, every ``X-Forwarded-For`` line; 403 for anyone else. Jumio
   never sends ``X-Forwarded-For``, so when the verifier trusts no proxy a request carrying it is
   refused too (a server in front may already have taken the peer address from it: uvicorn does
   by default for requests from 127.0.0.1);
2. a declared ``Content-Length`` above ``max_body_bytes`` is refused, unread: 413; a body that
   turns out longer (chunked) is refused the same way, having read one byte more than the limit;
3. a body that is not a callback: 400;
4. a callback whose ``dedupeKey`` was already seen (a redelivery): 200, and dropped;
5. otherwise 200, and the handler gets the parsed callback **after** the answer was sent.

The handler's exceptions are logged (logger ``jumio_kyx.callbacks``), never answered: the 200
has gone, and Jumio will not send the event again, so a handler that must not lose an event
should put it in durable storage first.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, NamedTuple, Optional, Sequence, Tuple

from ._callback import CallbackVerifier, ParsedCallback, SeenCallbacks, parse_callback
from ._errors import AuthenticationError, InvalidResponseError, ValidationError

DEFAULT_MAX_BODY_BYTES = 64 * 1024
"""The default body limit: a callback is well under 2 KiB."""

Handler = Callable[[ParsedCallback], Any]
"""User code: takes the parsed callback; its return value is ignored."""

LOG = logging.getLogger("jumio_kyx.callbacks")


class Answer(NamedTuple):
    """The status and a short plain-text body."""

    status: int
    text: str


OK = Answer(200, "")
REFUSED = Answer(403, "callback sender refused\n")
TOO_LARGE = Answer(413, "callback body too large\n")
NOT_A_CALLBACK = Answer(400, "not a KYX callback\n")


class Gate:
    """The checks made from a request's head alone, before its body is read: ``check_sender``
    and ``check_length`` (the receivers, and ``jumio_kyx.django.guard_asgi``)."""

    def __init__(self, verifier: CallbackVerifier, max_body_bytes: int) -> None:
        if not isinstance(verifier, CallbackVerifier):
            raise TypeError("verifier must be a jumio_kyx.CallbackVerifier (it decides who may send callbacks)")
        if isinstance(max_body_bytes, bool) or not isinstance(max_body_bytes, int) or max_body_bytes < 1:
            raise ValueError("max_body_bytes must be a positive number of bytes")
        self.verifier = verifier
        self.max_body_bytes = max_body_bytes

    def check_sender(self, peer: Optional[str], forwarded_for: Sequence[str]) -> Optional[Answer]:
        """``REFUSED`` unless the sender is allowed (a request without a peer address, from a
        Unix socket say, is refused too). ``forwarded_for`` is every ``X-Forwarded-For`` line:
        read behind a trusted proxy, refused when the verifier trusts none."""
        if not peer:
            LOG.warning("callback refused: the request has no peer address")
            return REFUSED
        try:
            self.verifier.verify(peer, list(forwarded_for))
        except (AuthenticationError, ValidationError) as e:
            LOG.warning("callback refused: %s", e.detail or e.message)
            return REFUSED
        return None

    def check_length(self, content_length: Optional[str]) -> Optional[Answer]:
        """``TOO_LARGE`` for a declared length above the limit; ``NOT_A_CALLBACK`` for one that
        is not a number; None when there is none (a chunked body, checked as it is read)."""
        if content_length is None or content_length == "":
            return None
        try:
            declared = int(content_length)
        except ValueError:
            return NOT_A_CALLBACK
        if declared > self.max_body_bytes:
            LOG.warning("callback refused: its body of %d bytes is above the limit of %d", declared, self.max_body_bytes)
            return TOO_LARGE
        return None


class Receiver(Gate):
    """The framework-neutral receiver: ``check_sender``, ``check_length``, ``read_body``,
    ``accept``, then ``run`` after the answer."""

    def __init__(self, handler: Handler, verifier: CallbackVerifier, seen: Optional[SeenCallbacks], max_body_bytes: int) -> None:
        if not callable(handler):
            raise TypeError("handler must be callable: it receives each new callback")
        super().__init__(verifier, max_body_bytes)
        self.handler = handler
        self.seen = seen if seen is not None else SeenCallbacks()

    def read_body(self, read: Callable[[int], bytes]) -> Tuple[Optional[Answer], bytes]:
        """Reads a body with a blocking ``read(n)`` (which may return less than ``n``), one byte
        past the limit at most: ``TOO_LARGE`` when it is longer."""
        chunks = []
        total = 0
        while total <= self.max_body_bytes:
            chunk = read(self.max_body_bytes + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > self.max_body_bytes:
            LOG.warning("callback refused: its body is above the limit of %d bytes", self.max_body_bytes)
            return TOO_LARGE, b""
        return None, b"".join(chunks)

    def accept(self, body: bytes) -> Tuple[Answer, Optional[ParsedCallback]]:
        """Parses the body and drops repeats: the answer, and the callback for the handler (None
        for a repeat or a refusal)."""
        if len(body) > self.max_body_bytes:
            return TOO_LARGE, None
        try:
            callback = parse_callback(body)
        except InvalidResponseError as e:
            LOG.warning("callback refused: %s", e.detail or e.message)
            return NOT_A_CALLBACK, None
        if not self.seen.first_time(callback["dedupeKey"]):
            LOG.info("callback dropped: %s was handled before (a redelivery)", callback["dedupeKey"])
            return OK, None
        return OK, callback

    def receive(self, peer: Optional[str], forwarded_for: Sequence[str], content_length: Optional[str], read: Callable[[int], bytes]) -> Tuple[Answer, Optional[ParsedCallback]]:
        """Every step for a WSGI framework: the sender and the declared length first, then the
        body (read only then), then ``accept``."""
        refused = self.check_sender(peer, forwarded_for) or self.check_length(content_length)
        if refused is not None:
            return refused, None
        too_large, body = self.read_body(read)
        if too_large is not None:
            return too_large, None
        return self.accept(body)

    def run(self, callback: ParsedCallback) -> None:
        """Calls the handler; an exception is logged with the callback's dedupe key."""
        try:
            self.handler(callback)
        except Exception:
            LOG.exception("the callback handler raised for %s", callback["dedupeKey"])

    async def run_async(self, callback: ParsedCallback) -> None:
        """Awaits a coroutine handler; an exception is logged with the callback's dedupe key."""
        try:
            await self.handler(callback)
        except Exception:
            LOG.exception("the callback handler raised for %s", callback["dedupeKey"])
