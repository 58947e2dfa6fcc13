// Callbacks: the sandbox delivers them to a local receiver that checks the sender, parses the body,
// deduplicates, and fetches the authoritative details.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';

import { AuthenticationError, CallbackVerifier, InvalidResponseError, ValidationError, parseCallback } from 'jumio-kyx';
import { BACK, FRONT, SELFIE, makeClient, sandboxFor } from './support.mjs';

/** A receiver that answers 200 to verified senders and records what it got. */
async function receiver(t, verifier, status = 200) {
  const received = [];
  const refused = [];
  let notify = () => {};
  const server = createServer(async (req, res) => {
    try {
      verifier.verify(req.socket.remoteAddress ?? '', req.headers['x-forwarded-for'] ?? null);
    } catch (e) {
      refused.push(e);
      res.writeHead(403).end();
      return;
    }
    const chunks = [];
    for await (const c of req) chunks.push(c);
    received.push(Buffer.concat(chunks));
    res.writeHead(status).end();
    notify();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  const next = (count) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waited for ${count} callbacks, got ${received.length}`)), 10_000);
      const check = () => {
        if (received.length >= count) {
          clearTimeout(timer);
          resolve(received);
        }
      };
      notify = check;
      check();
    });
  return { url: `http://127.0.0.1:${server.address().port}/jumio`, received, refused, next };
}

test('a finished workflow calls back; the receiver verifies, parses and fetches the details', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const rx = await receiver(t, new CallbackVerifier('US', { allow: ['127.0.0.1'] }));
  const account = await client.runIdentityVerification({ customerInternalReference: 'node-cb', front: FRONT, back: BACK, selfie: SELFIE, callbackUrl: rx.url });
  const [body] = await rx.next(1);
  const callback = parseCallback(body);
  assert.equal(callback.workflowExecution.id, account.workflowExecution.id);
  assert.equal(callback.workflowExecution.status, 'PROCESSED');
  assert.match(callback.dedupeKey, /\S/);
  assert.equal(parseCallback(body.toString()).dedupeKey, callback.dedupeKey, 'the same event has the same key');
  const fromParsed = await client.getCallbackDetails(callback);
  const fromBody = await client.getCallbackDetails(body);
  assert.equal(fromParsed.decision.type, 'PASSED');
  assert.deepEqual(fromBody, fromParsed);
  const sent = sandbox.callbacks();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].state, 'delivered');
  assert.equal(sent[0].attempts[0].status, 200);
});

test('a receiver that refuses the sender gets retried, and a failing one too', async (t) => {
  const sandbox = sandboxFor(t, { callbackAttempts: 3 });
  const client = makeClient(sandbox);
  const strict = await receiver(t, new CallbackVerifier('EU'));
  await client.runIdentityVerification({ customerInternalReference: 'node-cb-refused', front: FRONT, selfie: SELFIE, callbackUrl: strict.url });
  await waitFor(() => sandbox.callbacks()[0]?.state === 'failed');
  assert.equal(strict.received.length, 0);
  assert.equal(strict.refused.length, 3, 'every attempt was refused');
  assert.ok(strict.refused.every((e) => e instanceof AuthenticationError));
  assert.deepEqual(sandbox.callbacks()[0].attempts.map((a) => a.status), [403, 403, 403]);
});

test('the verifier: published addresses, proxies, IPv4-mapped peers, bad input', () => {
  const us = new CallbackVerifier('US');
  assert.equal(us.verify('34.202.241.227'), '34.202.241.227');
  assert.throws(() => us.verify('34.253.41.236'), AuthenticationError);
  assert.throws(() => us.verify('203.0.113.9'), (e) => e instanceof AuthenticationError && e.kind === 'authentication');
  assert.equal(new CallbackVerifier('all').verify('::ffff:34.202.241.227'), '34.202.241.227');
  const behind = new CallbackVerifier('EU', { trustedProxies: ['10.0.0.5'] });
  assert.equal(behind.verify('10.0.0.5', '198.51.100.1, 52.48.0.25'), '52.48.0.25');
  assert.equal(behind.verify('::ffff:10.0.0.5', '52.48.0.25'), '52.48.0.25');
  assert.throws(() => behind.verify('10.0.0.6', '52.48.0.25'), AuthenticationError);
  // A sender that names itself in a first header line, behind a proxy that appends a second.
  assert.throws(() => behind.verify('10.0.0.5', ['52.48.0.25', '203.0.113.9']), AuthenticationError);
  assert.equal(behind.verify('10.0.0.5', ['203.0.113.9', '52.48.0.25']), '52.48.0.25');
  assert.throws(() => new CallbackVerifier('MARS'), ValidationError);
  assert.throws(() => new CallbackVerifier('US', { allow: ['not-an-ip'] }), ValidationError);
  assert.throws(() => us.verify('nonsense'), ValidationError);
  assert.throws(() => parseCallback(Buffer.from('{not json')), InvalidResponseError);
});

async function waitFor(condition, ms = 10_000) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
