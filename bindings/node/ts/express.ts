/**
 * `jumio-kyx/express`: a KYX callback endpoint for Express (4 or 5), a thin layer over
 * `CallbackReceiver`. Express itself is an optional peer dependency: this module does not load it.
 *
 * Mount the handler on a POST route **without a body parser in front of it** (no
 * `express.json()` for this path), so that the sender is checked before the body is read; a body
 * a parser already read is still accepted.
 *
 * The sender is the socket's peer address, not `req.ip`: Express's `trust proxy` setting does not
 * change it. Behind a reverse proxy, give the verifier `trustedProxies` (the proxy's address);
 * with none, a request carrying `X-Forwarded-For` is refused, since Jumio never sends it.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { CallbackVerifier } from 'jumio-kyx';
 * import { callbackHandler } from 'jumio-kyx/express';
 *
 * const app = express();
 * app.post('/jumio/callback', callbackHandler({
 *   verifier: new CallbackVerifier('US'),
 *   onCallback: (callback) => queue.push(callback), // runs after the 200, once per event
 * }));
 * ```
 *
 * @packageDocumentation
 */

import type { IncomingMessage, ServerResponse } from 'node:http';

import { CallbackReceiver, type CallbackReceiverOptions } from './receiver';

export type { CallbackContext, CallbackOutcome, CallbackReceiverOptions } from './receiver';

/** An Express request handler (typed on Node's request and response, so no Express types are needed). */
export type ExpressCallbackHandler = ((req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: (error?: unknown) => void) => void) & {
  /** The receiver behind the handler (its `seen` keys, its verifier). */
  readonly receiver: CallbackReceiver;
};

/**
 * An Express handler that receives KYX callbacks: 403 for a sender the verifier refuses (before
 * the body is read), 413 for a body over `maxBodyBytes`, 400 for a body that is not a callback,
 * else 200 at once; then `onCallback` with the typed callback, once per event.
 */
export function callbackHandler(options: CallbackReceiverOptions): ExpressCallbackHandler {
  const receiver = new CallbackReceiver(options);
  const handler = (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: (error?: unknown) => void): void => {
    receiver.handle(req, res, req.body).catch(next);
  };
  return Object.assign(handler, { receiver });
}
