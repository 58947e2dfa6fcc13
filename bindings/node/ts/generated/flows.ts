// Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-node`; do not edit.
/**
 * One Promise-returning method per flow of the spec's `x-kyx-flows`: methods that chain
 * operations, run by the core. `Client` extends `Flows`.
 *
 * @packageDocumentation
 */

import type * as T from './types';
import type { FileInput } from '../files';
import { parseCallback } from '../callback';
import { type CallOptions, type DownloadOptions, Operations } from './operations';

/** Milliseconds (Node) to seconds (the core). */
const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

/** What `runIdentityVerification` takes. */
export interface IdentityVerificationRequest {
  /** Your reference of the transaction (personal data; never logged). */
  customerInternalReference: string;
  /** The front of the ID document. */
  front: FileInput;
  /** The selfie. */
  selfie: FileInput;
  /** The back of the ID document, when it has one. */
  back?: FileInput;
  /** The workflow definition key (default 10011: ID and identity verification). */
  workflowKey?: number | string;
  /** Your reference of the end user. */
  userReference?: string;
  /** Where the callback goes for this transaction. */
  callbackUrl?: string;
  /** How long the transaction tokens live (`30m`, `5m` … `60d`). */
  tokenLifetime?: string;
}

/** What `runPreparedDataVerification` takes. */
export interface PreparedDataVerificationRequest {
  /** Your reference of the transaction (personal data; never logged). */
  customerInternalReference: string;
  /** The prepared data. */
  data: T.PreparedData;
  /** The workflow definition key (default 10010: watchlist screening). */
  workflowKey?: number | string;
  /** Your reference of the end user (screening needs it to run). */
  userReference?: string;
  /** Where the callback goes for this transaction. */
  callbackUrl?: string;
}

/** What `waitForCompletion` takes. */
export interface WaitOptions extends CallOptions {
  /** Poll at this fixed interval instead of the documented schedule. In milliseconds. */
  pollIntervalMs?: number;
  /** Scale the documented schedule (e.g. 0.01 against the sandbox). */
  scheduleScale?: number;
  /** Give up after this long (a timeout error). In milliseconds. */
  deadlineMs?: number;
}

/** The flows. Every method validates its input before any network I/O and rejects with a `JumioError`. */
export abstract class Flows extends Operations {
  /**
   * Runs an ID + identity verification (default workflow 10011). Checks every image first, creates the account, uploads front, back and selfie, finalizes. Returns the account response (ids, credentials); the decision comes by callback or by waiting for completion.
   *
   * @example
   * ```ts
   * const account = await client.runIdentityVerification({ customerInternalReference: 'order-42', front: 'front.jpg', selfie: 'selfie.jpg' });
   * ```
   */
  runIdentityVerification(request: IdentityVerificationRequest, options: CallOptions = {}): Promise<T.AccountResponse> {
    const files: Record<string, FileInput> = { front: request.front, selfie: request.selfie };
    if (request.back !== undefined) files['back'] = request.back;
    return this.call('run_identity_verification', { customer_internal_reference: request.customerInternalReference, workflow_key: request.workflowKey, user_reference: request.userReference, callback_url: request.callbackUrl, token_lifetime: request.tokenLifetime }, { files, signal: options.signal }) as Promise<T.AccountResponse>;
  }

  /**
   * Runs a prepared-data verification (default workflow 10010, watchlist screening). Creates the account, uploads the data, finalizes. A field the workflow needs and the data lacks is decided by the platform (NOT_ENOUGH_DATA), not refused here.
   *
   * @example
   * ```ts
   * const account = await client.runPreparedDataVerification({ customerInternalReference: 'screening-7', data: { firstName: 'Alex', lastName: 'Sample', dateOfBirth: '1990-01-31' }, userReference: 'user-7' });
   * ```
   */
  runPreparedDataVerification(request: PreparedDataVerificationRequest, options: CallOptions = {}): Promise<T.AccountResponse> {
    return this.call('run_prepared_data_verification', { customer_internal_reference: request.customerInternalReference, data: request.data, workflow_key: request.workflowKey, user_reference: request.userReference, callback_url: request.callbackUrl }, { signal: options.signal }) as Promise<T.AccountResponse>;
  }

  /**
   * Polls the status until PROCESSED, SESSION_EXPIRED or TOKEN_EXPIRED and returns it. By default on Jumio's documented schedule (40 s … 940 s); a fixed interval or a scale of the schedule (0.01 against the sandbox) change it. Fails with a timeout error when the schedule or the deadline runs out.
   *
   * @example
   * ```ts
   * const status = await client.waitForCompletion(accountId, workflowExecutionId, { pollIntervalMs: 200 });
   * ```
   */
  waitForCompletion(accountId: string, workflowExecutionId: string, options: WaitOptions = {}): Promise<T.WorkflowStatusResponse> {
    return this.call('wait_for_completion', { account_id: accountId, workflow_execution_id: workflowExecutionId, poll_interval: seconds(options.pollIntervalMs), schedule_scale: options.scheduleScale, deadline: seconds(options.deadlineMs) }, { signal: options.signal }) as Promise<T.WorkflowStatusResponse>;
  }

  /**
   * The details behind a `workflowExecution.href`, if it points at this client's hosts.
   */
  getWorkflowByHref(href: string, options: CallOptions = {}): Promise<T.WorkflowDetails> {
    return this.call('get_workflow_by_href', { href: href }, { signal: options.signal }) as Promise<T.WorkflowDetails>;
  }

  /**
   * Downloads the part behind a part `href` of workflow details, if it points at this client's hosts.
   */
  downloadHref(href: string, options: DownloadOptions = {}): Promise<T.DownloadedPart> {
    return this.call('download_href', { href: href }, { saveTo: options.saveTo, signal: options.signal }) as Promise<T.DownloadedPart>;
  }

  /**
   * The authoritative details of a callback's workflow execution. A callback says only that something happened. Takes the parsed callback or its raw body.
   *
   * @example
   * ```ts
   * const details = await client.getCallbackDetails(requestBody);
   * ```
   */
  getCallbackDetails(callback: T.CallbackPayload | Buffer | string, options: CallOptions = {}): Promise<T.WorkflowDetails> {
    return this.call('get_callback_details', { callback: typeof callback === 'string' || Buffer.isBuffer(callback) ? parseCallback(callback) : callback }, { signal: options.signal }) as Promise<T.WorkflowDetails>;
  }
}
