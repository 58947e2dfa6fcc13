"""The exceptions of jumio_kyx. Every error of the client is a `JumioError`; its subclass says
what kind of failure it is.

Messages name fields and rules, never the values sent: they are safe to log.
"""

from __future__ import annotations

import builtins
from typing import List, Optional


class JumioError(Exception):
    """An error of the KYX client.

    Attributes:
        kind: ``validation``, ``authentication``, ``not_found``, ``rate_limited``, ``server``,
            ``transport``, ``timeout``, ``invalid_response``, ``redirect``, ``migration``,
            ``configuration``, ``unexpected_status``, ``local_file``.
        status: The HTTP status, when the server answered.
        title: The problem's title.
        detail: The problem's detail, or the rule a pre-flight check found broken.
        field: The request field a validation error is about.
        request_id: The server's request or tracking id, for support.
        retry_after: Seconds the server asked to wait.
        retryable: Whether trying again later may succeed.
        operation: The operation that failed (``createAccount``).
        body: The start of an error body that was not a problem document (an HTML gateway
            page), for diagnostics; never part of the message.
    """

    def __init__(
        self,
        message: str = "",
        *,
        kind: str = "other",
        status: Optional[int] = None,
        title: Optional[str] = None,
        detail: Optional[str] = None,
        field: Optional[str] = None,
        request_id: Optional[str] = None,
        retry_after: Optional[float] = None,
        scan_references: Optional[List[str]] = None,
        retryable: bool = False,
        operation: Optional[str] = None,
        migration: Optional[str] = None,
        body: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.status = status
        self.title = title
        self.detail = detail
        self.field = field
        self.request_id = request_id
        self.retry_after = retry_after
        self.scan_references: List[str] = list(scan_references or [])
        self.retryable = retryable
        self.operation = operation
        self.migration = migration
        self.body = body

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kind={self.kind!r}, status={self.status!r}, message={self.message!r})"


class ConfigurationError(JumioError):
    """The client is misconfigured (no User-Agent, a plain http:// base URL, …). Nothing was sent."""


class ValidationError(JumioError, ValueError):
    """Input refused: by a pre-flight check (nothing was sent; ``field`` names the field) or by the server (400)."""


class AuthenticationError(JumioError):
    """Missing, invalid or expired credentials (401), or credentials that do not authorize the call (403)."""


class NotFoundError(JumioError):
    """The resource does not exist or was deleted (404)."""


class RateLimitError(JumioError):
    """Too many requests (429); ``retry_after`` says how long to wait."""


class ServerError(JumioError):
    """The platform failed (5xx)."""


class UnexpectedStatusError(JumioError):
    """An HTTP status the client did not expect."""


class TransportError(JumioError, ConnectionError):
    """The request did not complete at the network level."""


class TimeoutError(JumioError, builtins.TimeoutError):
    """The request or the call's deadline timed out."""


class InvalidResponseError(JumioError):
    """The server answered with a body the client cannot read."""


class RedirectError(JumioError):
    """The server answered with a redirect (3xx), which is never followed: credentials and personal
    data go only to the configured hosts. ``detail`` names the status and the host."""


class MigrationError(JumioError):
    """A documented data-migration error; ``migration`` names it (``already_migrated``, ``wiped_out``,
    ``scan_not_found``, ``not_in_final_state``, ``in_progress_or_already_migrated``,
    ``account_not_found``, ``authentication_preconditions``) and ``scan_references`` lists the scans."""


class LocalFileError(JumioError, OSError):
    """A local file could not be read or written (saving a download to ``save_to``); nothing about
    the server. ``detail`` says which."""


__all__ = [
    "JumioError",
    "ConfigurationError",
    "ValidationError",
    "AuthenticationError",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "UnexpectedStatusError",
    "TransportError",
    "TimeoutError",
    "InvalidResponseError",
    "RedirectError",
    "MigrationError",
    "LocalFileError",
]
