// The callback receivers of `jumio-kyx/express` and `jumio-kyx/fastify`, each in the real
// framework listening on loopback, receiving real callbacks from the sandbox: the sender check,
// 200 at once with user code after it, redeliveries dropped, 400/403/413.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import express from 'express';
import Fastify from 'fastify';

import { CallbackReceiver, CallbackVerifier, SeenCallbacks } from 'jumio-kyx';
import { callbackHandler } from 'jumio-kyx/express';
import { callbackPlugin } from 'jumio-kyx/fastify';
import { BACK, FRONT, SELFIE, makeClient, sandboxFor } from './support.mjs';

const PATH = '/jumio/callback';

/** Each framework, serving a receiver with `options` on loopback. */
const frameworks = {
  async express(t, options) {
    const app = express();
    app.post(PATH, callbackHandler(options));
    const server = await new Promise((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', (e) => (e ? reject(e) : resolve(s)));
    });
    t.after(() => new Promise((resolve) => server.close(resolve)));
    return `http://127.0.0.1:${server.address().port}${PATH}`;
  },
  async fastify(t, options) {
    const app = Fastify();
    await app.register(callbackPlugin, { path: PATH, ...options });
    await app.listen({ port: 0, host: '127.0.0.1' });
    t.after(() => app.close());
    return `http://127.0.0.1:${app.server.address().port}${PATH}`;
  },
};

