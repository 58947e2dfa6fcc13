"""`Client` (blocking) and `AsyncClient` (asyncio): the same methods, backed by one Rust client
each (connection pool, token cache, retries, validation)."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Dict, List, Optional, Type, TypedDict, Union, cast

from . import _native
from ._callback import parse_callback
from ._files import FileInput, PathLike, file_argument
from ._operations import _AsyncOperations, _SyncOperations
from ._types import AccountResponse, CallbackPayload, DownloadedPart, PreparedData, WorkflowDetails, WorkflowStatusResponse

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


def _identity_args(
    customer_internal_reference: str,
    front: FileInput,
    selfie: FileInput,
    back: Optional[FileInput],
    workflow_key: Optional[Union[int, str]],
    user_reference: Optional[str],
    callback_url: Optional[str],
    token_lifetime: Optional[str],
) -> tuple[Dict[str, Any], Dict[str, Union[str, bytes]]]:
    files: Dict[str, Union[str, bytes]] = {"front": file_argument(front), "selfie": file_argument(selfie)}
    if back is not None:
        files["back"] = file_argument(back)
    args = {
        "customer_internal_reference": customer_internal_reference,
        "workflow_key": workflow_key,
        "user_reference": user_reference,
        "callback_url": callback_url,
        "token_lifetime": token_lifetime,
    }
    return args, files


def _wait_args(account_id: str, workflow_execution_id: str, poll_interval: Optional[float], schedule_scale: Optional[float], deadline: Optional[float]) -> Dict[str, Any]:
    return {
        "account_id": account_id,
        "workflow_execution_id": workflow_execution_id,
        "poll_interval": poll_interval,
        "schedule_scale": schedule_scale,
        "deadline": deadline,
    }


class Client(_Base, _SyncOperations):
    """A blocking KYX client. Safe to share between threads; the GIL is released during I/O.

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

    def _call(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, Union[str, bytes]]] = None, save_to: Optional[str] = None) -> Any:
        return self._native.call(operation, args, files, save_to)

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.close()

    def close(self) -> None:
        """Releases nothing yet: connections close with the client. Present for symmetry and ``with``."""

    def run_identity_verification(
        self,
        customer_internal_reference: str,
        front: FileInput,
        selfie: FileInput,
        back: Optional[FileInput] = None,
        *,
        workflow_key: Optional[Union[int, str]] = None,
        user_reference: Optional[str] = None,
        callback_url: Optional[str] = None,
        token_lifetime: Optional[str] = None,
    ) -> AccountResponse:
        """Runs an ID + identity verification (default workflow 10011): checks every image first,
        creates the account, uploads front, back and selfie, finalizes. Returns the account
        response (ids, credentials)."""
        args, files = _identity_args(customer_internal_reference, front, selfie, back, workflow_key, user_reference, callback_url, token_lifetime)
        return cast(AccountResponse, self._call("run_identity_verification", args, files))

    def run_prepared_data_verification(
        self,
        customer_internal_reference: str,
        data: PreparedData,
        *,
        workflow_key: Union[int, str] = 10010,
        user_reference: Optional[str] = None,
        callback_url: Optional[str] = None,
    ) -> AccountResponse:
        """Runs a prepared-data verification (default: watchlist screening, 10010): checks the
        workflow's required fields, creates the account, uploads the data, finalizes."""
        args = {
            "customer_internal_reference": customer_internal_reference,
            "data": data,
            "workflow_key": workflow_key,
            "user_reference": user_reference,
            "callback_url": callback_url,
        }
        return cast(AccountResponse, self._call("run_prepared_data_verification", args))

    def wait_for_completion(
        self,
        account_id: str,
        workflow_execution_id: str,
        *,
        poll_interval: Optional[float] = None,
        schedule_scale: Optional[float] = None,
        deadline: Optional[float] = None,
    ) -> WorkflowStatusResponse:
        """Polls the status until PROCESSED, SESSION_EXPIRED or TOKEN_EXPIRED and returns it.
        By default on Jumio's documented schedule (40 s … 940 s); ``poll_interval`` (seconds) or
        ``schedule_scale`` (e.g. 0.01 against the sandbox) change it. Raises ``TimeoutError``
        when the schedule or ``deadline`` (seconds) runs out."""
        return cast(WorkflowStatusResponse, self._call("wait_for_completion", _wait_args(account_id, workflow_execution_id, poll_interval, schedule_scale, deadline)))

    def get_workflow_by_href(self, href: str) -> WorkflowDetails:
        """The details behind a ``workflowExecution.href``, if it points at this client's hosts."""
        return cast(WorkflowDetails, self._call("get_workflow_by_href", {"href": href}))

    def download_href(self, href: str, save_to: Optional[PathLike] = None) -> DownloadedPart:
        """Downloads the part behind a part ``href`` of workflow details, if it points at this client's hosts."""
        return cast(DownloadedPart, self._call("download_href", {"href": href}, None, None if save_to is None else str(save_to)))

    def get_callback_details(self, callback: Union[CallbackPayload, bytes]) -> WorkflowDetails:
        """The authoritative details of a callback's workflow execution."""
        payload = parse_callback(callback) if isinstance(callback, (bytes, bytearray)) else callback
        return cast(WorkflowDetails, self._call("get_callback_details", {"callback": payload}))


