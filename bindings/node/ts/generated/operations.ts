// Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-node`; do not edit.
/**
 * One Promise-returning method per operation of the spec. `Client` extends `Operations`.
 *
 * @packageDocumentation
 */

import type * as T from './types';
import type { FileInput } from '../files';

/** What every call takes last. */
export interface CallOptions {
  /**
   * Cancels the call: its request is closed (the Rust future is dropped) and the call rejects
   * with an `AbortError`; a signal already aborted rejects before anything is sent.
   */
  signal?: AbortSignal;
}

/** Options of `uploadPreparedData` and `replacePreparedData`. */
export interface PreparedDataOptions extends CallOptions {
  /** The workflow definition key, so the client checks the fields that workflow requires before sending. */
  workflowKey?: number | string;
}

/** Options of `downloadPart`. */
export interface DownloadOptions extends CallOptions {
  /** Streams the part to this file instead of returning its bytes. */
  saveTo?: string;
}

/** What `Client.call` takes besides the arguments: files by argument name, where to save a download, the call's signal. */
export interface CallExtras {
  files?: Record<string, FileInput> | undefined;
  saveTo?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** The operations whose answer is a download (bytes, or saved to a file). */
export const DOWNLOADS: readonly string[] = ['download_part', 'generate_report', 'download_href'];

/** The operation names of the core, as `Client.call` takes them. */
export type OperationName =
  | 'get_access_token'
  | 'create_account'
  | 'get_account'
  | 'update_account'
  | 'delete_account'
  | 'replace_part'
  | 'upload_part'
  | 'replace_prepared_data'
  | 'upload_prepared_data'
  | 'get_workflow_details'
  | 'finalize_workflow'
  | 'delete_workflow'
  | 'get_workflow_status'
  | 'get_workflow_steps'
  | 'download_part'
  | 'get_workflow_rules'
  | 'generate_report'
  | 'get_workflow_execution'
  | 'get_health'
  | 'create_migration'
  | 'update_migration'
  | 'run_identity_verification'
  | 'run_prepared_data_verification'
  | 'wait_for_completion'
  | 'get_workflow_by_href'
  | 'download_href'
  | 'get_callback_details'
;

/** The spec's operations. Every method validates its input before any network I/O and rejects with a `JumioError`. */
export abstract class Operations {
  /** Runs an operation of the core by name. */
  protected abstract call(operation: OperationName, args: Record<string, unknown>, extras?: CallExtras): Promise<unknown>;

  /**
   * Get an OAuth2 access token (`getAccessToken`).
   *
   * Exchanges the OAuth2 client id and secret (Portal > Settings > API credentials > OAuth2 Clients) for a bearer token valid for 60 minutes (`expires_in: 3600`). The client authenticates with HTTP Basic (`client_id:client_secret`) (documented by Jumio); sending `client_id` and `client_secret` as form fields is accepted too (client_secret_post) (seen in third-party clients). Limited to 10 requests per second (documented by Jumio).
   *
   * @example
   * ```ts
   * const tokenResponse = await client.getAccessToken();
   * ```
   */
  getAccessToken(options: CallOptions = {}): Promise<T.TokenResponse> {
    return this.call('get_access_token', {}, { signal: options.signal }) as Promise<T.TokenResponse>;
  }

  /**
   * Create an account and start a workflow execution (`createAccount`).
   *
   * Creates a new account for an end user and starts a workflow execution of the given workflow definition. The response lists the credentials the workflow needs, with their upload URLs and transaction token for the API channel, and the web or SDK access where the workflow allows those channels.
   *
   * @example
   * ```ts
   * const accountResponse = await client.createAccount(accountRequest);
   * ```
   */
  createAccount(request: T.AccountRequest, options: CallOptions = {}): Promise<T.AccountResponse> {
    return this.call('create_account', { request: request }, { signal: options.signal }) as Promise<T.AccountResponse>;
  }

