/**
 * The errors of jumio-kyx. Every failure of the client rejects with a `JumioError`; its subclass
 * (and `kind`) says what went wrong. Messages name fields and rules, never the values sent, so they
 * are safe to log.
 *
 * @example
 * ```ts
 * try {
 *   await client.createAccount(request);
 * } catch (e) {
 *   if (e instanceof ValidationError) console.error(`fix ${e.field}: ${e.detail}`);
 *   else if (e instanceof JumioError && e.retryable) scheduleRetry(e.retryAfterMs);
 *   else throw e;
 * }
 * ```
 *
 * @packageDocumentation
 */

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

/** The documented data-migration errors. */
export type MigrationErrorCode =
  | 'wiped_out'
  | 'account_not_found'
  | 'scan_not_found'
  | 'not_in_final_state'
  | 'already_migrated'
  | 'in_progress_or_already_migrated'
  | 'authentication_preconditions';

/** The fields of an error, as the core reports them. */
export interface JumioErrorFields {
  kind: ErrorKind;
  status: number | null;
  title: string | null;
  detail: string | null;
  field: string | null;
  requestId: string | null;
  retryAfterMs: number | null;
  scanReferences: string[];
  retryable: boolean;
  operation: string | null;
  migration: MigrationErrorCode | null;
  body: string | null;
}

/** An error of the KYX client. */
export class JumioError extends Error {
  /** What kind of failure this is. */
  readonly kind: ErrorKind;
  /** The HTTP status, when the server answered. */
  readonly status: number | null;
  /** The problem's title. */
  readonly title: string | null;
  /** The problem's detail, or the rule a pre-flight check found broken. */
  readonly detail: string | null;
  /** The request field a validation error is about. */
  readonly field: string | null;
  /** The server's request or tracking id, for support. */
  readonly requestId: string | null;
  /** Milliseconds the server asked to wait (`Retry-After`). */
  readonly retryAfterMs: number | null;
  /** The scan references a migration error is about. */
  readonly scanReferences: string[];
  /** Whether trying again later may succeed. */
  readonly retryable: boolean;
  /** The operation that failed (`createAccount`). */
  readonly operation: string | null;
  /** The documented migration error, for `MigrationError`. */
  readonly migration: MigrationErrorCode | null;
  /**
   * The start of an error body that was not a problem document (an HTML gateway page), for
   * diagnostics; never in the message, and not enumerable (so `util.inspect` and loggers skip it).
   */
  declare readonly body: string | null;

  constructor(message: string, fields: Partial<JumioErrorFields> = {}) {
    super(message);
    this.name = new.target.name;
    this.kind = fields.kind ?? 'other';
    this.status = fields.status ?? null;
    this.title = fields.title ?? null;
    this.detail = fields.detail ?? null;
    this.field = fields.field ?? null;
    this.requestId = fields.requestId ?? null;
    this.retryAfterMs = fields.retryAfterMs ?? null;
    this.scanReferences = [...(fields.scanReferences ?? [])];
    this.retryable = fields.retryable ?? false;
    this.operation = fields.operation ?? null;
    this.migration = fields.migration ?? null;
    // Kept for diagnostics, but out of `util.inspect` and logs: an error body is the server's text.
    Object.defineProperty(this, 'body', { value: fields.body ?? null, enumerable: false, writable: false });
  }
}

/** The client is misconfigured (no User-Agent, a plain http:// base URL, …). Nothing was sent. */
export class ConfigurationError extends JumioError {}
/** Input refused: by a pre-flight check (nothing was sent; `field` names the field) or by the server (400). */
export class ValidationError extends JumioError {}
/** Missing, invalid or expired credentials (401), or credentials that do not authorize the call (403). */
export class AuthenticationError extends JumioError {}
/** The resource does not exist or was deleted (404). */
export class NotFoundError extends JumioError {}
/** Too many requests (429); `retryAfterMs` says how long to wait. */
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
 * A documented data-migration error; `migration` names it (`already_migrated`, `wiped_out`, …) and
 * `scanReferences` lists the scans.
 */
export class MigrationError extends JumioError {}
/**
 * A local file could not be read or written (saving a download to `saveTo`, or a stream being
 * uploaded failed); nothing about the server. `detail` says which; for a stream, `field` names the
 * file argument and `cause` is the stream's error.
 */
export class LocalFileError extends JumioError {}

/**
 * A call cancelled through its `AbortSignal` (`{ signal }`, the last argument of every method).
 * The call's Rust future was dropped, which closed its HTTP request; a signal that was already
 * aborted rejects before anything is sent. `name` is `'AbortError'` (as fetch's), `code` is
 * `'ABORT_ERR'` (as Node's own APIs), `cause` is the signal's `reason`.
 *
 * @example
 * ```ts
 * try {
 *   await client.waitForCompletion(accountId, workflowExecutionId, { signal: AbortSignal.timeout(60_000) });
 * } catch (e) {
 *   if (e instanceof AbortError) console.log('gave up waiting', e.cause);
 *   else throw e;
 * }
 * ```
 */
export class AbortError extends JumioError {
  /** `'ABORT_ERR'`, as Node's own cancellable APIs. */
  readonly code = 'ABORT_ERR';

  constructor(message = 'the call was aborted', fields: Partial<JumioErrorFields> & { cause?: unknown } = {}) {
    super(message, { ...fields, kind: 'aborted' });
    if ('cause' in fields) Object.defineProperty(this, 'cause', { value: fields.cause, enumerable: false, writable: true, configurable: true });
  }
}

/** The message a cancelled native call rejects with. @internal */
export const ABORTED = 'KYX_ABORTED';

/** The `AbortError` of a call cancelled by `signal`. @internal */
export function abortError(signal: AbortSignal | undefined, operation: string | null = null): AbortError {
  return new AbortError(operation ? `${operation}: the call was aborted` : 'the call was aborted', { operation, cause: signal?.reason });
}

const CLASSES: Record<ErrorKind, new (message: string, fields: Partial<JumioErrorFields>) => JumioError> = {
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
  aborted: AbortError,
  other: JumioError,
};

const PREFIX = 'KYX_ERROR:';

/**
 * Turns what the native layer threw into a `JumioError` (the native layer encodes the fields in
 * the message). Anything else is returned unchanged.
 *
 * @internal
 */
export function fromNative(e: unknown): unknown {
  if (!(e instanceof Error) || !e.message.startsWith(PREFIX)) {
    if (e instanceof Error && (e as { code?: string }).code === 'InvalidArg') {
      return new ValidationError(e.message, { kind: 'validation' });
    }
    return e;
  }
  let fields: Partial<JumioErrorFields> & { message?: string; retryAfter?: number | null };
  try {
    fields = JSON.parse(e.message.slice(PREFIX.length)) as typeof fields;
  } catch {
    return new JumioError(e.message.slice(PREFIX.length));
  }
  if (typeof fields.retryAfter === 'number') fields.retryAfterMs = Math.round(fields.retryAfter * 1000);
  const Class = CLASSES[fields.kind ?? 'other'] ?? JumioError;
  return new Class(fields.message ?? 'unknown error', fields);
}

/** Runs a native call and converts its errors. @internal */
export async function native<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw fromNative(e);
  }
}

/** The synchronous twin of `native`. @internal */
export function nativeSync<T>(call: () => T): T {
  try {
    return call();
  } catch (e) {
    throw fromNative(e);
  }
}
