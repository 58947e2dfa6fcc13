"""The web channel: where to send the end user (``journey_url``) and what comes back when the
hosted journey ends (``parse_web_redirect``).

**The redirect is not authenticated**: anyone can type that address. Treat it as "the user is
back", never as the decision: check that the pair of ids is one your backend created, then read
the workflow's status (or wait for the callback).

Example (any web framework)::

    account = client.create_account({..., "web": {"successUrl": ok_url, "errorUrl": err_url}})
    return redirect(journey_url(account), 303)
    # … later, in the successUrl / errorUrl handler:
    back = parse_web_redirect(str(request.url))     # raises ValidationError when malformed
    if back["acquisitionStatus"] == "ERROR":
        log.info("journey failed: %s %s", back.get("errorCode"), back.get("errorDescription"))
"""

from __future__ import annotations

import sys
from typing import Any, Dict, Mapping, cast

from . import _native

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover
    from typing_extensions import NotRequired, TypedDict


class WebRedirect(TypedDict):
    """What a ``successUrl`` or ``errorUrl`` handler receives when the hosted journey ends."""

    accountId: str
    workflowExecutionId: str
    customerInternalReference: NotRequired[str]
    acquisitionStatus: str
    """``SUCCESS`` or ``ERROR`` (a value this version does not know is kept as it is)."""
    errorCode: NotRequired[int]
    errorDescription: NotRequired[str]
    """What ``errorCode`` means, for the documented codes."""
    extra: Dict[str, str]
    """The URL's other query parameters (your own, on ``successUrl`` / ``errorUrl``)."""


def journey_url(account: Mapping[str, Any]) -> str:
    """The hosted journey's address (``web.href``) of an account response: where to send the end
    user's browser. It carries the transaction token: do not log it.

    Raises ``ValidationError`` (field ``web.href``) when the workflow has no web channel or the
    address is not one a browser may be sent to (not ``https``, plain ``http`` to a non-loopback
    host, or with a user name or password)."""
    return _native.journey_url(account)


def parse_web_redirect(url: str) -> WebRedirect:
    """Parses the redirect a ``successUrl`` / ``errorUrl`` handler receives: the full URL, the
    path and query, or the query string alone.

    Raises ``ValidationError`` naming the parameter for a missing or malformed ``accountId``,
    ``workflowExecutionId`` or ``acquisitionStatus``, a non-numeric ``errorCode``, an
    ``errorCode`` on a ``SUCCESS``, or any of these given twice."""
    return cast(WebRedirect, _native.parse_web_redirect(url))


__all__ = ["journey_url", "parse_web_redirect", "WebRedirect"]
