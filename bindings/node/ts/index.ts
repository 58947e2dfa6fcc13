/**
 * jumio-kyx: a typed client for Jumio's KYX identity-verification platform, and a stateful local
 * sandbox of it. The core is Rust (one connection pool and one OAuth2 token per client, retries
 * where safe, validation before any network I/O); this package converts and forwards.
 *
 * @example
 * ```ts
 * import { Client, Sandbox, capabilitySummaries, sampleImage } from 'jumio-kyx';
 *
 * const sandbox = new Sandbox({ processingDelayMs: 0 });
 * const client = new Client({ baseUrl: sandbox.url, clientId: 'id', clientSecret: 'secret', userAgent: 'Demo/1.0' });
 * const account = await client.runIdentityVerification({
 *   customerInternalReference: 'demo-1',
 *   front: sampleImage('front'),
 *   back: sampleImage('back'),
 *   selfie: sampleImage('selfie'),
 * });
 * await client.waitForCompletion(account.account.id, account.workflowExecution.id, { pollIntervalMs: 50 });
 * const details = await client.getWorkflowDetails(account.account.id, account.workflowExecution.id);
 * console.log(details.decision?.type, capabilitySummaries(details));
 * sandbox.close();
 * ```
 *
 * @packageDocumentation
 */

import * as native from '../native/index.cjs';
import { logFromEnvironment } from './logging';

export {
  Client,
  capabilitySummaries,
  type CapabilitySummary,
  type CallOptions,
  type ClientOptions,
  type DownloadOptions,
  type IdentityVerificationRequest,
  type PreparedDataOptions,
  type PreparedDataVerificationRequest,
  type Region,
  type WaitOptions,
} from './client';
export { CallbackVerifier, SeenCallbacks, parseCallback, type CallbackVerifierOptions, type ParsedCallback } from './callback';
export { CallbackReceiver, type CallbackContext, type CallbackOutcome, type CallbackReceiverOptions } from './receiver';
export { setLogger, type LogLevel, type LogRecord, type LoggerOptions } from './logging';
export {
  AbortError,
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
  type ErrorKind,
  type JumioErrorFields,
  type MigrationErrorCode,
} from './errors';
export type { FileInput } from './files';
export { journeyUrl, parseWebRedirect, type WebRedirect } from './web';
export {
  Sandbox,
  sampleImage,
  type FaultRule,
  type LegacyScan,
  type LegacyScanState,
  type LoggedRequest,
  type SandboxOptions,
  type RegionOptions,
  type SandboxSettings,
  type SandboxState,
  type ScenarioLabels,
  type SentCallback,
} from './sandbox';
export type { CallExtras, OperationName } from './generated/operations';
export { Workflows } from './generated/types';
export type * from './generated/types';

/** The version of the Rust core inside this package. */
export const version: string = native.version();

/** The operation names the core knows (for tooling). */
export const operations: readonly string[] = Object.freeze(native.operations());

// `DEBUG=jumio-kyx` (or `*`, or a list naming it) logs the core's records to stderr.
logFromEnvironment();
