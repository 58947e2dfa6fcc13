/**
 * The errors of jumio-kyx. Every failure of the client rejects with a `JumioError`; its subclass
 * (and `kind`) says what went wrong. Messages name fields and rules, never the values sent, so they
 * are safe to log.
 *
 * @example
 * ```ts
 * import { JumioError, ValidationError } from 'jumio-kyx';
 *
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

// `JumioError` is written by hand (`error_base.ts`); its subclasses, one per error kind of the
// core, are generated from the spec's `x-kyx-error-kinds` (`generated/errors.ts`).
import { JumioError, type JumioErrorFields } from './error_base';
import { ERROR_CLASSES, ValidationError, type ErrorKind } from './generated/errors';

export { JumioError, type JumioErrorFields, type MigrationErrorCode } from './error_base';
// Every kind's class, and `ErrorKind`.
export * from './generated/errors';

/**
 * A call cancelled through its `AbortSignal` (`{ signal }`, the last argument of every method).
 * The call's Rust future was dropped, which closed its HTTP request; a signal that was already
 * aborted rejects before anything is sent. A request the platform had already received may still
 * take effect: after an aborted `createAccount`, the account may exist. `name` is `'AbortError'` (as fetch's), `code` is
 * `'ABORT_ERR'` (as Node's own APIs), `cause` is the signal's `reason`.
 *
 * @example
 * ```ts
 * import { AbortError } from 'jumio-kyx';
 *
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
  ...ERROR_CLASSES,
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
