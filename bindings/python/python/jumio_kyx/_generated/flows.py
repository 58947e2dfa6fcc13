# Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-python`; do not edit.
"""One sync (`_SyncFlows`) and one async (`_AsyncFlows`) method per flow of the spec's
`x-kyx-flows`: methods that chain operations, run by the core. `Client` and `AsyncClient`
inherit them."""

from __future__ import annotations

from typing import Any, Awaitable, Dict, Optional, Union, cast

from .._callback import parse_callback
from .._files import FileArgument, FileInput, PathLike, file_argument
from .types import *  # noqa: F403


class _SyncFlows:
    """The flows (blocking)."""

    def _call(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, FileArgument]] = None, save_to: Optional[str] = None) -> Any:
        raise NotImplementedError

    def run_identity_verification(self, customer_internal_reference: str, front: FileInput, selfie: FileInput, back: Optional[FileInput] = None, *, workflow_key: Optional[Union[int, str]] = None, user_reference: Optional[str] = None, callback_url: Optional[str] = None, token_lifetime: Optional[str] = None) -> AccountResponse:
        """Runs an ID + identity verification (default workflow 10011). Checks every image first, creates the account, uploads front, back and selfie, finalizes. Returns the account response (ids, credentials); the decision comes by callback or by waiting for completion.

        Example::

            account = client.run_identity_verification("order-42", "front.jpg", "selfie.jpg", "back.jpg")

        Args:
            customer_internal_reference: Your reference of the transaction (personal data; never logged).
            front: The front of the ID document.
            selfie: The selfie.
            back: The back of the ID document, when it has one.
            workflow_key: The workflow definition key (default 10011: ID and identity verification).
            user_reference: Your reference of the end user.
            callback_url: Where the callback goes for this transaction.
            token_lifetime: How long the transaction tokens live (`30m`, `5m` … `60d`).
        """
        files: Dict[str, FileArgument] = {"front": file_argument(front), "selfie": file_argument(selfie)}
        if back is not None:
            files["back"] = file_argument(back)
        return cast(AccountResponse, self._call("run_identity_verification", {"customer_internal_reference": customer_internal_reference, "workflow_key": workflow_key, "user_reference": user_reference, "callback_url": callback_url, "token_lifetime": token_lifetime}, files, None))

    def run_prepared_data_verification(self, customer_internal_reference: str, data: PreparedData, *, workflow_key: Optional[Union[int, str]] = None, user_reference: Optional[str] = None, callback_url: Optional[str] = None) -> AccountResponse:
        """Runs a prepared-data verification (default workflow 10010, watchlist screening). Creates the account, uploads the data, finalizes. A field the workflow needs and the data lacks is decided by the platform (NOT_ENOUGH_DATA), not refused here.

        Example::

            account = client.run_prepared_data_verification("screening-7", {"firstName": "Alex", "lastName": "Sample", "dateOfBirth": "1990-01-31"}, user_reference="user-7")

        Args:
            customer_internal_reference: Your reference of the transaction (personal data; never logged).
            data: The prepared data.
            workflow_key: The workflow definition key (default 10010: watchlist screening).
            user_reference: Your reference of the end user (screening needs it to run).
            callback_url: Where the callback goes for this transaction.
        """
        return cast(AccountResponse, self._call("run_prepared_data_verification", {"customer_internal_reference": customer_internal_reference, "data": data, "workflow_key": workflow_key, "user_reference": user_reference, "callback_url": callback_url}, None, None))

    def wait_for_completion(self, account_id: str, workflow_execution_id: str, *, poll_interval: Optional[float] = None, schedule_scale: Optional[float] = None, deadline: Optional[float] = None) -> WorkflowStatusResponse:
        """Polls the status until PROCESSED, SESSION_EXPIRED or TOKEN_EXPIRED and returns it. By default on Jumio's documented schedule (40 s … 940 s); a fixed interval or a scale of the schedule (0.01 against the sandbox) change it. Fails with a timeout error when the schedule or the deadline runs out.

        Example::

            status = client.wait_for_completion(account_id, workflow_execution_id, schedule_scale=0.01)

        Args:
            account_id: The account.
            workflow_execution_id: The workflow execution.
            poll_interval: Poll at this fixed interval instead of the documented schedule.
            schedule_scale: Scale the documented schedule (e.g. 0.01 against the sandbox).
            deadline: Give up after this long (a timeout error).
        """
        return cast(WorkflowStatusResponse, self._call("wait_for_completion", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "poll_interval": poll_interval, "schedule_scale": schedule_scale, "deadline": deadline}, None, None))

    def get_workflow_by_href(self, href: str) -> WorkflowDetails:
        """The details behind a `workflowExecution.href`, if it points at this client's hosts.

        Args:
            href: The href of a status, an account response or a callback.
        """
        return cast(WorkflowDetails, self._call("get_workflow_by_href", {"href": href}, None, None))

    def download_href(self, href: str, save_to: Optional[PathLike] = None) -> DownloadedPart:
        """Downloads the part behind a part `href` of workflow details, if it points at this client's hosts.

        Args:
            href: A `credentials[].parts[].href`.
            save_to: Streams the part to this file instead of returning its bytes.
        """
        return cast(DownloadedPart, self._call("download_href", {"href": href}, None, None if save_to is None else str(save_to)))

    def get_callback_details(self, callback: Union[CallbackPayload, bytes]) -> WorkflowDetails:
        """The authoritative details of a callback's workflow execution. A callback says only that something happened. Takes the parsed callback or its raw body.

        Example::

            details = client.get_callback_details(request_body)

        Args:
            callback: The parsed callback or its raw body.
        """
        return cast(WorkflowDetails, self._call("get_callback_details", {"callback": parse_callback(callback) if isinstance(callback, (bytes, bytearray)) else callback}, None, None))


