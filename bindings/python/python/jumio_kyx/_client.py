"""`Client` (blocking) and `AsyncClient` (asyncio): the same methods, backed by one Rust client
each (connection pool, token cache, retries, validation)."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Awaitable, Dict, List, Optional, Type, TypedDict, cast

from . import _native
from ._files import FileArgument
from ._generated.flows import _AsyncFlows, _SyncFlows
from ._generated.operations import _AsyncOperations, _SyncOperations
from ._generated.options import Region, _ClientOptions
from ._generated.types import WorkflowDetails


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


class _Base(_ClientOptions):
    # The constructor, one keyword per client option, is generated from the spec
    # (`_generated/options.py`).

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