  /**
   * Get an account and its workflow executions (inferred) (`getAccount`).
   *
   * The URL that callbacks and status responses give as `account.href` (`https://retrieval.{region}.jumio.ai/api/v1/accounts/{id}`) (seen in real responses). Jumio documents only DELETE on it (inferred, not documented by Jumio); its answer is not documented, so the response type is tolerant: every field optional, anything else kept. The sandbox lists the account's workflow executions.
   *
   * @example
   * ```ts
   * const accountDetails = await client.getAccount(accountId);
   * ```
   */
  getAccount(accountId: string, options: CallOptions = {}): Promise<T.AccountDetails> {
    return this.call('get_account', { account_id: accountId }, { signal: options.signal }) as Promise<T.AccountDetails>;
  }

  /**
   * Start a new workflow execution on an existing account (`updateAccount`).
   *
   * Starts a new workflow execution on an existing account ("use this endpoint for every new workflow") (documented by Jumio). Request and response are the same as for account creation; the account id stays the same. 404 when the account does not exist.
   *
   * @example
   * ```ts
   * const accountResponse = await client.updateAccount(accountId, accountRequest);
   * ```
   */
  updateAccount(accountId: string, request: T.AccountRequest, options: CallOptions = {}): Promise<T.AccountResponse> {
    return this.call('update_account', { account_id: accountId, request: request }, { signal: options.signal }) as Promise<T.AccountResponse>;
  }

  /**
   * Delete an account and all its workflow executions (`deleteAccount`).
   *
   * Deletes the account, every workflow execution on it and all acquired data, immediately and irreversibly. Later reads of the account or its workflows return 404. Note the host: deletion lives on the retrieval host family (documented by Jumio).
   *
   * @example
   * ```ts
   * await client.deleteAccount(accountId);
   * ```
   */
  deleteAccount(accountId: string, options: CallOptions = {}): Promise<void> {
    return this.call('delete_account', { account_id: accountId }, { signal: options.signal }) as Promise<void>;
  }

  /**
   * Replace an already uploaded image part (`replacePart`).
   *
   * Same as the upload, for a part that was uploaded before: the new file replaces the old one ("Update part of a credential") (documented by Jumio; seen in third-party clients).
   *
   * @example
   * ```ts
   * const partUploadResponse = await client.replacePart(accountId, workflowExecutionId, credentialId, classifier, file);
   * ```
   */
  replacePart(accountId: string, workflowExecutionId: string, credentialId: string, classifier: T.UploadClassifier, file: FileInput, options: CallOptions = {}): Promise<T.PartUploadResponse> {
    return this.call('replace_part', { account_id: accountId, workflow_execution_id: workflowExecutionId, credential_id: credentialId, classifier: classifier }, { files: { file: file }, signal: options.signal }) as Promise<T.PartUploadResponse>;
  }

  /**
   * Upload an image part of a credential (`uploadPart`).
   *
   * Uploads one image (FRONT or BACK of an ID credential, FACE of a SELFIE credential) or, for workflow 16 only, a binary FACEMAP, as the multipart form field `file`. Images must be JPEG or PNG, at most 8000×8000 pixels; the size limit has been 10 MB, 5 MB and 15 MB in successive docs (see DECISIONS.md: the sandbox defaults to 10 MB, configurable). The response lists the upload URLs still open: an uploaded part leaves `api.parts`. Authenticate with the credential's `api.token` (or the OAuth2 token).
   *
   * @example
   * ```ts
   * const partUploadResponse = await client.uploadPart(accountId, workflowExecutionId, credentialId, classifier, file);
   * ```
   */
  uploadPart(accountId: string, workflowExecutionId: string, credentialId: string, classifier: T.UploadClassifier, file: FileInput, options: CallOptions = {}): Promise<T.PartUploadResponse> {
    return this.call('upload_part', { account_id: accountId, workflow_execution_id: workflowExecutionId, credential_id: credentialId, classifier: classifier }, { files: { file: file }, signal: options.signal }) as Promise<T.PartUploadResponse>;
  }

