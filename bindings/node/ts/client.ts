/**
 * `Client`: every operation of the KYX API as a Promise-returning camelCase method, plus the
 * high-level flows. One client holds one Rust client: one connection pool, one OAuth2 token
 * shared by every concurrent call, retries where they are safe, validation before any network I/O.
 *
 * @example
 * ```ts
 * import { Client } from 'jumio-kyx';
 *
 * const client = new Client({ region: 'US', clientId: '…', clientSecret: '…', userAgent: 'Acme Onboarding/2.1' });
 * const account = await client.runIdentityVerification({
 *   customerInternalReference: 'order-42',
 *   front: 'id-front.jpg',
 *   back: 'id-back.jpg',
 *   selfie: 'selfie.jpg',
 * });
 * const status = await client.waitForCompletion(account.account.id, account.workflowExecution.id);
 * ```
 *
 * @packageDocumentation
 */

import * as native from '../native/index.cjs';
import { ABORTED, abortError, fromNative, nativeSync } from './errors';
import { type PreparedFiles, type Pump, prepareFiles, startPump } from './files';
import type * as T from './generated/types';
import { type CallExtras, DOWNLOADS, type OperationName } from './generated/operations';
import { Flows } from './generated/flows';
import { type ClientOptions, wireOptions } from './generated/options';

export type { IdentityVerificationRequest, PreparedDataVerificationRequest, WaitOptions } from './generated/flows';
export type { CallOptions, DownloadOptions, PreparedDataOptions } from './generated/operations';
export type { ClientOptions, Region } from './generated/options';

/** One capability result, flattened. */
export interface CapabilitySummary {
  capability: string;
  category: string | null;
  decision: T.OpenEnum<T.DecisionType>;
  label: string;
}

/** The spec's operationId of a core operation name (`create_account` → `createAccount`). */
const operationId = (operation: string): string => operation.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * JSON has no NaN or infinity: such a number travels as the string the core reads as it
 * (`'Infinity'`), so the core's checks refuse it with a `ValidationError` naming the option
 * instead of the value being lost on the way.
 */
function finiteOrNamed(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  return v;
}

function jsonSafe(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) out[k] = finiteOrNamed(v);
  return out;
}

/** What a call answered: its JSON text, and a download's bytes. */
interface Answer {
  json: string;
  content?: Buffer;
}

/** A client's calls in flight: its native client, told when none is left. */
interface Owner {
  readonly native: native.NativeClient;
  inFlight: number;
}

/** A call in flight: how to settle its promise, and whose call it is. */
interface InFlight {
  resolve(answer: Answer): void;
  reject(error: Error): void;
  owner: Owner;
}

/** Every call in flight, by its id (unique among calls in flight: ids wrap at 2³²). */
const IN_FLIGHT = new Map<number, InFlight>();
let lastCallId = 0;

/**
 * Receives the outcome of every call from the native module (`src/settle.rs`): one native
 * callback for all calls instead of a native promise each. A module function, so that nothing the
 * native side holds reaches a client (it would never be collected).
 */
function settle(id: number, error: string | null, json: string | null, content: Buffer | null): void {
  const call = IN_FLIGHT.get(id);
  if (call === undefined) return;
  IN_FLIGHT.delete(id);
  if (--call.owner.inFlight === 0) call.owner.native.idle();
  if (error !== null) call.reject(new Error(error));
  else call.resolve(content === null ? { json: json ?? 'null' } : { json: json ?? 'null', content });
}

/** Marks options that come from `Client.fromEnv`. */
const FROM_ENV = Symbol('fromEnv');

function nativeOptions(o: ClientOptions & { [FROM_ENV]?: boolean }): Record<string, unknown> {
  return jsonSafe({ ...wireOptions(o), fromEnv: o[FROM_ENV] === true });
}

/** A KYX client. Safe to share: every method may run concurrently (`Promise.all`). */
export class Client extends Flows {
  readonly #native: native.NativeClient;
  readonly #owner: Owner;

  /**
   * Builds a client. Nothing is sent until the first call; a bad option throws at once:
   * `ConfigurationError` (no User-Agent, no region or base URL) or `ValidationError` naming the
   * option (a time that is not a finite number more than zero: `deadlineMs: Infinity`, `-1`).
   *
   * @example
   * ```ts
   * import { Client } from 'jumio-kyx';
   *
   * const client = new Client({ baseUrl: sandbox.url, clientId: 'id', clientSecret: 'secret', userAgent: 'Tests/1.0' });
   * ```
   */
  constructor(options: ClientOptions = {}) {
    super();
    this.#native = nativeSync(() => new native.NativeClient(nativeOptions(options), settle));
    this.#owner = { native: this.#native, inFlight: 0 };
  }

