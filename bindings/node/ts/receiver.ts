/**
 * `CallbackReceiver`: everything a callback endpoint does, once, for every framework. The Express
 * handler (`jumio-kyx/express`) and the Fastify plugin (`jumio-kyx/fastify`) are thin layers
 * over it; on plain `node:http`, `receiver.handle(req, res)` is the whole endpoint.
 *
 * For each request it:
 * 1. checks the sender (the socket's peer address, and `X-Forwarded-For` when the peer is one of
 *    the verifier's trusted proxies) **before reading the body**: 403 for anyone else. Jumio
 *    never sends `X-Forwarded-For`: when the verifier trusts no proxy, a request carrying it is
 *    refused. The peer is always the socket's (`req.socket.remoteAddress`), never a framework's
 *    `req.ip`, so Express's `trust proxy` and Fastify's `trustProxy` do not change who is
 *    accepted: behind a reverse proxy, give the verifier `trustedProxies`;
 * 2. reads the body up to `maxBodyBytes`: 413 past it;
 * 3. parses it (`parseCallback`): 400 for a body that is not a callback;
 * 4. answers 200 at once, and only after the answer went out hands the typed callback to
 *    `onCallback`, unless its `dedupeKey` was seen before (a redelivery: answered 200, dropped).
 *
 * Jumio retries a callback that was not answered 200, so `onCallback` should only queue work: a
 * failure there is reported to `onError` and the event is not delivered again.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { CallbackReceiver, CallbackVerifier } from 'jumio-kyx';
 *
 * const receiver = new CallbackReceiver({
 *   verifier: new CallbackVerifier('US'),
 *   onCallback: (callback) => queue.push(callback), // later: client.getCallbackDetails(callback)
 * });
 * createServer((req, res) => void receiver.handle(req, res)).listen(8080);
 * ```
 *
 * @packageDocumentation
 */

import type { IncomingMessage, ServerResponse } from 'node:http';

import { type CallbackVerifier, type ParsedCallback, SeenCallbacks, parseCallback } from './callback';
import { JumioError, ValidationError } from './errors';

/** What `onCallback` is told besides the callback. */
export interface CallbackContext {
  /** The sender's address, as checked (behind a trusted proxy, the forwarded one). */
  sender: string;
}

/** How a callback receiver behaves. */
export interface CallbackReceiverOptions {
  /** Who may send callbacks: `new CallbackVerifier('US')` (plus `trustedProxies` behind a reverse proxy). */
  verifier: CallbackVerifier;
  /**
   * Your code: runs once per event, after the 200 went out. Queue the work (then fetch the
   * details with `client.getCallbackDetails(callback)`); a promise it returns is not awaited by
   * the sender. What it returns is otherwise ignored, so `(c) => queue.push(c)` is fine.
   */
  onCallback: (callback: ParsedCallback, context: CallbackContext) => unknown;
  /** Called when `onCallback` throws or rejects (default: `console.error`). */
  onError?: (error: unknown, callback: ParsedCallback) => void;
  /** The largest body read, in bytes (65 536; Jumio's callbacks are about 1 KB). Larger bodies get 413. */
  maxBodyBytes?: number;
  /** The dedupe keys already seen; pass one to share it between receivers (default: a new one). */
  seen?: SeenCallbacks;
}

/** What a receiver made of one request. */
export interface CallbackOutcome {
  /** The status to answer: 200, 400 (not a callback), 403 (sender refused) or 413 (body too large). */
  status: 200 | 400 | 403 | 413;
  /** The checked sender, once the check passed. */
  sender: string | null;
  /** The parsed callback, for a 200. */
  callback: ParsedCallback | null;
  /** Whether the callback was seen before (answered 200, not handed to `onCallback`). */
  duplicate: boolean;
  /** Why it was refused, for a 400, 403 or 413. */
  error: JumioError | null;
}

/** The default `maxBodyBytes`. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

type BodyRead = { body: Buffer } | { tooLarge: true } | { failed: true };

/** Reads a request body up to `limit` bytes, without consuming more than that. */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ tooLarge: true });
  // Read already (by a body parser that left nothing behind): an empty body.
  if (req.readableEnded) return Promise.resolve({ body: Buffer.alloc(0) });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: BodyRead): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer | string): void => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > limit) {
        // Stop reading; the answer closes the connection instead of draining the rest.
        req.pause();
        done({ tooLarge: true });
        return;
      }
      chunks.push(b);
    };
    const onEnd = (): void => done({ body: Buffer.concat(chunks, size) });
    const onError = (): void => done({ failed: true });
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('aborted', onError);
  });
}

/** A body a framework already read (a Buffer, a string, or parsed JSON). */
function bodyFrom(parsed: unknown): Buffer | undefined {
  if (parsed === undefined || parsed === null) return undefined;
  if (Buffer.isBuffer(parsed)) return parsed;
  if (parsed instanceof Uint8Array) return Buffer.from(parsed.buffer, parsed.byteOffset, parsed.byteLength);
  if (typeof parsed === 'string') return Buffer.from(parsed);
  // A JSON body parser ran first (so the body was read before the sender was checked): the
  // callback is parsed from the same JSON.
  return Buffer.from(JSON.stringify(parsed));
}

