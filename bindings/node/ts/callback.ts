/**
 * Receiving callbacks. Jumio does not sign callbacks: check the sender's IP address against
 * Jumio's published list for your region, answer 200 at once, process each event once (by its
 * `dedupeKey`), then fetch the authoritative details.
 *
 * The receivers do every step: `CallbackReceiver` on `node:http`, `callbackHandler` of
 * `jumio-kyx/express` and `callbackPlugin` of `jumio-kyx/fastify`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { CallbackVerifier, SeenCallbacks, parseCallback } from 'jumio-kyx';
 *
 * const verifier = new CallbackVerifier('US');
 * const seen = new SeenCallbacks();
 * createServer(async (req, res) => {
 *   try {
 *     verifier.verify(req.socket.remoteAddress ?? '', req.headers['x-forwarded-for']);  // throws AuthenticationError for other senders
 *   } catch {
 *     res.writeHead(403).end();
 *     return;
 *   }
 *   const chunks: Buffer[] = [];
 *   for await (const c of req) chunks.push(c as Buffer);
 *   const callback = parseCallback(Buffer.concat(chunks));
 *   res.writeHead(200).end();
 *   if (seen.firstTime(callback.dedupeKey)) queue.push(callback); // later: client.getCallbackDetails(callback)
 * }).listen(8080);
 * ```
 *
 * @packageDocumentation
 */

import * as native from '../native/index.cjs';
import { ValidationError, nativeSync } from './errors';
import type { CallbackPayload } from './generated/types';

/** A callback payload with its `dedupeKey` (the same for every delivery of one event). */
export interface ParsedCallback extends CallbackPayload {
  dedupeKey: string;
}

/**
 * Parses a callback body (unknown statuses and fields are kept) and adds its `dedupeKey`.
 * Throws `InvalidResponseError` for a body that is not a callback.
 */
export function parseCallback(body: Buffer | Uint8Array | string): ParsedCallback {
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return nativeSync(() => native.parseCallback(bytes)) as ParsedCallback;
}

/** Options of a `CallbackVerifier`. */
export interface CallbackVerifierOptions {
  /** More addresses to accept (a sandbox on `127.0.0.1`). */
  allow?: string[];
  /**
   * Reverse proxies in front of the receiver; for requests from them the sender is the rightmost
   * `X-Forwarded-For` entry that is not a trusted proxy. Without any, a request carrying
   * `X-Forwarded-For` is refused (Jumio never sends it).
   */
  trustedProxies?: string[];
  /** Accept only the addresses of Jumio's current docs, not the 2021–2023 ones. */
  currentOnly?: boolean;
}

/** Checks that a callback comes from one of Jumio's callback addresses. */
export class CallbackVerifier {
  /** `US`, `EU`, `SG` (or `amer-1`, `emea-1`, `apac-1`), or `all`. */
  readonly region: string;
  readonly #native: native.NativeCallbackVerifier;

  /** Throws `ValidationError` at once for an unknown region or a malformed address. */
  constructor(region = 'all', options: CallbackVerifierOptions = {}) {
    this.region = region;
    this.#native = nativeSync(() => new native.NativeCallbackVerifier(region, options.allow ?? [], options.trustedProxies ?? [], options.currentOnly ?? false));
  }

  /**
   * Checks the sender: the socket's peer address (`req.socket.remoteAddress`; IPv4-mapped forms are
   * fine), and `X-Forwarded-For` when the peer is a trusted proxy: pass every header line
   * (`req.headers['x-forwarded-for']`, which Node joins, or `req.headersDistinct['x-forwarded-for']`);
   * the sender is the rightmost entry that is not a trusted proxy. Jumio never sends
   * `X-Forwarded-For`: when the verifier trusts no proxy, a request carrying it is refused (it
   * came through a proxy the verifier was not told about, or its sender wrote it). Returns the
   * sender's address, or throws `AuthenticationError`.
   */
  verify(peer: string, forwardedFor?: string | readonly string[] | null): string {
    const lines = forwardedFor == null ? [] : typeof forwardedFor === 'string' ? [forwardedFor] : [...forwardedFor];
    return nativeSync(() => this.#native.verify(peer, lines));
  }
}

/**
 * The dedupe keys of callbacks already handled, so that a redelivery is answered 200 and dropped
 * (the core's `SeenCallbacks`). Bounded: past `capacity` keys (100,000 by default) the oldest are
 * forgotten, so a flood cannot exhaust memory. The bound holds in bytes whatever the keys' length
 * (a sender chooses its workflow id): each key is kept as a fixed-size keyed hash, at most 94
 * bytes a key, about 6 MB for 100,000. Share one between receivers that should not both handle
 * an event.
 *
 * @example
 * ```ts
 * import { SeenCallbacks } from 'jumio-kyx';
 *
 * const seen = new SeenCallbacks();
 * if (seen.firstTime(callback.dedupeKey)) queue.push(callback);
 * ```
 */
export class SeenCallbacks {
  readonly #native: native.NativeSeenCallbacks;

  /** Remembers at most `capacity` keys (at least one). */
  constructor(capacity?: number) {
    if (capacity !== undefined && !(Number.isInteger(capacity) && capacity >= 1 && capacity <= 0xffff_ffff)) {
      throw new ValidationError('capacity must be a whole number of at least 1', { kind: 'validation', field: 'capacity', detail: 'must be a whole number of at least 1' });
    }
    this.#native = new native.NativeSeenCallbacks(capacity);
  }

  /** `true` the first time a key is seen (and remembers it), `false` for a repeat. */
  firstTime(key: string): boolean {
    return this.#native.firstTime(key);
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.#native.size;
  }
}
