/**
 * `JumioError`, the base of every error of jumio-kyx, and its fields. Its subclasses, one per error
 * kind of the core, are generated from the spec (`generated/errors.ts`); `errors.ts` re-exports
 * them all.
 *
 * @packageDocumentation
 */

import type { ErrorKind } from './generated/errors';

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
