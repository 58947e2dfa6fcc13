# Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-python`; do not edit.
"""One method per operation of the spec, sync (`_SyncOperations`) and async
(`_AsyncOperations`). `Client` and `AsyncClient` inherit them."""

from __future__ import annotations

from typing import Any, Awaitable, Dict, Optional, Union, cast

from .._files import FileArgument, FileInput, PathLike, file_argument
from .types import *  # noqa: F403


class _SyncOperations:
    """The spec's operations (blocking)."""

    def _call(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, FileArgument]] = None, save_to: Optional[str] = None) -> Any:
        raise NotImplementedError

    def get_access_token(self) -> TokenResponse:
        """Get an OAuth2 access token (getAccessToken).

        Exchanges the OAuth2 client id and secret (Portal > Settings > API credentials > OAuth2
        Clients) for a bearer token valid for 60 minutes (``expires_in: 3600``). The client
        authenticates with HTTP Basic (``client_id:client_secret``) (documented by Jumio); sending
        ``client_id`` and ``client_secret`` as form fields is accepted too (client_secret_post)
        (seen in third-party clients). Limited to 10 requests per second (documented by Jumio).

        Example::

            token_response = client.get_access_token()
        """
        return cast(TokenResponse, self._call("get_access_token", {}, None, None))

    def create_account(self, request: AccountRequest) -> AccountResponse:
        """Create an account and start a workflow execution (createAccount).

        Creates a new account for an end user and starts a workflow execution of the given workflow
        definition. The response lists the credentials the workflow needs, with their upload URLs
        and transaction token for the API channel, and the web or SDK access where the workflow
        allows those channels.

        Example::

            account_response = client.create_account(account_request)
        """
        return cast(AccountResponse, self._call("create_account", {"request": request}, None, None))

    def get_account(self, account_id: str) -> AccountDetails:
        """Get an account and its workflow executions (inferred) (getAccount).

        The URL that callbacks and status responses give as ``account.href``
        (``https://retrieval.{region}.jumio.ai/api/v1/accounts/{id}``) (seen in real responses).
        Jumio documents only DELETE on it (inferred, not documented by Jumio); its answer is not
        documented, so the response type is tolerant: every field optional, anything else kept. The
        sandbox lists the account's workflow executions.

        Example::

            account_details = client.get_account(account_id)
        """
        return cast(AccountDetails, self._call("get_account", {"account_id": account_id}, None, None))

    def update_account(self, account_id: str, request: AccountRequest) -> AccountResponse:
        """Start a new workflow execution on an existing account (updateAccount).

        Starts a new workflow execution on an existing account ("use this endpoint for every new
        workflow") (documented by Jumio). Request and response are the same as for account creation;
        the account id stays the same. 404 when the account does not exist.

        Example::

            account_response = client.update_account(account_id, account_request)
        """
        return cast(AccountResponse, self._call("update_account", {"account_id": account_id, "request": request}, None, None))

    def delete_account(self, account_id: str) -> None:
        """Delete an account and all its workflow executions (deleteAccount).

        Deletes the account, every workflow execution on it and all acquired data, immediately and
        irreversibly. Later reads of the account or its workflows return 404. Note the host:
        deletion lives on the retrieval host family (documented by Jumio).

        Example::

            client.delete_account(account_id)
        """
        self._call("delete_account", {"account_id": account_id}, None, None)

    def replace_part(self, account_id: str, workflow_execution_id: str, credential_id: str, classifier: UploadClassifier, file: FileInput) -> PartUploadResponse:
        """Replace an already uploaded image part (replacePart).

        Same as the upload, for a part that was uploaded before: the new file replaces the old one
        ("Update part of a credential") (documented by Jumio; seen in third-party clients).

        Example::

            part_upload_response = client.replace_part(account_id, workflow_execution_id, credential_id, classifier, file)
        """
        return cast(PartUploadResponse, self._call("replace_part", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "classifier": classifier}, {"file": file_argument(file)}, None))

    def upload_part(self, account_id: str, workflow_execution_id: str, credential_id: str, classifier: UploadClassifier, file: FileInput) -> PartUploadResponse:
        """Upload an image part of a credential (uploadPart).

        Uploads one image (FRONT or BACK of an ID credential, FACE of a SELFIE credential) or, for
        workflow 16 only, a binary FACEMAP, as the multipart form field ``file``. Images must be
        JPEG or PNG, at most 8000×8000 pixels; the size limit has been 10 MB, 5 MB and 15 MB in
        successive docs (see DECISIONS.md: the sandbox defaults to 10 MB, configurable). The
        response lists the upload URLs still open: an uploaded part leaves ``api.parts``.
        Authenticate with the credential's ``api.token`` (or the OAuth2 token).

        Example::

            part_upload_response = client.upload_part(account_id, workflow_execution_id, credential_id, classifier, file)
        """
        return cast(PartUploadResponse, self._call("upload_part", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "classifier": classifier}, {"file": file_argument(file)}, None))

    def replace_prepared_data(self, account_id: str, workflow_execution_id: str, credential_id: str, data: PreparedData, workflow_key: Optional[Union[int, str]] = None) -> PartUploadResponse:
        """Replace prepared data uploaded before (replacePreparedData).

        Same as the upload, for prepared data that was uploaded before.

        Example::

            part_upload_response = client.replace_prepared_data(account_id, workflow_execution_id, credential_id, prepared_data)
        """
        return cast(PartUploadResponse, self._call("replace_prepared_data", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "data": data, "workflow_key": workflow_key}, None, None))

    def upload_prepared_data(self, account_id: str, workflow_execution_id: str, credential_id: str, data: PreparedData, workflow_key: Optional[Union[int, str]] = None) -> PartUploadResponse:
        """Upload prepared data for a DATA credential (uploadPreparedData).

        Uploads the end user's data as JSON for a DATA credential (workflows 10005, 10006, 10008,
        10010). Which fields are required depends on the workflow: 10005 needs personalNumber,
        firstName, lastName and address.country; 10006 needs personalNumber (documented by Jumio);
        10010 needs firstName, lastName, dateOfBirth and address.country in practice (seen in real
        responses). The docs name the ``account.`` host here, but their examples and all real
        traffic use ``api.`` (DECISIONS.md §15.1).

        Example::

            part_upload_response = client.upload_prepared_data(account_id, workflow_execution_id, credential_id, prepared_data)
        """
        return cast(PartUploadResponse, self._call("upload_prepared_data", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "data": data, "workflow_key": workflow_key}, None, None))

    def get_workflow_details(self, account_id: str, workflow_execution_id: str) -> WorkflowDetails:
        """Get the details of a workflow execution (getWorkflowDetails).

        Everything Jumio knows about the workflow execution: status, credentials and their parts,
        the result of every capability of the workflow, the overall decision and risk score.
        Retrieve it once the status is PROCESSED (after the callback). Expired workflows carry no
        results. Limited to 15 requests per second per tenant by default (documented by Jumio).

        Example::

            workflow_details = client.get_workflow_details(account_id, workflow_execution_id)
        """
        return cast(WorkflowDetails, self._call("get_workflow_details", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    def finalize_workflow(self, account_id: str, workflow_execution_id: str) -> FinalizeResponse:
        """Finalize the workflow execution (API channel) (finalizeWorkflow).

        Sends the acquired data to processing: the status moves from INITIATED to ACQUIRED, then to
        PROCESSED and the callback is sent. Only the API channel needs it (web and SDK finalize on
        their own). Without it the workflow expires (SESSION_EXPIRED / TOKEN_EXPIRED). No body.

        Example::

            finalize_response = client.finalize_workflow(account_id, workflow_execution_id)
        """
        return cast(FinalizeResponse, self._call("finalize_workflow", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    def delete_workflow(self, account_id: str, workflow_execution_id: str) -> None:
        """Delete one workflow execution (deleteWorkflow).

        Deletes the workflow execution and its acquired data, immediately and irreversibly.

        Example::

            client.delete_workflow(account_id, workflow_execution_id)
        """
        self._call("delete_workflow", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None)

    def get_workflow_status(self, account_id: str, workflow_execution_id: str) -> WorkflowStatusResponse:
        """Get the status of a workflow execution (getWorkflowStatus).

        The cheap poll: INITIATED, ACQUIRED, PROCESSED, SESSION_EXPIRED or TOKEN_EXPIRED. Jumio
        recommends at most 10 polls, at 40, 60, 100, 160, 240, 340, 460, 600, 760 and 940 seconds
        after acquisition, and prefers callbacks.

        Example::

            workflow_status_response = client.get_workflow_status(account_id, workflow_execution_id)
        """
        return cast(WorkflowStatusResponse, self._call("get_workflow_status", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    def get_workflow_steps(self, account_id: str, workflow_execution_id: str) -> StepsResponse:
        """Get the steps of a workflow execution (getWorkflowSteps).

        The workflow's steps (ID_IV, SCREENING, ADDRESS_VERIFICATION, DL_VERIFICATION,
        BRA_CPF_VALIDATION, …), each with its decision and the capabilities it ran. 404 when the
        workflow is not available, was deleted or is not a KYX workflow.

        Example::

            steps_response = client.get_workflow_steps(account_id, workflow_execution_id)
        """
        return cast(StepsResponse, self._call("get_workflow_steps", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    def download_part(self, account_id: str, credential_id: str, classifier: PartClassifier, save_to: Optional[PathLike] = None) -> DownloadedPart:
        """Download an acquired part (image, facemap or prepared data) (downloadPart).

        The stored bytes of one part, with a matching Content-Type: ``image/jpeg`` or ``image/png``
        for images, ``application/octet-stream`` for a facemap and for prepared data (its JSON
        bytes; see DECISIONS.md). 404 when the workflow was deleted or does not hold that part.

        Example::

            part = client.download_part(account_id, credential_id, classifier, save_to="front.jpg")
        """
        return cast(DownloadedPart, self._call("download_part", {"account_id": account_id, "credential_id": credential_id, "classifier": classifier}, None, None if save_to is None else str(save_to)))

    def get_workflow_rules(self, account_id: str, workflow_execution_id: str) -> WorkflowRules:
        """Get the rules evaluated for a workflow execution (inferred) (getWorkflowRules).

        Seen only in a recent third-party client, outside the reference's endpoint list; its answer
        is not documented, so the response type is tolerant (every field optional, anything else
        kept) (inferred, not documented by Jumio).

        Example::

            workflow_rules = client.get_workflow_rules(account_id, workflow_execution_id)
        """
        return cast(WorkflowRules, self._call("get_workflow_rules", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    def generate_report(self, account_id: str, workflow_execution_id: str, save_to: Optional[PathLike] = None) -> DownloadedPart:
        """Download the PDF transaction report of a workflow execution (inferred) (generateReport).

        "A URL that allows you to download a PDF transaction report" (documented by Jumio); the path
        is the one a recent third-party client calls (inferred, not documented by Jumio). The body
        is the PDF, streamed.

        Example::

            report = client.generate_report(account_id, workflow_execution_id, save_to="report.pdf")
        """
        return cast(DownloadedPart, self._call("generate_report", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None if save_to is None else str(save_to)))

    def get_workflow_execution(self, workflow_execution_id: str) -> WorkflowDetails:
        """Get the details of a workflow execution by its id alone (getWorkflowExecution).

        The URL real callbacks and status responses give as ``workflowExecution.href`` (seen in real
        responses; documented by Jumio). It answers like ``getWorkflowDetails`` without needing the
        account id. Not documented as an endpoint (inferred, not documented by Jumio); see
        DECISIONS.md §15.10.

        Example::

            workflow_details = client.get_workflow_execution(workflow_execution_id)
        """
        return cast(WorkflowDetails, self._call("get_workflow_execution", {"workflow_execution_id": workflow_execution_id}, None, None))

    def get_health(self) -> HealthResponse:
        """Check the platform's health (getHealth).

        UP, DEGRADED or DOWN, with the affected components when not UP. Needs no authentication,
        only ``Accept`` and ``User-Agent``. Answers 200 whatever the health (the status code for
        DEGRADED and DOWN is not documented; see DECISIONS.md).

        Example::

            health_response = client.get_health()
        """
        return cast(HealthResponse, self._call("get_health", {}, None, None))

    def create_migration(self, request: MigrationRequest) -> MigrationResponse:
        """Migrate legacy Netverify scans into a new account (createMigration).

        Creates an account holding the given Netverify scan references; each scan reference becomes
        a workflow execution (old scanReference → new workflowExecutionId). One callback is sent per
        migrated scan reference. Failures name the scan references in the problem's ``detail``, with
        one of the documented messages (``Scans [..] are wiped out``, ``Scan references [..] not
        found``, ``Scans [..] not in final state``, ``Scan references [..] already migrated``,
        ``Scan references [..] are in progress or already migrated``) (documented by Jumio).
        Authentication scans whose liveness provider was not iProov migrate only when they were
        APPROVED_VERIFIED, valid and a similarity MATCH.

        Example::

            migration_response = client.create_migration(migration_request)
        """
        return cast(MigrationResponse, self._call("create_migration", {"request": request}, None, None))

    def update_migration(self, account_id: str, request: MigrationRequest) -> MigrationResponse:
        """Migrate legacy Netverify scans into an existing account (updateMigration).

        Adds scan references to an existing account. Only add scans of the same end user. Errors as
        for ``createMigration``, plus ``Account [..] not found``. The guide's own example uses
        ``/api/v1/accounts/{accountId}`` (without ``migrations/``); this path follows its endpoint
        table (DECISIONS.md §15.2).

        Example::

            migration_response = client.update_migration(account_id, migration_request)
        """
        return cast(MigrationResponse, self._call("update_migration", {"account_id": account_id, "request": request}, None, None))


class _AsyncOperations:
    """The spec's operations (awaitable)."""

    def _call_async(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, FileArgument]] = None, save_to: Optional[str] = None) -> Awaitable[Any]:
        raise NotImplementedError

    async def get_access_token(self) -> TokenResponse:
        """Get an OAuth2 access token (getAccessToken).

        Exchanges the OAuth2 client id and secret (Portal > Settings > API credentials > OAuth2
        Clients) for a bearer token valid for 60 minutes (``expires_in: 3600``). The client
        authenticates with HTTP Basic (``client_id:client_secret``) (documented by Jumio); sending
        ``client_id`` and ``client_secret`` as form fields is accepted too (client_secret_post)
        (seen in third-party clients). Limited to 10 requests per second (documented by Jumio).

        Example::

            token_response = await client.get_access_token()
        """
        return cast(TokenResponse, await self._call_async("get_access_token", {}, None, None))

    async def create_account(self, request: AccountRequest) -> AccountResponse:
        """Create an account and start a workflow execution (createAccount).

        Creates a new account for an end user and starts a workflow execution of the given workflow
        definition. The response lists the credentials the workflow needs, with their upload URLs
        and transaction token for the API channel, and the web or SDK access where the workflow
        allows those channels.

        Example::

            account_response = await client.create_account(account_request)
        """
        return cast(AccountResponse, await self._call_async("create_account", {"request": request}, None, None))

    async def get_account(self, account_id: str) -> AccountDetails:
        """Get an account and its workflow executions (inferred) (getAccount).

        The URL that callbacks and status responses give as ``account.href``
        (``https://retrieval.{region}.jumio.ai/api/v1/accounts/{id}``) (seen in real responses).
        Jumio documents only DELETE on it (inferred, not documented by Jumio); its answer is not
        documented, so the response type is tolerant: every field optional, anything else kept. The
        sandbox lists the account's workflow executions.

        Example::

            account_details = await client.get_account(account_id)
        """
        return cast(AccountDetails, await self._call_async("get_account", {"account_id": account_id}, None, None))

    async def update_account(self, account_id: str, request: AccountRequest) -> AccountResponse:
        """Start a new workflow execution on an existing account (updateAccount).

        Starts a new workflow execution on an existing account ("use this endpoint for every new
        workflow") (documented by Jumio). Request and response are the same as for account creation;
        the account id stays the same. 404 when the account does not exist.

        Example::

            account_response = await client.update_account(account_id, account_request)
        """
        return cast(AccountResponse, await self._call_async("update_account", {"account_id": account_id, "request": request}, None, None))

    async def delete_account(self, account_id: str) -> None:
        """Delete an account and all its workflow executions (deleteAccount).

        Deletes the account, every workflow execution on it and all acquired data, immediately and
        irreversibly. Later reads of the account or its workflows return 404. Note the host:
        deletion lives on the retrieval host family (documented by Jumio).

        Example::

            await client.delete_account(account_id)
        """
        await self._call_async("delete_account", {"account_id": account_id}, None, None)

    async def replace_part(self, account_id: str, workflow_execution_id: str, credential_id: str, classifier: UploadClassifier, file: FileInput) -> PartUploadResponse:
        """Replace an already uploaded image part (replacePart).

        Same as the upload, for a part that was uploaded before: the new file replaces the old one
        ("Update part of a credential") (documented by Jumio; seen in third-party clients).

        Example::

            part_upload_response = await client.replace_part(account_id, workflow_execution_id, credential_id, classifier, file)
        """
        return cast(PartUploadResponse, await self._call_async("replace_part", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "classifier": classifier}, {"file": file_argument(file)}, None))

    async def upload_part(self, account_id: str, workflow_execution_id: str, credential_id: str, classifier: UploadClassifier, file: FileInput) -> PartUploadResponse:
        """Upload an image part of a credential (uploadPart).

        Uploads one image (FRONT or BACK of an ID credential, FACE of a SELFIE credential) or, for
        workflow 16 only, a binary FACEMAP, as the multipart form field ``file``. Images must be
        JPEG or PNG, at most 8000×8000 pixels; the size limit has been 10 MB, 5 MB and 15 MB in
        successive docs (see DECISIONS.md: the sandbox defaults to 10 MB, configurable). The
        response lists the upload URLs still open: an uploaded part leaves ``api.parts``.
        Authenticate with the credential's ``api.token`` (or the OAuth2 token).

        Example::

            part_upload_response = await client.upload_part(account_id, workflow_execution_id, credential_id, classifier, file)
        """
        return cast(PartUploadResponse, await self._call_async("upload_part", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "classifier": classifier}, {"file": file_argument(file)}, None))

    async def replace_prepared_data(self, account_id: str, workflow_execution_id: str, credential_id: str, data: PreparedData, workflow_key: Optional[Union[int, str]] = None) -> PartUploadResponse:
        """Replace prepared data uploaded before (replacePreparedData).

        Same as the upload, for prepared data that was uploaded before.

        Example::

            part_upload_response = await client.replace_prepared_data(account_id, workflow_execution_id, credential_id, prepared_data)
        """
        return cast(PartUploadResponse, await self._call_async("replace_prepared_data", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "data": data, "workflow_key": workflow_key}, None, None))

    async def upload_prepared_data(self, account_id: str, workflow_execution_id: str, credential_id: str, data: PreparedData, workflow_key: Optional[Union[int, str]] = None) -> PartUploadResponse:
        """Upload prepared data for a DATA credential (uploadPreparedData).

        Uploads the end user's data as JSON for a DATA credential (workflows 10005, 10006, 10008,
        10010). Which fields are required depends on the workflow: 10005 needs personalNumber,
        firstName, lastName and address.country; 10006 needs personalNumber (documented by Jumio);
        10010 needs firstName, lastName, dateOfBirth and address.country in practice (seen in real
        responses). The docs name the ``account.`` host here, but their examples and all real
        traffic use ``api.`` (DECISIONS.md §15.1).

        Example::

            part_upload_response = await client.upload_prepared_data(account_id, workflow_execution_id, credential_id, prepared_data)
        """
        return cast(PartUploadResponse, await self._call_async("upload_prepared_data", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "data": data, "workflow_key": workflow_key}, None, None))

    async def get_workflow_details(self, account_id: str, workflow_execution_id: str) -> WorkflowDetails:
        """Get the details of a workflow execution (getWorkflowDetails).

        Everything Jumio knows about the workflow execution: status, credentials and their parts,
        the result of every capability of the workflow, the overall decision and risk score.
        Retrieve it once the status is PROCESSED (after the callback). Expired workflows carry no
        results. Limited to 15 requests per second per tenant by default (documented by Jumio).

        Example::

            workflow_details = await client.get_workflow_details(account_id, workflow_execution_id)
        """
        return cast(WorkflowDetails, await self._call_async("get_workflow_details", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    async def finalize_workflow(self, account_id: str, workflow_execution_id: str) -> FinalizeResponse:
        """Finalize the workflow execution (API channel) (finalizeWorkflow).

        Sends the acquired data to processing: the status moves from INITIATED to ACQUIRED, then to
        PROCESSED and the callback is sent. Only the API channel needs it (web and SDK finalize on
        their own). Without it the workflow expires (SESSION_EXPIRED / TOKEN_EXPIRED). No body.

        Example::

            finalize_response = await client.finalize_workflow(account_id, workflow_execution_id)
        """
        return cast(FinalizeResponse, await self._call_async("finalize_workflow", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    async def delete_workflow(self, account_id: str, workflow_execution_id: str) -> None:
        """Delete one workflow execution (deleteWorkflow).

        Deletes the workflow execution and its acquired data, immediately and irreversibly.

        Example::

            await client.delete_workflow(account_id, workflow_execution_id)
        """
        await self._call_async("delete_workflow", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None)

    async def get_workflow_status(self, account_id: str, workflow_execution_id: str) -> WorkflowStatusResponse:
        """Get the status of a workflow execution (getWorkflowStatus).

        The cheap poll: INITIATED, ACQUIRED, PROCESSED, SESSION_EXPIRED or TOKEN_EXPIRED. Jumio
        recommends at most 10 polls, at 40, 60, 100, 160, 240, 340, 460, 600, 760 and 940 seconds
        after acquisition, and prefers callbacks.

        Example::

            workflow_status_response = await client.get_workflow_status(account_id, workflow_execution_id)
        """
        return cast(WorkflowStatusResponse, await self._call_async("get_workflow_status", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    async def get_workflow_steps(self, account_id: str, workflow_execution_id: str) -> StepsResponse:
        """Get the steps of a workflow execution (getWorkflowSteps).

        The workflow's steps (ID_IV, SCREENING, ADDRESS_VERIFICATION, DL_VERIFICATION,
        BRA_CPF_VALIDATION, …), each with its decision and the capabilities it ran. 404 when the
        workflow is not available, was deleted or is not a KYX workflow.

        Example::

            steps_response = await client.get_workflow_steps(account_id, workflow_execution_id)
        """
        return cast(StepsResponse, await self._call_async("get_workflow_steps", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    async def download_part(self, account_id: str, credential_id: str, classifier: PartClassifier, save_to: Optional[PathLike] = None) -> DownloadedPart:
        """Download an acquired part (image, facemap or prepared data) (downloadPart).

        The stored bytes of one part, with a matching Content-Type: ``image/jpeg`` or ``image/png``
        for images, ``application/octet-stream`` for a facemap and for prepared data (its JSON
        bytes; see DECISIONS.md). 404 when the workflow was deleted or does not hold that part.

        Example::

            part = await client.download_part(account_id, credential_id, classifier, save_to="front.jpg")
        """
        return cast(DownloadedPart, await self._call_async("download_part", {"account_id": account_id, "credential_id": credential_id, "classifier": classifier}, None, None if save_to is None else str(save_to)))

    async def get_workflow_rules(self, account_id: str, workflow_execution_id: str) -> WorkflowRules:
        """Get the rules evaluated for a workflow execution (inferred) (getWorkflowRules).

        Seen only in a recent third-party client, outside the reference's endpoint list; its answer
        is not documented, so the response type is tolerant (every field optional, anything else
        kept) (inferred, not documented by Jumio).

        Example::

            workflow_rules = await client.get_workflow_rules(account_id, workflow_execution_id)
        """
        return cast(WorkflowRules, await self._call_async("get_workflow_rules", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    async def generate_report(self, account_id: str, workflow_execution_id: str, save_to: Optional[PathLike] = None) -> DownloadedPart:
        """Download the PDF transaction report of a workflow execution (inferred) (generateReport).

        "A URL that allows you to download a PDF transaction report" (documented by Jumio); the path
        is the one a recent third-party client calls (inferred, not documented by Jumio). The body
        is the PDF, streamed.

        Example::

            report = await client.generate_report(account_id, workflow_execution_id, save_to="report.pdf")
        """
        return cast(DownloadedPart, await self._call_async("generate_report", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None if save_to is None else str(save_to)))

    async def get_workflow_execution(self, workflow_execution_id: str) -> WorkflowDetails:
        """Get the details of a workflow execution by its id alone (getWorkflowExecution).

        The URL real callbacks and status responses give as ``workflowExecution.href`` (seen in real
        responses; documented by Jumio). It answers like ``getWorkflowDetails`` without needing the
        account id. Not documented as an endpoint (inferred, not documented by Jumio); see
        DECISIONS.md §15.10.

        Example::

            workflow_details = await client.get_workflow_execution(workflow_execution_id)
        """
        return cast(WorkflowDetails, await self._call_async("get_workflow_execution", {"workflow_execution_id": workflow_execution_id}, None, None))

    async def get_health(self) -> HealthResponse:
        """Check the platform's health (getHealth).

        UP, DEGRADED or DOWN, with the affected components when not UP. Needs no authentication,
        only ``Accept`` and ``User-Agent``. Answers 200 whatever the health (the status code for
        DEGRADED and DOWN is not documented; see DECISIONS.md).

        Example::

            health_response = await client.get_health()
        """
        return cast(HealthResponse, await self._call_async("get_health", {}, None, None))

    async def create_migration(self, request: MigrationRequest) -> MigrationResponse:
        """Migrate legacy Netverify scans into a new account (createMigration).

        Creates an account holding the given Netverify scan references; each scan reference becomes
        a workflow execution (old scanReference → new workflowExecutionId). One callback is sent per
        migrated scan reference. Failures name the scan references in the problem's ``detail``, with
        one of the documented messages (``Scans [..] are wiped out``, ``Scan references [..] not
        found``, ``Scans [..] not in final state``, ``Scan references [..] already migrated``,
        ``Scan references [..] are in progress or already migrated``) (documented by Jumio).
        Authentication scans whose liveness provider was not iProov migrate only when they were
        APPROVED_VERIFIED, valid and a similarity MATCH.

        Example::

            migration_response = await client.create_migration(migration_request)
        """
        return cast(MigrationResponse, await self._call_async("create_migration", {"request": request}, None, None))

    async def update_migration(self, account_id: str, request: MigrationRequest) -> MigrationResponse:
        """Migrate legacy Netverify scans into an existing account (updateMigration).

        Adds scan references to an existing account. Only add scans of the same end user. Errors as
        for ``createMigration``, plus ``Account [..] not found``. The guide's own example uses
        ``/api/v1/accounts/{accountId}`` (without ``migrations/``); this path follows its endpoint
        table (DECISIONS.md §15.2).

        Example::

            migration_response = await client.update_migration(account_id, migration_request)
        """
        return cast(MigrationResponse, await self._call_async("update_migration", {"account_id": account_id, "request": request}, None, None))
