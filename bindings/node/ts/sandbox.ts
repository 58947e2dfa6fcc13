/**
 * `Sandbox`: the Rust sandbox of the KYX platform, running in this process on a free port, with
 * its control API as methods. For testing your own code with `node --test`, jest or vitest, with
 * no extra process.
 *
 * @example
 * ```ts
 * import { Client, Sandbox } from 'jumio-kyx';
 *
 * const sandbox = new Sandbox({ processingDelayMs: 0 });
 * const client = new Client({ baseUrl: sandbox.url, clientId: 'id', clientSecret: 'secret', userAgent: 'Tests/1.0' });
 * const account = await client.createAccount({ customerInternalReference: 't-1', workflowDefinition: { key: 10011 } });
 * sandbox.setWorkflowScenario(account.workflowExecution.id, { similarity: 'NO_MATCH' });
 * sandbox.advanceClock(31 * 60); // or expire it instead
 * sandbox.close();
 * ```
 *
 * @packageDocumentation
 */

import { AssertionError } from 'node:assert';

import * as native from '../native/index.cjs';
import { nativeSync } from './errors';

/** Run-time settings of the sandbox (all optional; the defaults model the real platform). */
export interface SandboxSettings {
  /** Lifetime of OAuth2 access tokens, in seconds (3600). */
  tokenTtlSecs?: number;
  /** Time from finalize (ACQUIRED) to PROCESSED, in milliseconds (1000). */
  processingDelayMs?: number;
  /** Idle time after the last upload before SESSION_EXPIRED, in seconds (900). */
  sessionTimeoutSecs?: number;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes?: number;
  /** Largest accepted image side, in pixels (8000). */
  maxImageSide?: number;
  /** Whether the published rate limits apply (auth 10/s, initiation 1/s with a burst of 3, retrieval 15/s). Off by default. */
  rateLimits?: boolean;
  /** Decision of expired workflows: `not-executed` (current docs) or `rejected` (seen in 2023). */
  expiredDecision?: 'not-executed' | 'rejected';
  /** Upper bounds of the PASSED and WARNING risk-score bands (30 and 70). */
  riskThresholds?: [number, number];
  /** Callback URL used when a request names none (the Portal setting). */
  defaultCallbackUrl?: string | null;
  /** Delivery attempts per callback (5). */
  callbackAttempts?: number;
  /** Delay before the second attempt, doubled for each further one, in milliseconds (500). */
  callbackBackoffMs?: number;
  /** Timeout of one callback attempt, in milliseconds (5000). */
  callbackTimeoutMs?: number;
  /** Whether a scan reference that was never seeded is a finished, migratable scan (true) or "not found" (false). */
  legacyScansAuto?: boolean;
  /** At most this many requests are kept in the request log. */
  requestLogLimit?: number;
  /** Who may frame the hosted journey: a CSP `frame-ancestors` source list (`*`, `'self' https://shop.example`, `'none'`). Default `*`; the dashboard can never be framed. */
  journeyFrameAncestors?: string;
  /** The origin the journey posts its events to (`https://shop.example`, or `*`). Default: the origin of the workflow's `successUrl` (else `errorUrl`); with neither, any parent, without the token. */
  journeyMessageOrigin?: string | null;
  /** The form of `web.href`: `client` (current docs: `/web/client?baseUrl=<the Web SDK API>&…`, the default) or `v4-app` (older: `/web/v4/app?…`). */
  webHrefForm?: 'client' | 'v4-app';
  /** Origins the Web SDK API answers CORS for (`https://shop.example`); empty: any origin. */
  webSdkAllowedOrigins?: string[];
  /** How many times a Web SDK usability result answers `NOT_AVAILABLE` before its decision (0). */
  webSdkUsabilityPending?: number;
}

