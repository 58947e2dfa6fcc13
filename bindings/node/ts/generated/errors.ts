// Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-node`; do not edit.
/**
 * The error class of every error kind of the core, one per entry of the spec's
 * `x-kyx-error-kinds`, each a `JumioError` (`error_base.ts`). `errors.ts` re-exports them.
 *
 * @packageDocumentation
 */

import { JumioError, type JumioErrorFields } from '../error_base';

/** What kind of failure an error is. */
export type ErrorKind =
  | 'configuration'
  | 'validation'
  | 'authentication'
  | 'not_found'
  | 'rate_limited'
  | 'server'
  | 'unexpected_status'
  | 'transport'
  | 'timeout'
  | 'invalid_response'
  | 'redirect'
  | 'migration'
  | 'local_file'
  | 'aborted'
  | 'other';

/** The client is misconfigured (no User-Agent, a plain http:// base URL, …). Nothing was sent. */
export class ConfigurationError extends JumioError {}

/**
 * Input refused: by a pre-flight check (nothing was sent; `field` names the field) or by the server
 * (400).
 */
export class ValidationError extends JumioError {}

/**
 * Missing, invalid or expired credentials (401), or credentials that do not authorize the call
 * (403).
 */
export class AuthenticationError extends JumioError {}

/** The resource does not exist or was deleted (404). */
export class NotFoundError extends JumioError {}

/** Too many requests (429). `retryAfterMs` says how long to wait. */
export class RateLimitError extends JumioError {}

/** The platform failed (5xx). */
export class ServerError extends JumioError {}

/** An HTTP status the client did not expect. */
export class UnexpectedStatusError extends JumioError {}

/** The request did not complete at the network level. */
export class TransportError extends JumioError {}

/** The request or the call's deadline timed out. */
export class TimeoutError extends JumioError {}

/** The server answered with a body the client cannot read. */
export class InvalidResponseError extends JumioError {}

/**
 * The server answered with a redirect (3xx), which is never followed: credentials and personal data
 * go only to the configured hosts. `detail` names the status and the host.
 */
export class RedirectError extends JumioError {}

/**
 * A documented data-migration error; `migration` names it (`already_migrated`, `wiped_out`,
 * `scan_not_found`, `not_in_final_state`, `in_progress_or_already_migrated`, `account_not_found`,
 * `authentication_preconditions`). `scanReferences` lists the scans.
 */
export class MigrationError extends JumioError {}

/**
 * A local file could not be read or written (a download being saved, a file being uploaded);
 * nothing about the server. `detail` says which. For a stream being uploaded, `field` names the
 * file argument and `cause` is the stream's error.
 */
export class LocalFileError extends JumioError {}

/** The class of every kind the core reports, by its code. @internal */
export const ERROR_CLASSES: Record<
  Exclude<ErrorKind, 'aborted' | 'other'>,
  new (message: string, fields: Partial<JumioErrorFields>) => JumioError
> = {
  configuration: ConfigurationError,
  validation: ValidationError,
  authentication: AuthenticationError,
  not_found: NotFoundError,
  rate_limited: RateLimitError,
  server: ServerError,
  unexpected_status: UnexpectedStatusError,
  transport: TransportError,
  timeout: TimeoutError,
  invalid_response: InvalidResponseError,
  redirect: RedirectError,
  migration: MigrationError,
  local_file: LocalFileError,
};