  /**
   * Replace prepared data uploaded before (`replacePreparedData`).
   *
   * Same as the upload, for prepared data that was uploaded before.
   *
   * @example
   * ```ts
   * const partUploadResponse = await client.replacePreparedData(accountId, workflowExecutionId, credentialId, preparedData);
   * ```
   */
  replacePreparedData(accountId: string, workflowExecutionId: string, credentialId: string, data: T.PreparedData, options: PreparedDataOptions = {}): Promise<T.PartUploadResponse> {
    return this.call('replace_prepared_data', { account_id: accountId, workflow_execution_id: workflowExecutionId, credential_id: credentialId, data: data, workflow_key: options.workflowKey }, { signal: options.signal }) as Promise<T.PartUploadResponse>;
  }

  /**
   * Upload prepared data for a DATA credential (`uploadPreparedData`).
   *
   * Uploads the end user's data as JSON for a DATA credential (workflows 10005, 10006, 10008, 10010). Which fields are required depends on the workflow: 10005 needs personalNumber, firstName, lastName and address.country; 10006 needs personalNumber (documented by Jumio); 10010 needs firstName, lastName, dateOfBirth and address.country in practice (seen in real responses). The docs name the `account.` host here, but their examples and all real traffic use `api.` (DECISIONS.md §15.1).
   *
   * @example
   * ```ts
   * const partUploadResponse = await client.uploadPreparedData(accountId, workflowExecutionId, credentialId, preparedData);
   * ```
   */
  uploadPreparedData(accountId: string, workflowExecutionId: string, credentialId: string, data: T.PreparedData, options: PreparedDataOptions = {}): Promise<T.PartUploadResponse> {
    return this.call('upload_prepared_data', { account_id: accountId, workflow_execution_id: workflowExecutionId, credential_id: credentialId, data: data, workflow_key: options.workflowKey }, { signal: options.signal }) as Promise<T.PartUploadResponse>;
  }

  /**
   * Get the details of a workflow execution (`getWorkflowDetails`).
   *
   * Everything Jumio knows about the workflow execution: status, credentials and their parts, the result of every capability of the workflow, the overall decision and risk score. Retrieve it once the status is PROCESSED (after the callback). Expired workflows carry no results. Limited to 15 requests per second per tenant by default (documented by Jumio).
   *
   * @example
   * ```ts
   * const workflowDetails = await client.getWorkflowDetails(accountId, workflowExecutionId);
   * ```
   */
  getWorkflowDetails(accountId: string, workflowExecutionId: string, options: CallOptions = {}): Promise<T.WorkflowDetails> {
    return this.call('get_workflow_details', { account_id: accountId, workflow_execution_id: workflowExecutionId }, { signal: options.signal }) as Promise<T.WorkflowDetails>;
  }

  /**
   * Finalize the workflow execution (API channel) (`finalizeWorkflow`).
   *
   * Sends the acquired data to processing: the status moves from INITIATED to ACQUIRED, then to PROCESSED and the callback is sent. Only the API channel needs it (web and SDK finalize on their own). Without it the workflow expires (SESSION_EXPIRED / TOKEN_EXPIRED). No body.
   *
   * @example
   * ```ts
   * const finalizeResponse = await client.finalizeWorkflow(accountId, workflowExecutionId);
   * ```
   */
  finalizeWorkflow(accountId: string, workflowExecutionId: string, options: CallOptions = {}): Promise<T.FinalizeResponse> {
    return this.call('finalize_workflow', { account_id: accountId, workflow_execution_id: workflowExecutionId }, { signal: options.signal }) as Promise<T.FinalizeResponse>;
  }

