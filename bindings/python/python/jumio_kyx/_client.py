"""`Client` (blocking) and `AsyncClient` (asyncio): the same methods, backed by one Rust client
each (connection pool, token cache, retries, validation)."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Awaitable, Dict, List, Optional, Type, TypedDict, cast

from . import _native
from ._files import FileArgument
from ._generated.flows import _AsyncFlows, _SyncFlows
from ._generated.operations import _AsyncOperations, _SyncOperations
from ._generated.types import WorkflowDetails

Region = str
"""``US``, ``EU``, ``SG`` (or ``amer-1``, ``emea-1``, ``apac-1``)."""


class CapabilitySummary(TypedDict):
    """One capability result: its name, the credential category it looked at, decision type and label."""

    capability: str
    category: Optional[str]
    decision: str
    label: str


def capability_summaries(details: WorkflowDetails) -> List[CapabilitySummary]:
    """Every capability result of workflow details, flattened, in the documented execution order.

    Example::

        for c in capability_summaries(client.get_workflow_details(account_id, workflow_id)):
            print(c["capability"], c["decision"], c["label"])
    """
    return cast(List[CapabilitySummary], _native.capability_summaries(details))


class _Base:
    _native: _native.NativeClient

    def __init__(
        self,
        *,
        region: Optional[Region] = None,
        base_url: Optional[str] = None,
        client_id: Optional[str] = None,
        client_secret: Optional[str] = None,
        api_token: Optional[str] = None,
        api_secret: Optional[str] = None,
        user_agent: Optional[str] = None,
        connect_timeout: Optional[float] = None,
        request_timeout: Optional[float] = None,
        deadline: Optional[float] = None,
        proxy: Optional[str] = None,
        max_retries: Optional[int] = None,
        max_rate_limit_retries: Optional[int] = None,
        initial_backoff: Optional[float] = None,
        max_backoff: Optional[float] = None,
        rate_limit: Optional[bool] = None,
        max_upload_bytes: Optional[int] = None,
        max_response_bytes: Optional[int] = None,
        max_download_bytes: Optional[int] = None,
        root_certificates: Optional[List[str]] = None,
        resolve: Optional[Dict[str, str]] = None,
        from_env: bool = False,
    ) -> None:
        """Every option is checked by the core when the client is made: a time that is not a
        finite number of seconds more than zero (``deadline=float("inf")``, ``-1``) raises
        ``ValidationError`` naming the option; nothing is ever sent with a bad configuration.

        Times are in seconds. ``max_retries`` counts retries after failures other than 429;
        ``max_rate_limit_retries`` those after a 429 (the request was not processed).
        ``max_response_bytes`` bounds a JSON answer (16 MiB by default); ``max_download_bytes``
        a part download (no limit by default; downloads are streamed). ``root_certificates``
        (PEM strings) are trusted besides the system's (a TLS-inspecting proxy); ``resolve`` maps
        host names to ``"ip:port"`` instead of DNS.
        """
        options = dict(locals())
        del options["self"]
        self._native = _native.NativeClient(options)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._native!r}>"


class Client(_Base, _SyncOperations, _SyncFlows):
    """A blocking KYX client. Safe to share between threads; the GIL is released during I/O. A
    call cannot be interrupted once it runs: bound it with ``deadline``.

    Example::

        from jumio_kyx import Client

        client = Client(region="US", client_id="...", client_secret="...", user_agent="Acme Onboarding/2.1")
        account = client.create_account({"customerInternalReference": "order-42", "workflowDefinition": {"key": 10011}})

    ``Client.from_env()`` reads ``JUMIO_CLIENT_ID``, ``JUMIO_CLIENT_SECRET``, ``JUMIO_REGION``,
    ``JUMIO_USER_AGENT`` and ``JUMIO_BASE_URL``.
    """

    @classmethod
    def from_env(cls, **overrides: Any) -> "Client":
        """A client configured from the ``JUMIO_*`` environment variables."""
        return cls(from_env=True, **overrides)

    def _call(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, FileArgument]] = None, save_to: Optional[str] = None) -> Any:
        return self._native.call(operation, args, files, save_to)

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.close()

    def close(self) -> None:
        """Releases nothing yet: connections close with the client. Present for symmetry and ``with``."""


class AsyncClient(_Base, _AsyncOperations, _AsyncFlows):
    """An asyncio KYX client with the same methods as ``Client``, each a coroutine. Calls run on
    a shared tokio runtime, so many can be in flight at once (``asyncio.gather``).

    Cancelling the task that awaits a call (``task.cancel()``, ``asyncio.wait_for``) cancels the
    request: the core's future is dropped at once and its connection closed; the client goes on.
    A request the platform had already received may still take effect.

    Example::

        import asyncio

        async with AsyncClient(base_url=sandbox.url, client_id="id", client_secret="secret", user_agent="Acme/1.0") as client:
            statuses = await asyncio.gather(*(client.get_workflow_status(a, w) for a, w in ids))
    """

    @classmethod
    def from_env(cls, **overrides: Any) -> "AsyncClient":
        """A client configured from the ``JUMIO_*`` environment variables."""
        return cls(from_env=True, **overrides)

    def _call_async(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, FileArgument]] = None, save_to: Optional[str] = None) -> Awaitable[Any]:
        # The native awaitable itself, not a coroutine around it: the operations await it.
        return self._native.call_async(operation, args, files, save_to)

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Releases nothing yet: connections close with the client. Present for ``async with``."""


__all__ = ["Client", "AsyncClient", "Region", "CapabilitySummary", "capability_summaries"]