/** How to start a sandbox: its settings, and where it listens. */
export interface SandboxOptions extends SandboxSettings {
  /** A fixed port (default: a free one). */
  port?: number;
  /** Accepted OAuth2 clients `{ id: secret }`; by default any non-empty pair works. */
  clients?: Record<string, string>;
  /** Base URL per host family (`auth`, `account`, `api`, `retrieval`, `status`) for the hrefs the sandbox writes. */
  baseUrls?: Record<string, string>;
  /** Serve HTTPS with a certificate for every real host name, signed by a local CA. */
  tls?: boolean;
  /**
   * Region mode: each operation only on its real host, real hosts in hrefs, Portal rules for URLs.
   * With `tls`, `new Client({ region: 'EU', ...sandbox.regionOptions(), … })` runs exactly as against the platform.
   */
  strictHosts?: boolean;
  /**
   * More host names the sandbox answers to (`sandbox`, `.internal` with its subdomains, `*` for any).
   * IP addresses, `localhost` and the `baseUrls` hosts always work; other names are refused (DNS rebinding).
   */
  allowedHosts?: string[];
  /** Reproducible ids: the same seed and the same calls give the same ids, tokens and random choices, run after run. */
  seed?: number;
  /** The instant the sandbox clock starts at (a `Date` or an RFC 3339 string). */
  clockStart?: Date | string;
  /** The clock moves only with `advanceClock`, so timestamps are reproducible. */
  frozenClock?: boolean;
  /**
   * Keep the state durably in this directory (`state.sqlite3`), written before each answer; a sandbox
   * started again on it resumes where the last one stopped.
   */
  stateDir?: string;
}

/** Everything a sandbox holds, as `exportState` returns it (see the sandbox guide for its members). */
export interface SandboxState {
  format: 'jumio-kyx-sandbox-state';
  version: number;
  [member: string]: unknown;
}

/** Client options that reach a sandbox under the real host names (see `Sandbox.regionOptions`). */
export interface RegionOptions {
  rootCertificates: string[];
  resolve: Record<string, string>;
}

/**
 * A scenario: labels by capability (`usability`, `usability:SELFIE`, `similarity`, `watchlistScreening`, …)
 * and an optional risk score. Labels are the documented ones (`NOT_READABLE`, `NO_MATCH`, `ALERT`, …).
 */
export type ScenarioLabels = Record<string, string>;

/** A fault rule: what the sandbox does to matching requests. */
export interface FaultRule {
  /** The Rust name (`get_workflow_status`), the spec's operationId (`getWorkflowStatus`) or `*`. */
  operation: string;
  /** Answer with this status instead (429, 500, 503, …) and a problem body. */
  status?: number;
  /** `Retry-After` seconds sent with the status. */
  retryAfter?: number;
  /** Drop the connection: `before` handling the request, or `after` (it took effect). */
  drop?: 'before' | 'after';
  /** Added latency, in milliseconds. */
  latencyMs?: number;
  /** Probability that the rule applies (default 1). */
  rate?: number;
  /** Applies to at most this many requests, then retires. */
  count?: number;
  /** Answer with this body instead of the problem document (an HTML gateway page, `''`, a wrong-shaped JSON). */
  body?: string;
  /** Repeat `body` until the answer has this many bytes. */
  bodyBytes?: number;
  /** Content-Type of `body` (default `text/html`). */
  contentType?: string;
  /** Extra answer headers (`Location` for a redirect). */
  headers?: Record<string, string>;
  /** Send a 429 without `Retry-After`. */
  omitRetryAfter?: boolean;
  /** Kept but not applied (the dashboard's switch). */
  disabled?: boolean;
}

/** One request the sandbox received (no secrets: only the kind of credential). */
export interface LoggedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  operation: string | null;
  userAgent: string | null;
  authScheme: string | null;
  credential: 'oauth2' | 'transaction' | 'basic' | 'unknown' | null;
  contentType: string | null;
  contentLength: number | null;
  status: number | null;
  fault: string | null;
  durationMs: number | null;
}

/** A callback the sandbox sent, with every delivery attempt. */
export interface SentCallback {
  id: number;
  workflowExecutionId: string;
  accountId: string;
  url: string;
  payload: Record<string, unknown>;
  attempts: Array<{ at: string; status: number | null; error: string | null; durationMs: number }>;
  state: 'pending' | 'delivered' | 'failed';
}

/** The state of a legacy Netverify scan, for migration. */
export type LegacyScanState = 'final' | 'not-final' | 'wiped-out' | 'in-progress' | 'not-found' | 'authentication-preconditions-not-met';

/** A legacy Netverify scan that can be migrated. */
export interface LegacyScan {
  scanReference: string;
  state: LegacyScanState;
  /** Workflow definition key the migrated execution reports (3). */
  definitionKey?: number;
}

/**
 * A local KYX sandbox. It runs until `close()` or until this object is garbage-collected: keep a
 * reference for as long as anything uses its URL (a server that outlives the function that made
 * the sandbox must hold on to it).
 */
export class Sandbox {
  readonly #native: native.NativeSandbox;
  /** The base URL (every host family), e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /**
   * The dashboard: open it in a browser to watch workflows, decisions, callbacks and the request
   * log, and to drive scenarios, faults and the clock.
   */
  readonly uiUrl: string;

