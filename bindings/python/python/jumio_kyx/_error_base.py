"""`JumioError`, the base of every exception of jumio_kyx. Its subclasses, one per error kind, are
generated from the spec (`_generated/errors.py`); import them all from `jumio_kyx`.
"""

from __future__ import annotations

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
