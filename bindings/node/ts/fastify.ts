/**
 * `jumio-kyx/fastify`: a KYX callback endpoint for Fastify 5, a thin layer over
 * `CallbackReceiver`. Fastify is an optional peer dependency; only its types are used here.
 *
 * The plugin registers one POST route (`path`, under the prefix it is registered with). Inside
 * the plugin's own scope it replaces Fastify's body parsers by one that leaves the body unread,
 * so that the sender is checked before the body is read; the rest of your app keeps its parsers.
 *
 * The sender is the socket's peer address, not `request.ip`: Fastify's `trustProxy` option does
 * not change it. Behind a reverse proxy, give the verifier `trustedProxies` (the proxy's
 * address); with none, a request carrying `X-Forwarded-For` is refused, since Jumio never sends
 * it.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { CallbackVerifier } from 'jumio-kyx';
 * import { callbackPlugin } from 'jumio-kyx/fastify';
 *
 * const app = Fastify();
 * await app.register(callbackPlugin, {
 *   path: '/jumio/callback',
 *   verifier: new CallbackVerifier('US'),
 *   onCallback: (callback) => queue.push(callback), // runs after the 200, once per event
 * });
 * ```
 *
 * @packageDocumentation
 */

import type { FastifyPluginCallback } from 'fastify';

import { CallbackReceiver, type CallbackReceiverOptions, afterResponse } from './receiver';

export type { CallbackContext, CallbackOutcome, CallbackReceiverOptions } from './receiver';

/** The options of `callbackPlugin`. */
export interface CallbackPluginOptions extends CallbackReceiverOptions {
  /** The route's path (`/`, under the plugin's prefix, by default). */
  path?: string;
}

/**
 * A Fastify plugin that receives KYX callbacks at `path`: 403 for a sender the verifier refuses
 * (before the body is read), 413 for a body over `maxBodyBytes`, 400 for a body that is not a
 * callback, else 200 at once; then `onCallback` with the typed callback, once per event.
 */
export const callbackPlugin: FastifyPluginCallback<CallbackPluginOptions> = (fastify, options, done) => {
  const { path = '/', ...receiverOptions } = options;
  let receiver: CallbackReceiver;
  try {
    receiver = new CallbackReceiver(receiverOptions);
  } catch (e) {
    done(e as Error);
    return;
  }
  // Left unread: the receiver reads the body itself, bounded, after the sender check.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null, undefined));
  fastify.post(path, async (request, reply) => {
    const outcome = await receiver.receive(request.raw);
    afterResponse(reply.raw, () => receiver.deliver(outcome));
    if (outcome.status !== 200) reply.header('connection', 'close');
    return reply.code(outcome.status).send();
  });
  done();
};
