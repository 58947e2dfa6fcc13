"""Receiving callbacks. Jumio does not sign callbacks: check the sender's IP address against
Jumio's published list for your region, answer 200 at once, process each event once (by its
``dedupeKey``), then fetch the authoritative details.

Ready-made receivers do all of it for FastAPI/Starlette, Flask and Django
(``jumio_kyx.fastapi``, ``jumio_kyx.flask``, ``jumio_kyx.django``). By hand, with any web
framework::

    verifier = CallbackVerifier("US")
    seen = SeenCallbacks()
    def receive(peer_ip: str, body: bytes) -> int:
        verifier.verify(peer_ip)              # raises AuthenticationError for other senders
        callback = parse_callback(body)
        if seen.first_time(callback["dedupeKey"]):
            queue.put(callback)               # later: client.get_callback_details(callback)
        return 200
"""

from __future__ import annotations

from typing import Iterable, Sequence, Union, cast

from . import _native
from ._generated.types import CallbackPayload


class ParsedCallback(CallbackPayload, total=False):
    """A callback payload with its ``dedupeKey`` (the same for every delivery of one event)."""

    dedupeKey: str


def parse_callback(body: bytes) -> ParsedCallback:
    """Parses a callback body (unknown statuses and fields are kept) and adds its ``dedupeKey``.
    Raises ``InvalidResponseError`` for a body that is not a callback."""
    return cast(ParsedCallback, _native.parse_callback(bytes(body)))


class CallbackVerifier:
    """Checks that a callback comes from one of Jumio's callback addresses.

    Args:
        region: ``US``, ``EU``, ``SG`` (or ``amer-1``…), or ``all``.
        allow: more addresses to accept (a sandbox on ``127.0.0.1``).
        trusted_proxies: reverse proxies in front of the receiver; for requests from them the
            sender is the rightmost ``X-Forwarded-For`` entry that is not one of them. Without
            any, a request carrying ``X-Forwarded-For`` is refused: Jumio never sends it.
        current_only: accept only the addresses of Jumio's current docs, not the 2021–2023 ones.
    """

    def __init__(self, region: str = "all", *, allow: Iterable[str] = (), trusted_proxies: Iterable[str] = (), current_only: bool = False) -> None:
        self.region = region
        self.allow = list(allow)
        self.trusted_proxies = list(trusted_proxies)
        self.current_only = current_only
        # Checks the region and every address now (ValidationError), not at the first callback.
        self._native = _native.NativeCallbackVerifier(region, self.allow, self.trusted_proxies, current_only)

    def verify(self, peer: str, forwarded_for: Union[None, str, Sequence[str]] = None) -> str:
        """Checks the sender; returns its address, or raises ``AuthenticationError``.

        ``forwarded_for`` is every ``X-Forwarded-For`` header line, in order (Starlette:
        ``request.headers.getlist("x-forwarded-for")``); a proxy may append a line of its own, and
        reading only the first would let a sender name itself. When the verifier trusts no
        proxy, any (non-blank) line is refused: Jumio never sends the header, so it came through
        a proxy the verifier was not told about, or its sender wrote it.
        """
        lines = [forwarded_for] if isinstance(forwarded_for, str) else list(forwarded_for or [])
        return self._native.verify(peer, lines)


class SeenCallbacks:
    """The dedupe keys of the callbacks already handled, so that a redelivery is answered 200 and
    dropped (the core's bounded memory: past ``capacity`` keys the oldest are forgotten, so a flood
    cannot exhaust memory; a redelivery comes minutes later, not after 100,000 other callbacks).
    The bound holds in bytes whatever the keys' length (a sender chooses its workflow id): each key
    is kept as a fixed-size keyed hash, at most 94 bytes a key, about 6 MB for 100,000.
    Safe to share between threads."""

    def __init__(self, capacity: int = 100_000) -> None:
        self._native = _native.NativeSeenCallbacks(capacity)

    def first_time(self, key: str) -> bool:
        """True the first time ``key`` is seen (and remembers it), false for a repeat."""
        return self._native.first_time(key)

    def __len__(self) -> int:
        return len(self._native)


__all__ = ["parse_callback", "CallbackVerifier", "ParsedCallback", "SeenCallbacks"]
