"""jumio_kyx: a typed, PII-safe client for Jumio's KYX identity-verification platform, and a
local sandbox of the platform.

* ``Client`` (blocking) and ``AsyncClient`` (asyncio): every operation of the API, plus
  ``run_identity_verification``, ``run_prepared_data_verification`` and ``wait_for_completion``.
* ``Sandbox``: the platform, in this process, for tests.
* ``parse_callback``, ``CallbackVerifier``, ``SeenCallbacks``: receiving callbacks; ready-made
  receivers in ``jumio_kyx.fastapi`` (FastAPI, Starlette), ``jumio_kyx.flask`` and
  ``jumio_kyx.django`` (optional extras: ``pip install "jumio-kyx[fastapi]"``).
* Exceptions: ``JumioError`` and its subclasses.
* ``jumio_kyx.types``: the bodies as ``TypedDict``s; ``FileInput``: what an upload accepts (a path,
  bytes or a binary file object).
* Logging: the core's records go to the ``jumio_kyx`` logger (``jumio_kyx.sandbox`` for the
  sandbox's): one DEBUG record per HTTP attempt and retry, WARNING for what needs a look. They
  never contain a secret or a personal value.

The core is the Rust ``jumio-kyx`` crate; this package converts and forwards.
"""

from . import types
from ._callback import CallbackVerifier, ParsedCallback, SeenCallbacks, parse_callback
from ._client import AsyncClient, CapabilitySummary, Client, capability_summaries
from ._errors import (
    AuthenticationError,
    ConfigurationError,
    InvalidResponseError,
    RedirectError,
    LocalFileError,
    JumioError,
    MigrationError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TimeoutError,
    TransportError,
    UnexpectedStatusError,
    ValidationError,
)
from ._files import FileInput
from ._native import OPERATIONS, __version__
from ._sandbox import Sandbox, sample_image
from ._web import WebRedirect, journey_url, parse_web_redirect

__all__ = [
    "Client",
    "AsyncClient",
    "Sandbox",
    "capability_summaries",
    "CapabilitySummary",
    "sample_image",
    "FileInput",
    "parse_callback",
    "CallbackVerifier",
    "ParsedCallback",
    "SeenCallbacks",
    "journey_url",
    "parse_web_redirect",
    "WebRedirect",
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
    "LocalFileError",
    "MigrationError",
    "OPERATIONS",
    "types",
    "__version__",
]
