/**
 * The core's log records, on request: `setLogger` hands them to your function, and
 * `DEBUG=jumio-kyx` (read when the package loads, as the `debug` package reads it) writes them to
 * stderr. Off by default.
 *
 * The records are those of the Rust core (one per HTTP attempt and per retry, warnings such as
 * screening that will not run): operation ids, statuses, durations, retry counts, field names,
 * never a secret or a personal value. Delivery never blocks the client: records are queued for the
 * JavaScript thread (when more than a thousand wait, the newest are dropped), and the hook does
 * not keep the process alive.
 *
 * @example
 * ```ts
 * import { setLogger } from 'jumio-kyx';
 *
 * setLogger((record) => console.log(`[${record.level}] ${record.target}: ${record.message}`), { level: 'debug' });
 * // … later
 * setLogger(null);
 * ```
 *
 * @packageDocumentation
 */

import * as native from '../native/index.cjs';
import { ValidationError } from './errors';

/** How severe a record is, most severe first. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** One log record of the core. */
export interface LogRecord {
  level: LogLevel;
  /** The Rust module that emitted it (`jumio_kyx::hooks`). */
  target: string;
  /** The message, then the event's fields: `kyx http attempt operation=create_account method=POST status=200 duration_ms=3.1`. */
  message: string;
}

/** Options of `setLogger`. */
export interface LoggerOptions {
  /** The most verbose level passed on (`debug`: one record per HTTP attempt). */
  level?: LogLevel;
}

const LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug', 'trace'];

/** The namespace `DEBUG` selects. */
export const DEBUG_NAMESPACE = 'jumio-kyx';

/**
 * Sends the core's log records to `logger` (replacing any earlier one), or stops with `null`.
 * The logger runs on the JavaScript thread, after the event; an exception it throws is reported
 * once as a process warning and otherwise ignored.
 */
export function setLogger(logger: ((record: LogRecord) => void) | null, options: LoggerOptions = {}): void {
  if (logger === null) {
    native.setLogSink(null, 'off');
    return;
  }
  if (typeof logger !== 'function') throw new ValidationError('logger must be a function or null', { kind: 'validation', field: 'logger', detail: 'must be a function or null' });
  const level = options.level ?? 'debug';
  if (!LEVELS.includes(level)) throw new ValidationError(`level must be one of ${LEVELS.join(', ')}`, { kind: 'validation', field: 'level', detail: `must be one of ${LEVELS.join(', ')}` });
  let warned = false;
  const installed = native.setLogSink((record: native.NativeLogRecord) => {
    try {
      logger(record as LogRecord);
    } catch (e) {
      if (!warned) {
        warned = true;
        process.emitWarning(`jumio-kyx: the logger threw (${e instanceof Error ? e.name : typeof e}); its later errors are ignored`);
      }
    }
  }, level);
  if (!installed) process.emitWarning('jumio-kyx: another tracing subscriber owns this process; the logger receives nothing');
}

function matches(pattern: string, namespace: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  // `jumio-kyx:*` names the package's namespaces, and the package itself.
  return re.test(namespace) || (pattern.endsWith(':*') && pattern.slice(0, -2) === namespace);
}

/**
 * Whether a `DEBUG` value selects `namespace`, as the `debug` package reads it: names separated
 * by commas or spaces, `*` as a wildcard, a leading `-` excludes (and wins).
 */
export function debugSelects(value: string | undefined, namespace: string = DEBUG_NAMESPACE): boolean {
  let selected = false;
  for (const name of (value ?? '').split(/[\s,]+/)) {
    if (name === '') continue;
    if (name.startsWith('-')) {
      if (matches(name.slice(1), namespace)) return false;
    } else if (matches(name, namespace)) {
      selected = true;
    }
  }
  return selected;
}

/** Writes a record to stderr: `2026-01-01T00:00:00.000Z jumio-kyx debug jumio_kyx::hooks kyx http attempt …`. @internal */
export function stderrLogger(record: LogRecord): void {
  process.stderr.write(`${new Date().toISOString()} ${DEBUG_NAMESPACE} ${record.level} ${record.target} ${record.message}\n`);
}

/** Turns the stderr logger on when `DEBUG` selects the package (run once, when it loads). @internal */
export function logFromEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  if (debugSelects(env['DEBUG'])) setLogger(stderrLogger, { level: 'debug' });
}
