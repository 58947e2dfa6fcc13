# Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-python`; do not edit.
"""One method per operation of the spec, sync (`_SyncOperations`) and async
(`_AsyncOperations`). `Client` and `AsyncClient` inherit them."""

from __future__ import annotations

from typing import Any, Dict, Optional, Union, cast

from .._files import FileArgument, FileInput, PathLike, file_argument
from .types import *  # noqa: F403


class _SyncOperations:
    """The spec's operations (blocking)."""

    def _call(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, FileArgument]] = None, save_to: Optional[str] = None) -> Any:
        raise NotImplementedError

    def get_access_token(self) -> TokenResponse:
        """Get an OAuth2 access token (getAccessToken)."""
        return cast(TokenResponse, self._call("get_access_token", {}, None, None))

    def create_account(self, request: AccountRequest) -> AccountResponse:
        """Create an account and start a workflow execution (createAccount)."""
        return cast(AccountResponse, self._call("create_account", {"request": request}, None, None))

    def get_account(self, account_id: str) -> AccountDetails:
        """Get an account and its workflow executions (inferred) (getAccount)."""
        return cast(AccountDetails, self._call("get_account", {"account_id": account_id}, None, None))

    def update_account(self, account_id: str, request: AccountRequest) -> AccountResponse:
        """Start a new workflow execution on an existing account (updateAccount)."""
        return cast(AccountResponse, self._call("update_account", {"account_id": account_id, "request": request}, None, None))

    def delete_account(self, account_id: str) -> None:
        """Delete an account and all its workflow executions (deleteAccount)."""
        self._call("delete_account", {"account_id": account_id}, None, None)

    def replace_part(self, account_id: str, workflow_execution_id: str, credential_id: str, classifier: UploadClassifier, file: FileInput) -> PartUploadResponse:
        """Replace an already uploaded image part (replacePart)."""
        return cast(PartUploadResponse, self._call("replace_part", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "classifier": classifier}, {"file": file_argument(file)}, None))

    def upload_part(self, account_id: str, workflow_execution_id: str, credential_id: str, classifier: UploadClassifier, file: FileInput) -> PartUploadResponse:
        """Upload an image part of a credential (uploadPart)."""
        return cast(PartUploadResponse, self._call("upload_part", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "classifier": classifier}, {"file": file_argument(file)}, None))

    def replace_prepared_data(self, account_id: str, workflow_execution_id: str, credential_id: str, data: PreparedData, workflow_key: Optional[Union[int, str]] = None) -> PartUploadResponse:
        """Replace prepared data uploaded before (replacePreparedData)."""
        return cast(PartUploadResponse, self._call("replace_prepared_data", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "data": data, "workflow_key": workflow_key}, None, None))

    def upload_prepared_data(self, account_id: str, workflow_execution_id: str, credential_id: str, data: PreparedData, workflow_key: Optional[Union[int, str]] = None) -> PartUploadResponse:
        """Upload prepared data for a DATA credential (uploadPreparedData)."""
        return cast(PartUploadResponse, self._call("upload_prepared_data", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "data": data, "workflow_key": workflow_key}, None, None))

    def get_workflow_details(self, account_id: str, workflow_execution_id: str) -> WorkflowDetails:
        """Get the details of a workflow execution (getWorkflowDetails)."""
        return cast(WorkflowDetails, self._call("get_workflow_details", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    def finalize_workflow(self, account_id: str, workflow_execution_id: str) -> FinalizeResponse:
        """Finalize the workflow execution (API channel) (finalizeWorkflow)."""
        return cast(FinalizeResponse, self._call("finalize_workflow", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    def delete_workflow(self, account_id: str, workflow_execution_id: str) -> None:
        """Delete one workflow execution (deleteWorkflow)."""
        self._call("delete_workflow", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None)

    def get_workflow_status(self, account_id: str, workflow_execution_id: str) -> WorkflowStatusResponse:
        """Get the status of a workflow execution (getWorkflowStatus)."""
        return cast(WorkflowStatusResponse, self._call("get_workflow_status", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    def get_workflow_steps(self, account_id: str, workflow_execution_id: str) -> StepsResponse:
        """Get the steps of a workflow execution (getWorkflowSteps)."""
        return cast(StepsResponse, self._call("get_workflow_steps", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    def download_part(self, account_id: str, credential_id: str, classifier: PartClassifier, save_to: Optional[PathLike] = None) -> DownloadedPart:
        """Download an acquired part (image, facemap or prepared data) (downloadPart)."""
        return cast(DownloadedPart, self._call("download_part", {"account_id": account_id, "credential_id": credential_id, "classifier": classifier}, None, None if save_to is None else str(save_to)))

    def get_workflow_rules(self, account_id: str, workflow_execution_id: str) -> WorkflowRules:
        """Get the rules evaluated for a workflow execution (inferred) (getWorkflowRules)."""
        return cast(WorkflowRules, self._call("get_workflow_rules", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    def generate_report(self, account_id: str, workflow_execution_id: str, save_to: Optional[PathLike] = None) -> DownloadedPart:
        """Download the PDF transaction report of a workflow execution (inferred) (generateReport)."""
        return cast(DownloadedPart, self._call("generate_report", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None if save_to is None else str(save_to)))

    def get_workflow_execution(self, workflow_execution_id: str) -> WorkflowDetails:
        """Get the details of a workflow execution by its id alone (getWorkflowExecution)."""
        return cast(WorkflowDetails, self._call("get_workflow_execution", {"workflow_execution_id": workflow_execution_id}, None, None))

    def get_health(self) -> HealthResponse:
        """Check the platform's health (getHealth)."""
        return cast(HealthResponse, self._call("get_health", {}, None, None))

    def create_migration(self, request: MigrationRequest) -> MigrationResponse:
        """Migrate legacy Netverify scans into a new account (createMigration)."""
        return cast(MigrationResponse, self._call("create_migration", {"request": request}, None, None))

    def update_migration(self, account_id: str, request: MigrationRequest) -> MigrationResponse:
        """Migrate legacy Netverify scans into an existing account (updateMigration)."""
        return cast(MigrationResponse, self._call("update_migration", {"account_id": account_id, "request": request}, None, None))


class _AsyncOperations:
    """The spec's operations (awaitable)."""

    async def _call_async(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, FileArgument]] = None, save_to: Optional[str] = None) -> Any:
        raise NotImplementedError

    async def get_access_token(self) -> TokenResponse:
        """Get an OAuth2 access token (getAccessToken)."""
        return cast(TokenResponse, await self._call_async("get_access_token", {}, None, None))

    async def create_account(self, request: AccountRequest) -> AccountResponse:
        """Create an account and start a workflow execution (createAccount)."""
        return cast(AccountResponse, await self._call_async("create_account", {"request": request}, None, None))

    async def get_account(self, account_id: str) -> AccountDetails:
        """Get an account and its workflow executions (inferred) (getAccount)."""
        return cast(AccountDetails, await self._call_async("get_account", {"account_id": account_id}, None, None))

    async def update_account(self, account_id: str, request: AccountRequest) -> AccountResponse:
        """Start a new workflow execution on an existing account (updateAccount)."""
        return cast(AccountResponse, await self._call_async("update_account", {"account_id": account_id, "request": request}, None, None))

    async def delete_account(self, account_id: str) -> None:
        """Delete an account and all its workflow executions (deleteAccount)."""
        await self._call_async("delete_account", {"account_id": account_id}, None, None)

    async def replace_part(self, account_id: str, workflow_execution_id: str, credential_id: str, classifier: UploadClassifier, file: FileInput) -> PartUploadResponse:
        """Replace an already uploaded image part (replacePart)."""
        return cast(PartUploadResponse, await self._call_async("replace_part", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "classifier": classifier}, {"file": file_argument(file)}, None))

    async def upload_part(self, account_id: str, workflow_execution_id: str, credential_id: str, classifier: UploadClassifier, file: FileInput) -> PartUploadResponse:
        """Upload an image part of a credential (uploadPart)."""
        return cast(PartUploadResponse, await self._call_async("upload_part", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "classifier": classifier}, {"file": file_argument(file)}, None))

    async def replace_prepared_data(self, account_id: str, workflow_execution_id: str, credential_id: str, data: PreparedData, workflow_key: Optional[Union[int, str]] = None) -> PartUploadResponse:
        """Replace prepared data uploaded before (replacePreparedData)."""
        return cast(PartUploadResponse, await self._call_async("replace_prepared_data", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "data": data, "workflow_key": workflow_key}, None, None))

    async def upload_prepared_data(self, account_id: str, workflow_execution_id: str, credential_id: str, data: PreparedData, workflow_key: Optional[Union[int, str]] = None) -> PartUploadResponse:
        """Upload prepared data for a DATA credential (uploadPreparedData)."""
        return cast(PartUploadResponse, await self._call_async("upload_prepared_data", {"account_id": account_id, "workflow_execution_id": workflow_execution_id, "credential_id": credential_id, "data": data, "workflow_key": workflow_key}, None, None))

    async def get_workflow_details(self, account_id: str, workflow_execution_id: str) -> WorkflowDetails:
        """Get the details of a workflow execution (getWorkflowDetails)."""
        return cast(WorkflowDetails, await self._call_async("get_workflow_details", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    async def finalize_workflow(self, account_id: str, workflow_execution_id: str) -> FinalizeResponse:
        """Finalize the workflow execution (API channel) (finalizeWorkflow)."""
        return cast(FinalizeResponse, await self._call_async("finalize_workflow", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    async def delete_workflow(self, account_id: str, workflow_execution_id: str) -> None:
        """Delete one workflow execution (deleteWorkflow)."""
        await self._call_async("delete_workflow", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None)

    async def get_workflow_status(self, account_id: str, workflow_execution_id: str) -> WorkflowStatusResponse:
        """Get the status of a workflow execution (getWorkflowStatus)."""
        return cast(WorkflowStatusResponse, await self._call_async("get_workflow_status", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    async def get_workflow_steps(self, account_id: str, workflow_execution_id: str) -> StepsResponse:
        """Get the steps of a workflow execution (getWorkflowSteps)."""
        return cast(StepsResponse, await self._call_async("get_workflow_steps", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    async def download_part(self, account_id: str, credential_id: str, classifier: PartClassifier, save_to: Optional[PathLike] = None) -> DownloadedPart:
        """Download an acquired part (image, facemap or prepared data) (downloadPart)."""
        return cast(DownloadedPart, await self._call_async("download_part", {"account_id": account_id, "credential_id": credential_id, "classifier": classifier}, None, None if save_to is None else str(save_to)))

    async def get_workflow_rules(self, account_id: str, workflow_execution_id: str) -> WorkflowRules:
        """Get the rules evaluated for a workflow execution (inferred) (getWorkflowRules)."""
        return cast(WorkflowRules, await self._call_async("get_workflow_rules", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None))

    async def generate_report(self, account_id: str, workflow_execution_id: str, save_to: Optional[PathLike] = None) -> DownloadedPart:
        """Download the PDF transaction report of a workflow execution (inferred) (generateReport)."""
        return cast(DownloadedPart, await self._call_async("generate_report", {"account_id": account_id, "workflow_execution_id": workflow_execution_id}, None, None if save_to is None else str(save_to)))

    async def get_workflow_execution(self, workflow_execution_id: str) -> WorkflowDetails:
        """Get the details of a workflow execution by its id alone (getWorkflowExecution)."""
        return cast(WorkflowDetails, await self._call_async("get_workflow_execution", {"workflow_execution_id": workflow_execution_id}, None, None))

    async def get_health(self) -> HealthResponse:
        """Check the platform's health (getHealth)."""
        return cast(HealthResponse, await self._call_async("get_health", {}, None, None))

    async def create_migration(self, request: MigrationRequest) -> MigrationResponse:
        """Migrate legacy Netverify scans into a new account (createMigration)."""
        return cast(MigrationResponse, await self._call_async("create_migration", {"request": request}, None, None))

    async def update_migration(self, account_id: str, request: MigrationRequest) -> MigrationResponse:
        """Migrate legacy Netverify scans into an existing account (updateMigration)."""
        return cast(MigrationResponse, await self._call_async("update_migration", {"account_id": account_id, "request": request}, None, None))