  /**
   * A client configured from `JUMIO_CLIENT_ID`, `JUMIO_CLIENT_SECRET`, `JUMIO_REGION`,
   * `JUMIO_USER_AGENT` and `JUMIO_BASE_URL`; `overrides` win.
   */
  static fromEnv(overrides: ClientOptions = {}): Client {
    return new Client({ ...overrides, [FROM_ENV]: true } as ClientOptions);
  }

  /** The upload size limit in bytes. */
  get maxUploadBytes(): number {
    return this.#native.maxUploadBytes;
  }

  /**
   * Runs an operation of the core by its name (`get_workflow_status`) with the core's argument
   * names. The typed methods are the way to call; this is for tooling.
   *
   * Streams among `files` are pumped into the call as it reads them; `signal` cancels the call
   * (its Rust future is dropped, closing its HTTP request) and rejects it with an `AbortError`.
   */
  protected async call(operation: OperationName, args: Record<string, unknown>, extras: CallExtras = {}): Promise<unknown> {
    const { files, saveTo, signal } = extras;
    if (signal?.aborted) throw abortError(signal, operationId(operation));
    // Name a bad upload as the core does: by its classifier (`front`), or by its argument (`selfie`).
    const label = (arg: string): string => (arg === 'file' && typeof args['classifier'] === 'string' ? args['classifier'].toLowerCase() : arg);
    const prepared = prepareFiles(files, label);
    // A call context only where there is something to stream or to cancel: most calls have
    // neither, and go without the native object.
    const context = prepared.streams.length > 0 || signal ? new native.NativeCall() : undefined;
    const uploads = context ? prepared.streams.map((s) => ({ file: s, upload: context.stream(s.name, s.field, this.maxUploadBytes) })) : [];
    const onAbort = (): void => context?.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    const pumps: Pump[] = [];
    try {
      let result: Answer;
      try {
        const pending = this.#start(operation, jsonSafe(args), prepared.files, saveTo, context);
        for (const { file, upload } of uploads) pumps.push(startPump(file, upload));
        result = await pending;
      } catch (e) {
        // A stream that failed caused the failure (it is recorded before the core can see it).
        const failed = pumps.find((p) => p.failure !== undefined)?.failure;
        if (failed) throw failed;
        if (e instanceof Error && e.message === ABORTED) throw abortError(signal, operationId(operation));
        throw fromNative(e);
      }
      const json: unknown = JSON.parse(result.json);
      if (DOWNLOADS.includes(operation)) {
        const part = json as { contentType: string | null; length: number };
        const downloaded: T.DownloadedPart = { contentType: part.contentType ?? null, length: part.length };
        if (result.content) downloaded.content = result.content;
        return downloaded;
      }
      // Operations without a body (deletions) resolve to undefined, as `Promise<void>` says.
      return json ?? undefined;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // A stream the call did not read to its end (it failed or was aborted) is cancelled.
      for (const p of pumps) p.stop();
    }
  }

  /** Starts a native call; `settle` settles the promise. A call the native side refuses rejects it. */
  #start(operation: OperationName, args: Record<string, unknown>, files: PreparedFiles['files'], saveTo: string | undefined, context: native.NativeCall | undefined): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const id = (lastCallId = (lastCallId + 1) >>> 0);
      this.#native.call(id, operation, args, files, saveTo, context);
      IN_FLIGHT.set(id, { resolve, reject, owner: this.#owner });
      this.#owner.inFlight++;
    });
  }

  /** The configuration, without secrets. */
  override toString(): string {
    return this.#native.describe();
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/**
 * Every capability result of workflow details, flattened, in the documented execution order.
 *
 * @example
 * ```ts
 * import { capabilitySummaries } from 'jumio-kyx';
 *
 * for (const c of capabilitySummaries(await client.getWorkflowDetails(accountId, workflowExecutionId))) {
 *   console.log(c.capability, c.decision, c.label);
 * }
 * ```
 */
export function capabilitySummaries(details: T.WorkflowDetails): CapabilitySummary[] {
  return nativeSync(() => native.capabilitySummaries(details)) as CapabilitySummary[];
}