  /**
   * Delete one workflow execution (`deleteWorkflow`).
   *
   * Deletes the workflow execution and its acquired data, immediately and irreversibly.
   *
   * @example
   * ```ts
   * await client.deleteWorkflow(accountId, workflowExecutionId);
   * ```
   */
  deleteWorkflow(accountId: string, workflowExecutionId: string, options: CallOptions = {}): Promise<void> {
    return this.call('delete_workflow', { account_id: accountId, workflow_execution_id: workflowExecutionId }, { signal: options.signal }) as Promise<void>;
  }

  /**
   * Get the status of a workflow execution (`getWorkflowStatus`).
   *
   * The cheap poll: INITIATED, ACQUIRED, PROCESSED, SESSION_EXPIRED or TOKEN_EXPIRED. Jumio recommends at most 10 polls, at 40, 60, 100, 160, 240, 340, 460, 600, 760 and 940 seconds after acquisition, and prefers callbacks.
   *
   * @example
   * ```ts
   * const workflowStatusResponse = await client.getWorkflowStatus(accountId, workflowExecutionId);
   * ```
   */
  getWorkflowStatus(accountId: string, workflowExecutionId: string, options: CallOptions = {}): Promise<T.WorkflowStatusResponse> {
    return this.call('get_workflow_status', { account_id: accountId, workflow_execution_id: workflowExecutionId }, { signal: options.signal }) as Promise<T.WorkflowStatusResponse>;
  }

  /**
   * Get the steps of a workflow execution (`getWorkflowSteps`).
   *
   * The workflow's steps (ID_IV, SCREENING, ADDRESS_VERIFICATION, DL_VERIFICATION, BRA_CPF_VALIDATION, …), each with its decision and the capabilities it ran. 404 when the workflow is not available, was deleted or is not a KYX workflow.
   *
   * @example
   * ```ts
   * const stepsResponse = await client.getWorkflowSteps(accountId, workflowExecutionId);
   * ```
   */
  getWorkflowSteps(accountId: string, workflowExecutionId: string, options: CallOptions = {}): Promise<T.StepsResponse> {
    return this.call('get_workflow_steps', { account_id: accountId, workflow_execution_id: workflowExecutionId }, { signal: options.signal }) as Promise<T.StepsResponse>;
  }

  /**
   * Download an acquired part (image, facemap or prepared data) (`downloadPart`).
   *
   * The stored bytes of one part, with a matching Content-Type: `image/jpeg` or `image/png` for images, `application/octet-stream` for a facemap and for prepared data (its JSON bytes; see DECISIONS.md). 404 when the workflow was deleted or does not hold that part.
   *
   * @example
   * ```ts
   * const part = await client.downloadPart(accountId, credentialId, classifier, { saveTo: 'front.jpg' });
   * ```
   */
  downloadPart(accountId: string, credentialId: string, classifier: T.PartClassifier, options: DownloadOptions = {}): Promise<T.DownloadedPart> {
    return this.call('download_part', { account_id: accountId, credential_id: credentialId, classifier: classifier }, { saveTo: options.saveTo, signal: options.signal }) as Promise<T.DownloadedPart>;
  }

  /**
   * Get the rules evaluated for a workflow execution (inferred) (`getWorkflowRules`).
   *
   * Seen only in a recent third-party client, outside the reference's endpoint list; its answer is not documented, so the response type is tolerant (every field optional, anything else kept) (inferred, not documented by Jumio).
   *
   * @example
   * ```ts
   * const workflowRules = await client.getWorkflowRules(accountId, workflowExecutionId);
   * ```
   */
  getWorkflowRules(accountId: string, workflowExecutionId: string, options: CallOptions = {}): Promise<T.WorkflowRules> {
    return this.call('get_workflow_rules', { account_id: accountId, workflow_execution_id: workflowExecutionId }, { signal: options.signal }) as Promise<T.WorkflowRules>;
  }