class AsyncClient(_Base, _AsyncOperations):
    """An asyncio KYX client with the same methods as ``Client``, each a coroutine. Calls run on
    a shared tokio runtime, so many can be in flight at once (``asyncio.gather``).

    Example::

        async with AsyncClient(base_url=sandbox.url, client_id="id", client_secret="secret", user_agent="Acme/1.0") as client:
            statuses = await asyncio.gather(*(client.get_workflow_status(a, w) for a, w in ids))
    """

    @classmethod
    def from_env(cls, **overrides: Any) -> "AsyncClient":
        """A client configured from the ``JUMIO_*`` environment variables."""
        return cls(from_env=True, **overrides)

    async def _call_async(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, Union[str, bytes]]] = None, save_to: Optional[str] = None) -> Any:
        return await self._native.call_async(operation, args, files, save_to)

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Releases nothing yet: connections close with the client. Present for ``async with``."""

    async def run_identity_verification(
        self,
        customer_internal_reference: str,
        front: FileInput,
        selfie: FileInput,
        back: Optional[FileInput] = None,
        *,
        workflow_key: Optional[Union[int, str]] = None,
        user_reference: Optional[str] = None,
        callback_url: Optional[str] = None,
        token_lifetime: Optional[str] = None,
    ) -> AccountResponse:
        """See ``Client.run_identity_verification``."""
        args, files = _identity_args(customer_internal_reference, front, selfie, back, workflow_key, user_reference, callback_url, token_lifetime)
        return cast(AccountResponse, await self._call_async("run_identity_verification", args, files))

    async def run_prepared_data_verification(
        self,
        customer_internal_reference: str,
        data: PreparedData,
        *,
        workflow_key: Union[int, str] = 10010,
        user_reference: Optional[str] = None,
        callback_url: Optional[str] = None,
    ) -> AccountResponse:
        """See ``Client.run_prepared_data_verification``."""
        args = {
            "customer_internal_reference": customer_internal_reference,
            "data": data,
            "workflow_key": workflow_key,
            "user_reference": user_reference,
            "callback_url": callback_url,
        }
        return cast(AccountResponse, await self._call_async("run_prepared_data_verification", args))

    async def wait_for_completion(
        self,
        account_id: str,
        workflow_execution_id: str,
        *,
        poll_interval: Optional[float] = None,
        schedule_scale: Optional[float] = None,
        deadline: Optional[float] = None,
    ) -> WorkflowStatusResponse:
        """See ``Client.wait_for_completion``."""
        return cast(WorkflowStatusResponse, await self._call_async("wait_for_completion", _wait_args(account_id, workflow_execution_id, poll_interval, schedule_scale, deadline)))

    async def get_workflow_by_href(self, href: str) -> WorkflowDetails:
        """See ``Client.get_workflow_by_href``."""
        return cast(WorkflowDetails, await self._call_async("get_workflow_by_href", {"href": href}))

    async def download_href(self, href: str, save_to: Optional[PathLike] = None) -> DownloadedPart:
        """See ``Client.download_href``."""
        return cast(DownloadedPart, await self._call_async("download_href", {"href": href}, None, None if save_to is None else str(save_to)))

    async def get_callback_details(self, callback: Union[CallbackPayload, bytes]) -> WorkflowDetails:
        """See ``Client.get_callback_details``."""
        payload = parse_callback(callback) if isinstance(callback, (bytes, bytearray)) else callback
        return cast(WorkflowDetails, await self._call_async("get_callback_details", {"callback": payload}))


__all__ = ["Client", "AsyncClient", "Region", "CapabilitySummary", "capability_summaries"]