async function waitFor(condition, ms = 10_000) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** A callback body as Jumio sends it (from Jumio's docs). */
function body(workflowId = 'w-1') {
  return JSON.stringify({
    callbackSentAt: '2021-01-21T14:55:01.917Z',
    workflowExecution: { id: workflowId, href: `https://retrieval.amer-1.jumio.ai/api/v1/workflow-executions/${workflowId}`, definitionKey: '10011', status: 'PROCESSED' },
    account: { id: 'a-1', href: 'https://retrieval.amer-1.jumio.ai/api/v1/accounts/a-1' },
  });
}

/** POSTs `data` from 127.0.0.1 and returns the status. */
async function post(url, data, headers = {}) {
  const r = await fetch(url, { method: 'POST', body: data, headers: { 'content-type': 'application/json', ...headers } });
  await r.arrayBuffer();
  return r.status;
}

for (const [name, serve] of Object.entries(frameworks)) {
  test(`${name}: a sandbox callback is answered 200 at once, handed over typed after the answer, and its redelivery is dropped`, async (t) => {
    const sandbox = sandboxFor(t);
    const client = makeClient(sandbox);
    const handled = [];
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    const url = await serve(t, {
      verifier: new CallbackVerifier('US', { allow: ['127.0.0.1'] }),
      onCallback: async (callback, context) => {
        handled.push({ callback, context });
        await gate; // user code still running: the sender must have its 200 already
      },
    });
    const account = await client.runIdentityVerification({ customerInternalReference: `node-${name}`, front: FRONT, back: BACK, selfie: SELFIE, callbackUrl: url });
    await waitFor(() => handled.length === 1);
    await waitFor(() => sandbox.callbacks()[0]?.state === 'delivered');
    assert.deepEqual(sandbox.callbacks()[0].attempts.map((a) => a.status), [200], 'answered 200 while user code was still running');
    release();
    const [{ callback, context }] = handled;
    assert.equal(callback.workflowExecution.id, account.workflowExecution.id);
    assert.equal(callback.workflowExecution.status, 'PROCESSED');
    assert.equal(callback.account.id, account.account.id);
    assert.equal(callback.dedupeKey, `${account.workflowExecution.id}:PROCESSED`);
    assert.equal(context.sender, '127.0.0.1');
    assert.equal((await client.getCallbackDetails(callback)).decision.type, 'PASSED');

    // The sandbox delivers the same callback again: answered 200, not handed over twice.
    sandbox.redeliverCallback(sandbox.callbacks()[0].id);
    await waitFor(() => sandbox.callbacks()[0].attempts.length === 2);
    assert.deepEqual(sandbox.callbacks()[0].attempts.map((a) => a.status), [200, 200]);
    await sleep(100);
    assert.equal(handled.length, 1, 'user code saw the event once');
  });

  test(`${name}: a sender the verifier does not allow gets 403 and user code is not called`, async (t) => {
    const sandbox = sandboxFor(t, { callbackAttempts: 2 });
    const client = makeClient(sandbox);
    let calls = 0;
    // Jumio's US addresses only: the sandbox on 127.0.0.1 is not one of them.
    const url = await serve(t, { verifier: new CallbackVerifier('US'), onCallback: () => calls++ });
    await client.runIdentityVerification({ customerInternalReference: `node-${name}-refused`, front: FRONT, selfie: SELFIE, callbackUrl: url });
    await waitFor(() => sandbox.callbacks()[0]?.state === 'failed');
    assert.deepEqual(sandbox.callbacks()[0].attempts.map((a) => a.status), [403, 403]);
    await sleep(50);
    assert.equal(calls, 0);
  });

  test(`${name}: behind a trusted proxy the forwarded sender is checked; bodies are bounded (413) and must be callbacks (400)`, async (t) => {
    const handled = [];
    const errors = [];
    const seen = new SeenCallbacks(10);
    const url = await serve(t, {
      // 127.0.0.1 is the proxy, not an allowed sender.
      verifier: new CallbackVerifier('US', { trustedProxies: ['127.0.0.1'] }),
      onCallback: (callback, context) => {
        handled.push({ callback, context });
        throw new Error('user code failed');
      },
      onError: (e, callback) => errors.push({ e, callback }),
      maxBodyBytes: 1024,
      seen,
    });
    const jumio = { 'x-forwarded-for': '198.51.100.7, 34.202.241.227' };
    assert.equal(await post(url, body()), 403, 'the proxy itself is not a sender');
    assert.equal(await post(url, body(), { 'x-forwarded-for': '203.0.113.9' }), 403, 'a forwarded sender that is not Jumio');
    assert.equal(await post(url, '{"not": "a callback"}', jumio), 400);
    assert.equal(await post(url, 'x'.repeat(2000), jumio), 413, 'a declared length over the bound');
    assert.equal(await unfinished(url, jumio, 2048), 413, 'a streamed body over the bound');
    assert.equal(await unfinished(url, { 'x-forwarded-for': '203.0.113.9' }, 10), 403, 'refused before the body is read (it never ends)');
    assert.equal(handled.length, 0, 'nothing refused reaches user code');

    assert.equal(await post(url, body('w-7'), jumio), 200);
    assert.equal(await post(url, body('w-7'), jumio), 200, 'a repeat is answered 200');
    await waitFor(() => errors.length === 1);
    assert.equal(handled.length, 1, 'and dropped');
    assert.equal(handled[0].context.sender, '34.202.241.227');
    assert.equal(handled[0].callback.workflowExecution.id, 'w-7');
    assert.equal(errors[0].e.message, 'user code failed', 'a failing handler is reported to onError');
    assert.equal(seen.size, 1);
  });
}

for (const [name, serve] of Object.entries(frameworks)) {
  test(`${name}: with no trusted proxy, a request carrying X-Forwarded-For is refused (Jumio never sends it)`, async (t) => {
    const handled = [];
    // Loopback is an accepted sender (a local sandbox); no proxy is trusted.
    const url = await serve(t, {
      verifier: new CallbackVerifier('US', { allow: ['127.0.0.1'] }),
      onCallback: (callback) => handled.push(callback),
    });
    assert.equal(await post(url, body('w-xff'), { 'x-forwarded-for': '34.202.241.227' }), 403, 'a forged Jumio address');
    assert.equal(await post(url, body('w-xff'), { 'x-forwarded-for': '203.0.113.9' }), 403);
    assert.equal(await unfinished(url, { 'x-forwarded-for': '34.202.241.227' }, 10), 403, 'refused before the body is read');
    // The same event without the header: new, the refused ones were not remembered.
    assert.equal(await post(url, body('w-xff')), 200);
    await waitFor(() => handled.length === 1);
    await sleep(50);
    assert.deepEqual(handled.map((c) => c.dedupeKey), ['w-xff:PROCESSED']);
  });
}

test('node:http: the refusal of X-Forwarded-For says why and how to configure a proxy', async (t) => {
  const receiver = new CallbackReceiver({ verifier: new CallbackVerifier('US', { allow: ['127.0.0.1'] }), onCallback() {} });
  const outcomes = [];
  const server = createServer((req, res) => void receiver.handle(req, res).then((o) => outcomes.push(o)));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${server.address().port}/`;
  assert.equal(await post(url, body('w-http'), { 'x-forwarded-for': '34.202.241.227' }), 403);
  const [outcome] = outcomes;
  assert.equal(outcome.error.kind, 'authentication');
  assert.match(outcome.error.detail, /Jumio never sends X-Forwarded-For/);
  assert.match(outcome.error.detail, /trusted proxy/);
  assert.equal(receiver.seen.size, 0);
  // The verifier alone: any peer, any header line.
  const verifier = new CallbackVerifier('US', { allow: ['127.0.0.1'] });
  assert.throws(() => verifier.verify('34.202.241.227', '34.202.241.227'), (e) => e.kind === 'authentication');
  assert.throws(() => verifier.verify('127.0.0.1', ['', '203.0.113.9']), (e) => e.kind === 'authentication');
  assert.equal(verifier.verify('127.0.0.1', []), '127.0.0.1');
});

/** Sends `bytes` of a body without a length (chunked), never ends it, and returns the answer's status. */
function unfinished(url, headers, bytes) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode);
      req.destroy();
    });
    req.on('error', reject);
    req.write('x'.repeat(bytes));
  });
}

test('the receiver refuses bad options; SeenCallbacks is bounded', () => {
  assert.throws(() => callbackHandler({ onCallback() {} }), (e) => e.field === 'verifier');
  assert.throws(() => callbackHandler({ verifier: new CallbackVerifier('US') }), (e) => e.field === 'onCallback');
  assert.throws(() => callbackHandler({ verifier: new CallbackVerifier('US'), onCallback() {}, maxBodyBytes: 0 }), (e) => e.field === 'maxBodyBytes');
  assert.throws(() => new SeenCallbacks(0), (e) => e.field === 'capacity');
  const seen = new SeenCallbacks(1);
  assert.equal(seen.firstTime('a'), true);
  assert.equal(seen.firstTime('a'), false);
  assert.equal(seen.firstTime('b'), true);
  assert.equal(seen.firstTime('a'), true, 'the oldest key was forgotten');
});