  /** Starts a sandbox on a free port (or `options.port`). */
  constructor(options: SandboxOptions = {}) {
    const { port, clients, baseUrls, tls, strictHosts, allowedHosts, seed, clockStart, frozenClock, stateDir, ...settings } = options;
    this.#native = nativeSync(
      () =>
        new native.NativeSandbox({
          port: port ?? 0,
          clients: clients ?? {},
          baseUrls: baseUrls ?? {},
          tls: tls ?? false,
          strictHosts: strictHosts ?? false,
          allowedHosts: allowedHosts ?? [],
          seed: seed ?? null,
          clockStart: clockStart instanceof Date ? clockStart.toISOString() : (clockStart ?? null),
          frozenClock: frozenClock ?? false,
          stateDir: stateDir ?? null,
          settings,
        }),
    );
    this.url = this.#native.url;
    this.uiUrl = this.#native.uiUrl;
  }

  /**
   * With `tls: true`: the client options (`rootCertificates`, `resolve`) that reach this sandbox
   * under the real host names of every region. Throws without TLS.
   */
  regionOptions(): RegionOptions {
    const options = this.#native.regionOptions as RegionOptions | null;
    if (options === null) throw new Error('region options need a sandbox started with tls: true');
    return options;
  }

  #control(operation: string, args?: unknown): unknown {
    return nativeSync(() => this.#native.control(operation, args ?? null));
  }

  /** Stops the sandbox. */
  close(): void {
    this.#native.close();
  }

  /** Forgets every account, workflow, token, log entry, fault and scenario; real time again. */
  reset(): void {
    this.#control('reset');
  }

  /** Moves the sandbox clock forward (expiry, processing); returns the new time. */
  advanceClock(seconds: number): string {
    return (this.#control('advance_clock', { seconds }) as { now: string }).now;
  }

  /** The sandbox's current time and its offset from real time. */
  clock(): { now: string; offsetMs: number } {
    return this.#control('clock') as { now: string; offsetMs: number };
  }

  /** The run-time settings. */
  settings(): Required<Omit<SandboxSettings, 'defaultCallbackUrl' | 'journeyMessageOrigin'>> & {
    defaultCallbackUrl: string | null;
    journeyMessageOrigin: string | null;
  } {
    return this.#control('settings') as Required<Omit<SandboxSettings, 'defaultCallbackUrl'>> & { defaultCallbackUrl: string | null };
  }

  /** Changes run-time settings; returns them all. */
  updateSettings(settings: SandboxSettings): ReturnType<Sandbox['settings']> {
    return this.#control('update_settings', settings) as ReturnType<Sandbox['settings']>;
  }

  /** The default scenario of new workflows. */
  scenario(): { labels: ScenarioLabels; risk?: number } {
    return this.#control('scenario') as { labels: ScenarioLabels; risk?: number };
  }

  /** Sets the default scenario of new workflows: labels by capability and an optional risk score. */
  setScenario(labels: ScenarioLabels, risk?: number): void {
    this.#control('set_scenario', { labels, risk: risk ?? null });
  }

  /** The scenario of one workflow, before it is processed. */
  setWorkflowScenario(workflowExecutionId: string, labels: ScenarioLabels, risk?: number): void {
    this.#control('set_workflow_scenario', { workflow_execution_id: workflowExecutionId, labels, risk: risk ?? null });
  }

  /** Simulates the end user finishing the web or SDK journey (every part captured, finalized). */
  completeJourney(workflowExecutionId: string): void {
    this.#control('complete_journey', { workflow_execution_id: workflowExecutionId });
  }

  /** The sandbox's view of a workflow (status, deadlines, scenario), or null. */
  workflowState(workflowExecutionId: string): Record<string, unknown> | null {
    return this.#control('workflow_state', { workflow_execution_id: workflowExecutionId }) as Record<string, unknown> | null;
  }

  /** Every workflow execution, oldest first (to count executions in a test). */
  workflows(): Array<{ id: string; accountId: string; definitionKey: string; status: string; customerInternalReference: string | null; migratedFrom: string | null }> {
    return this.#control('workflows') as ReturnType<Sandbox['workflows']>;
  }

  /** The fault rules in force. */
  faults(): FaultRule[] {
    return this.#control('faults') as FaultRule[];
  }

  /**
   * Replaces the fault rules.
   *
   * @example
   * ```ts
   * sandbox.setFaults([{ operation: 'getWorkflowStatus', status: 503, count: 2 }]);
   * sandbox.setFaults([{ operation: 'createAccount', drop: 'after' }]);
   * ```
   */
  setFaults(rules: FaultRule[]): void {
    this.#control('set_faults', { rules });
  }

  /** Removes every fault rule. */
  clearFaults(): void {
    this.setFaults([]);
  }

  /** The request log, optionally for one operation (`create_account`). */
  requests(operation?: string): LoggedRequest[] {
    return this.#control('requests', { operation: operation ?? null }) as LoggedRequest[];
  }

  /**
   * Asserts that `operation` (its operationId, `createAccount`, or snake_case) was requested:
   * exactly `times` times, or at least once, with these non-secret `fields` (dotted names such as
   * `workflowDefinition.key`, path parameters such as `classifier`; personal data such as
   * `customerInternalReference` is matched by fingerprint and never kept). Throws node:assert's
   * `AssertionError`, which every runner shows, with what was expected and the requests made.
   *
   * @example
   * ```ts
   * import { Sandbox } from 'jumio-kyx';
   * const sandbox = new Sandbox({ processingDelayMs: 0 });
   * sandbox.assertRequested('createAccount', { times: 1, fields: { 'workflowDefinition.key': 10013 } });
   * ```
   */
  assertRequested(operation: string, expected: { times?: number; fields?: Record<string, string | number | boolean> } = {}): void {
    const result = this.#control('check_requested', { operation, times: expected.times ?? null, fields: expected.fields ?? {} }) as {
      ok: boolean;
      message?: string;
    };
    if (!result.ok) {
      throw new AssertionError({ message: result.message ?? `${operation} was not requested as expected`, stackStartFn: this.assertRequested });
    }
  }

  /** Asserts that `operation` was never requested (with these `fields`): see `assertRequested`. */
  assertNotRequested(operation: string, expected: { fields?: Record<string, string | number | boolean> } = {}): void {
    const result = this.#control('check_requested', { operation, times: 0, fields: expected.fields ?? {} }) as { ok: boolean; message?: string };
    if (!result.ok) {
      throw new AssertionError({ message: result.message ?? `${operation} was requested`, stackStartFn: this.assertNotRequested });
    }
  }

  /** Forgets the request log. */
  clearRequests(): void {
    this.#control('clear_requests');
  }

  /** Callbacks sent, with every delivery attempt. */
  callbacks(): SentCallback[] {
    return this.#control('callbacks') as SentCallback[];
  }

  /** Delivers a recorded callback again (a fresh round of attempts, added to its record). */
  redeliverCallback(id: number): void {
    this.#control('redeliver_callback', { id });
  }

  /** The legacy scans the sandbox knows. */
  legacyScans(): LegacyScan[] {
    return this.#control('legacy_scans') as LegacyScan[];
  }

  /** Adds legacy Netverify scans for migration. */
  seedLegacyScans(scans: LegacyScan[]): void {
    this.#control('seed_legacy_scans', { scans });
  }

  /** Every migrated scan with the account it went into. */
  migrations(): Array<{ scanReference: string; accountId: string }> {
    return this.#control('migrations') as Array<{ scanReference: string; accountId: string }>;
  }

  /** Sets the health check's answer: `UP`, `DEGRADED` or `DOWN`, per component. */
  setHealth(status: 'UP' | 'DEGRADED' | 'DOWN', details: Record<string, string> = {}): void {
    this.#control('set_health', { status, details });
  }

  /**
   * Everything the sandbox holds as one versioned document (accounts, workflows, uploaded images,
   * callbacks, scenarios, faults, seeded scans, the clock): commit it as a test fixture, or attach it
   * to a bug report. It holds the personal data the sandbox was sent. Settings and the request log
   * are not part of it.
   */
  exportState(): SandboxState {
    return this.#control('export_state') as SandboxState;
  }

  /**
   * Replaces the sandbox's state with a document from `exportState` (an object, or its JSON text).
   * A broken document, or one of another version, throws a `TypeError` saying what is wrong, and
   * changes nothing.
   */
  importState(state: SandboxState | string): void {
    let doc: unknown = state;
    if (typeof state === 'string') {
      try {
        doc = JSON.parse(state);
      } catch {
        throw new TypeError('state document refused: not JSON');
      }
    }
    this.#control('import_state', { state: doc });
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Sandbox { url: '${this.url}' }`;
  }
}

/**
 * A synthetic sample image that ships with the sandbox (no real person): `front`, `back` or `selfie`.
 */
export function sampleImage(name: 'front' | 'back' | 'selfie'): Buffer {
  return nativeSync(() => native.sampleImage(name));
}