function refusal(status: 400 | 403 | 413, error: JumioError): CallbackOutcome {
  return { status, sender: null, callback: null, duplicate: false, error };
}

/**
 * Runs `then` once the response has gone out (or its connection closed first: the sender will
 * retry, and the retry is a duplicate by then, so the event must still be handled).
 *
 * @internal
 */
export function afterResponse(res: ServerResponse, then: () => void): void {
  if (res.writableFinished || res.destroyed) {
    setImmediate(then);
    return;
  }
  let ran = false;
  const once = (): void => {
    if (ran) return;
    ran = true;
    res.off('finish', once);
    res.off('close', once);
    then();
  };
  res.once('finish', once);
  res.once('close', once);
}

/** A callback endpoint's logic; see the module documentation. */
export class CallbackReceiver {
  /** Who may send callbacks. */
  readonly verifier: CallbackVerifier;
  /** The dedupe keys seen so far. */
  readonly seen: SeenCallbacks;
  /** The largest body read, in bytes. */
  readonly maxBodyBytes: number;
  readonly #onCallback: CallbackReceiverOptions['onCallback'];
  readonly #onError: NonNullable<CallbackReceiverOptions['onError']>;

  /** Throws `ValidationError` for a missing verifier or handler, or a bad `maxBodyBytes`. */
  constructor(options: CallbackReceiverOptions) {
    const invalid = (field: string, detail: string): ValidationError => new ValidationError(`${field} ${detail}`, { kind: 'validation', field, detail });
    if (!options || typeof options.verifier?.verify !== 'function') throw invalid('verifier', 'must be a CallbackVerifier');
    if (typeof options.onCallback !== 'function') throw invalid('onCallback', 'must be a function');
    const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isSafeInteger(max) || max < 1) throw invalid('maxBodyBytes', 'must be a whole number of bytes, at least 1');
    this.verifier = options.verifier;
    this.seen = options.seen ?? new SeenCallbacks();
    this.maxBodyBytes = max;
    this.#onCallback = options.onCallback;
    this.#onError = options.onError ?? ((error) => console.error('jumio-kyx: a callback handler failed:', error));
  }

  /**
   * Judges a request: sender, then body (read from `req` unless a framework already read it into
   * `body`), then parse and dedupe. Never throws; answer `outcome.status`, then call `deliver`.
   */
  async receive(req: IncomingMessage, body?: unknown): Promise<CallbackOutcome> {
    let sender: string;
    try {
      const forwarded = req.headersDistinct?.['x-forwarded-for'] ?? req.headers['x-forwarded-for'];
      sender = this.verifier.verify(req.socket?.remoteAddress ?? '', forwarded);
    } catch (e) {
      return refusal(403, e instanceof JumioError ? e : new JumioError(String(e)));
    }
    let bytes = bodyFrom(body);
    if (bytes === undefined) {
      const read = await readBody(req, this.maxBodyBytes);
      if ('failed' in read) return refusal(400, new JumioError('the request body could not be read'));
      if ('tooLarge' in read) return refusal(413, new ValidationError(`body is larger than ${this.maxBodyBytes} bytes`, { kind: 'validation', field: 'body', detail: `is larger than ${this.maxBodyBytes} bytes` }));
      bytes = read.body;
    } else if (bytes.length > this.maxBodyBytes) {
      return refusal(413, new ValidationError(`body is larger than ${this.maxBodyBytes} bytes`, { kind: 'validation', field: 'body', detail: `is larger than ${this.maxBodyBytes} bytes` }));
    }
    let callback: ParsedCallback;
    try {
      callback = parseCallback(bytes);
    } catch (e) {
      return { ...refusal(400, e instanceof JumioError ? e : new JumioError(String(e))), sender };
    }
    const duplicate = !this.seen.firstTime(callback.dedupeKey);
    return { status: 200, sender, callback, duplicate, error: null };
  }

  /** Hands a new callback to `onCallback` (nothing for a refusal or a duplicate). Call it once the answer went out. */
  deliver(outcome: CallbackOutcome): void {
    const { callback, sender } = outcome;
    if (outcome.status !== 200 || outcome.duplicate || callback === null || sender === null) return;
    Promise.resolve()
      .then(() => this.#onCallback(callback, { sender }))
      .catch((e: unknown) => {
        try {
          this.#onError(e, callback);
        } catch {
          // An error handler that fails has nowhere else to report to.
        }
      });
  }

  /** The whole endpoint on `node:http` (or any framework that hands over Node's request and response). */
  async handle(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<CallbackOutcome> {
    const outcome = await this.receive(req, body);
    afterResponse(res, () => this.deliver(outcome));
    answer(res, outcome.status);
    return outcome;
  }
}

/**
 * Answers with `status` and no body; a refusal closes the connection, so an unread body is not
 * drained.
 *
 * @internal
 */
export function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  if (status !== 200) res.setHeader('connection', 'close');
  res.setHeader('content-length', '0');
  res.end();
}
