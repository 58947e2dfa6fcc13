# Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-python`; do not edit.
"""The exception class of every error kind of the core, one per entry of the spec's
`x-kyx-error-kinds`, each a `JumioError` (`_error_base`). Import them from `jumio_kyx`."""

import builtins

from .._error_base import JumioError


class ConfigurationError(JumioError):
    """The client is misconfigured (no User-Agent, a plain http:// base URL, …). Nothing was sent."""


class ValidationError(JumioError, builtins.ValueError):
    """Input refused: by a pre-flight check (nothing was sent; ``field`` names the field) or by the
    server (400)."""


class AuthenticationError(JumioError):
    """Missing, invalid or expired credentials (401), or credentials that do not authorize the call
    (403)."""


class NotFoundError(JumioError):
    """The resource does not exist or was deleted (404)."""


class RateLimitError(JumioError):
    """Too many requests (429). ``retry_after`` says how long to wait."""


class ServerError(JumioError):
    """The platform failed (5xx)."""


class UnexpectedStatusError(JumioError):
    """An HTTP status the client did not expect."""


class TransportError(JumioError, builtins.ConnectionError):
    """The request did not complete at the network level."""


class TimeoutError(JumioError, builtins.TimeoutError):
    """The request or the call's deadline timed out."""


class InvalidResponseError(JumioError):
    """The server answered with a body the client cannot read."""


class RedirectError(JumioError):
    """The server answered with a redirect (3xx), which is never followed: credentials and personal
    data go only to the configured hosts. ``detail`` names the status and the host."""


class MigrationError(JumioError):
    """A documented data-migration error; ``migration`` names it (``already_migrated``,
    ``wiped_out``, ``scan_not_found``, ``not_in_final_state``,
    ``in_progress_or_already_migrated``, ``account_not_found``,
    ``authentication_preconditions``). ``scan_references`` lists the scans."""


class LocalFileError(JumioError, builtins.OSError):
    """A local file could not be read or written (a download being saved, a file being uploaded);
    nothing about the server. ``detail`` says which. For a file object being uploaded,
    ``__cause__`` is the exception its ``read()`` raised."""


__all__ = [
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