class _AsyncFlows:
    """The flows (awaitable)."""

    def _call_async(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, FileArgument]] = None, save_to: Optional[str] = None) -> Awaitable[Any]:
        raise NotImplementedError

    async def run_identity_verification(self, customer_internal_reference: str, front: FileInput, selfie: FileInput, back: Optional[FileInput] = None, *, workflow_key: Optional[Union[int, str]] = None, user_reference: Optional[str] = None, callback_url: Optional[str] = None, token_lifetime: Optional[str] = None) -> AccountResponse:
        """Runs an ID + identity verification (default workflow 10011). Checks every image first, creates the account, uploads front, back and selfie, finalizes. Returns the account response (ids, credentials); the decision comes by callback or by waiting for completion.

        Example::

            account = await client.run_identity_verification("order-42", "front.jpg", "selfie.jpg", "back.jpg")

        Args:
            customer_internal_reference: Your reference of the transaction (personal data; never logged).
            front: The front of the ID document.
            selfie: The selfie.
            back: The back of the ID document, when it has one.
            workflow_key: The workflow definition key (default 10011: ID and identity verification).
            user_reference: Your reference of the end user.
            callback_url: Where the callback goes for this transaction.
            token_lifetime: How long the transaction tokens live (`30m`, `5m` … `60d`).
        """
        files: Dict[str, FileArgument] = {"front": file_argument(front), "selfie": file_argument(selfie)}
        if back is not None:
            files["back"] = file_argument(back)
        return cast(AccountResponse, await self._call_async("run_identity_verification", {"customer_internal_reference": customer_internal_reference, "workflow_key": workflow_key, "user_reference": user_reference, "callback_url": callback_url, "token_lifetime": token_lifetime}, files, None))

    async def run_prepared_data_verification(self, customer_internal_reference: str, data: PreparedData, *, workflow_key: Optional[Union[int, str]] = None, user_reference: Optional[str] = None, callback_url: Optional[str] = None) -> AccountResponse:
        """Runs a prepared-data verification (default workflow 10010, watchlist screening). Creates the account, uploads the data, finalizes. A field the workflow needs and the data lacks is decided by the platform (NOT_ENOUGH_DATA), not refused here.

        Example::

            account = await client.run_prepared_data_verification("screening-7", {"firstName": "Alex", "lastName": "Sample", "dateOfBirth": "1990-01-31"}, user_reference="user-7")

        Args:
            customer_internal_reference: Your reference of the transaction (personal data; never logged).
            data: The prepared data.
            workflow_key: The workflow definition key (default 10010: watchlist screening).
            user_reference: Your reference of the end user (screening needs it to run).
            callback_url: Where the callback goes for this transaction.
        """
        return cast(AccountResponse, await self._call_async("run_prepared_data_verification", {"customer_internal_reference": customer_internal_reference, "data": data, "workflow_key": workflow_key, "user_reference": user_reference, "callback_url": callback_url}, None, None))

    async def wait_for_completion(self, account_id: str, workflow_execution_id: str, *, poll_interval: Optional[float] = None, schedule_scale: Optional[float] = None, deadline: Optional[float] = None) -> WorkflowStatusResponse:
        """Polls the status until PROCESSED, SESSION_EXPIRED or TOKEN_EXPIRED and returns it. By default on Jumio's documented schedule (40 s … 940 s); a fixed interval or a scale of the schedule (0.01 against the sandbox) change it. Fails with a timeout error when the schedule or the deadline runs out.

        Example::

            status = await client.wait_for_completion(account_id, workflow_execution_id, schedule_scale=0.01)

        Args:
            account_id: The account.
            workflow_execution_id: The workflow execution.
            poll_interval: Poll at this fixed interval instead of the documented schedule.
            schedule_scale: Scale the documented schedule (e.g. 0.01 against the sandbox).
            deadline: Give up after this long (a timeout error).
        """
        return cast(WorkflowStatusResponse, await self._call_async("wait_for_completion", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "poll_interval": poll_interval, "schedule_scale": schedule_scale, "deadline": deadline}, None, None))

    async def get_workflow_by_href(self, href: str) -> WorkflowDetails:
        """The details behind a `workflowExecution.href`, if it points at this client's hosts.

        Args:
            href: The href of a status, an account response or a callback.
        """
        return cast(WorkflowDetails, await self._call_async("get_workflow_by_href", {"href": href}, None, None))

    async def download_href(self, href: str, save_to: Optional[PathLike] = None) -> DownloadedPart:
        """Downloads the part behind a part `href` of workflow details, if it points at this client's hosts.

        Args:
            href: A `credentials[].parts[].href`.
            save_to: Streams the part to this file instead of returning its bytes.
        """
        return cast(DownloadedPart, await self._call_async("download_href", {"href": href}, None, None if save_to is None else str(save_to)))

    async def get_callback_details(self, callback: Union[CallbackPayload, bytes]) -> WorkflowDetails:
        """The authoritative details of a callback's workflow execution. A callback says only that something happened. Takes the parsed callback or its raw body.

        Example::

            details = await client.get_callback_details(request_body)

        Args:
            callback: The parsed callback or its raw body.
        """
        return cast(WorkflowDetails, await self._call_async("get_callback_details", {"callback": parse_callback(callback) if isinstance(callback, (bytes, bytearray)) else callback}, None, None))