  /**
   * Download the PDF transaction report of a workflow execution (inferred) (`generateReport`).
   *
   * "A URL that allows you to download a PDF transaction report" (documented by Jumio); the path is the one a recent third-party client calls (inferred, not documented by Jumio). The body is the PDF, streamed.
   *
   * @example
   * ```ts
   * const report = await client.generateReport(accountId, workflowExecutionId, { saveTo: 'report.pdf' });
   * ```
   */
  generateReport(accountId: string, workflowExecutionId: string, options: DownloadOptions = {}): Promise<T.DownloadedPart> {
    return this.call('generate_report', { account_id: accountId, workflow_execution_id: workflowExecutionId }, { saveTo: options.saveTo, signal: options.signal }) as Promise<T.DownloadedPart>;
  }

  /**
   * Get the details of a workflow execution by its id alone (`getWorkflowExecution`).
   *
   * The URL real callbacks and status responses give as `workflowExecution.href` (seen in real responses; documented by Jumio). It answers like `getWorkflowDetails` without needing the account id. Not documented as an endpoint (inferred, not documented by Jumio); see DECISIONS.md §15.10.
   *
   * @example
   * ```ts
   * const workflowDetails = await client.getWorkflowExecution(workflowExecutionId);
   * ```
   */
  getWorkflowExecution(workflowExecutionId: string, options: CallOptions = {}): Promise<T.WorkflowDetails> {
    return this.call('get_workflow_execution', { workflow_execution_id: workflowExecutionId }, { signal: options.signal }) as Promise<T.WorkflowDetails>;
  }

  /**
   * Check the platform's health (`getHealth`).
   *
   * UP, DEGRADED or DOWN, with the affected components when not UP. Needs no authentication, only `Accept` and `User-Agent`. Answers 200 whatever the health (the status code for DEGRADED and DOWN is not documented; see DECISIONS.md).
   *
   * @example
   * ```ts
   * const healthResponse = await client.getHealth();
   * ```
   */
  getHealth(options: CallOptions = {}): Promise<T.HealthResponse> {
    return this.call('get_health', {}, { signal: options.signal }) as Promise<T.HealthResponse>;
  }

  /**
   * Migrate legacy Netverify scans into a new account (`createMigration`).
   *
   * Creates an account holding the given Netverify scan references; each scan reference becomes a workflow execution (old scanReference → new workflowExecutionId). One callback is sent per migrated scan reference. Failures name the scan references in the problem's `detail`, with one of the documented messages (`Scans [..] are wiped out`, `Scan references [..] not found`, `Scans [..] not in final state`, `Scan references [..] already migrated`, `Scan references [..] are in progress or already migrated`) (documented by Jumio). Authentication scans whose liveness provider was not iProov migrate only when they were APPROVED_VERIFIED, valid and a similarity MATCH.
   *
   * @example
   * ```ts
   * const migrationResponse = await client.createMigration(migrationRequest);
   * ```
   */
  createMigration(request: T.MigrationRequest, options: CallOptions = {}): Promise<T.MigrationResponse> {
    return this.call('create_migration', { request: request }, { signal: options.signal }) as Promise<T.MigrationResponse>;
  }

  /**
   * Migrate legacy Netverify scans into an existing account (`updateMigration`).
   *
   * Adds scan references to an existing account. Only add scans of the same end user. Errors as for `createMigration`, plus `Account [..] not found`. The guide's own example uses `/api/v1/accounts/{accountId}` (without `migrations/`); this path follows its endpoint table (DECISIONS.md §15.2).
   *
   * @example
   * ```ts
   * const migrationResponse = await client.updateMigration(accountId, migrationRequest);
   * ```
   */
  updateMigration(accountId: string, request: T.MigrationRequest, options: CallOptions = {}): Promise<T.MigrationResponse> {
    return this.call('update_migration', { account_id: accountId, request: request }, { signal: options.signal }) as Promise<T.MigrationResponse>;
  }
}
