// Cancellation: every method takes `{ signal }`. An abort drops the call's Rust future, which
// closes its HTTP request; the call rejects with an AbortError and the client goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import { AbortError, JumioError, Workflows } from 'jumio-kyx';
import { BACK, FRONT, SELFIE, ids, makeClient, sandboxFor } from './support.mjs';

async function waitFor(condition, ms = 10_000) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}

const request = (reference) => ({ customerInternalReference: reference, workflowDefinition: { key: Workflows.STANDALONE_ID_AND_IDENTITY_VERIFICATION } });

test('aborting createAccount during a slow answer closes the request: no account is created, and the client goes on', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const DELAY = 1500;
  sandbox.setFaults([{ operation: 'createAccount', latencyMs: DELAY, count: 1 }]);
  const controller = new AbortController();
  const started = Date.now();
  const pending = client.createAccount(request('node-aborted'), { signal: controller.signal });
  await waitFor(() => sandbox.requests('create_account').length === 1);
  controller.abort(new Error('the user went away'));
  await assert.rejects(pending, (e) => {
    assert.ok(e instanceof AbortError, e.stack);
    assert.ok(e instanceof JumioError);
    assert.equal(e.name, 'AbortError');
    assert.equal(e.code, 'ABORT_ERR');
    assert.equal(e.kind, 'aborted');
    assert.equal(e.operation, 'createAccount');
    assert.equal(e.cause.message, 'the user went away');
    return true;
  });
  assert.ok(Date.now() - started < DELAY, 'the call rejected before the delay elapsed');
  // Past the delay: the sandbox dropped the request with its connection; nothing was created.
  await sleep(DELAY + 500);
  assert.deepEqual(sandbox.workflows(), [], 'no account was created');
  const [logged] = sandbox.requests('create_account');
  assert.equal(logged.status, null, 'the sandbox never answered the aborted request');
  // The same client goes on (and did not re-send the aborted request).
  const account = await client.createAccount(request('node-after-abort'));
  assert.equal(sandbox.workflows().length, 1);
  assert.equal(sandbox.workflows()[0].id, account.workflowExecution.id);
  assert.equal(sandbox.requests('create_account').length, 2);
});

test('a signal that is already aborted rejects before anything is read or sent', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const reason = new Error('too late');
  const signal = AbortSignal.abort(reason);
  await assert.rejects(client.getHealth({ signal }), (e) => e instanceof AbortError && e.cause === reason);
  await assert.rejects(client.createAccount(request('never'), { signal }), AbortError);
  let read = false;
  const stream = new Readable({
    read() {
      read = true;
      this.push(null);
    },
  });
  await assert.rejects(client.uploadPart('a', 'w', 'c', 'FRONT', stream, { signal }), AbortError);
  await assert.rejects(client.runIdentityVerification({ customerInternalReference: 'never', front: FRONT, selfie: SELFIE }, { signal }), AbortError);
  await assert.rejects(client.downloadPart('a', 'c', 'FRONT', { signal, saveTo: '/nonexistent/never' }), AbortError);
  assert.equal(read, false, 'the stream was not read');
  assert.deepEqual(sandbox.requests(), [], 'nothing reached the sandbox');
  assert.deepEqual(sandbox.workflows(), []);
});

test('aborting waitForCompletion stops its poll loop; AbortSignal.timeout works the same way', async (t) => {
  const sandbox = sandboxFor(t, { processingDelayMs: 60_000 });
  const client = makeClient(sandbox);
  const { a, w } = ids(await client.runIdentityVerification({ customerInternalReference: 'node-wait-abort', front: FRONT, back: BACK, selfie: SELFIE }));
  const controller = new AbortController();
  const waiting = client.waitForCompletion(a, w, { pollIntervalMs: 50, signal: controller.signal });
  await waitFor(() => sandbox.requests('get_workflow_status').length >= 2);
  controller.abort();
  await assert.rejects(waiting, (e) => e instanceof AbortError && e.operation === 'waitForCompletion' && e.cause?.name === 'AbortError');
  const polls = sandbox.requests('get_workflow_status').length;
  await sleep(300);
  assert.equal(sandbox.requests('get_workflow_status').length, polls, 'no poll after the abort');

  const started = Date.now();
  await assert.rejects(client.waitForCompletion(a, w, { pollIntervalMs: 50, signal: AbortSignal.timeout(200) }), (e) => e instanceof AbortError && e.cause?.name === 'TimeoutError');
  assert.ok(Date.now() - started < 2000);
  // The workflow is still there to wait for.
  assert.equal((await client.getWorkflowStatus(a, w)).workflowExecution.status, 'ACQUIRED');
});

test('aborting a streaming upload stops the request and the stream', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const { a, w, id } = ids(await client.createAccount(request('node-upload-abort')));
  const controller = new AbortController();
  const image = Buffer.concat([FRONT, Buffer.alloc(1024 * 1024, 1)]);
  let offset = 0;
  const source = new Readable({
    read() {
      // 600 KiB, then nothing more: the upload is under way and waits for the rest.
      if (offset < 600 * 1024) {
        this.push(image.subarray(offset, offset + 64 * 1024));
        offset += 64 * 1024;
      }
    },
  });
  const pending = client.uploadPart(a, w, id, 'FRONT', source, { signal: controller.signal });
  await waitFor(() => sandbox.requests('upload_part').length === 1);
  controller.abort();
  await assert.rejects(pending, AbortError);
  await waitFor(() => source.destroyed);
  await sleep(300);
  assert.notEqual(sandbox.requests('upload_part')[0].status, 200, 'the upload did not complete');
  await assert.rejects(client.downloadPart(a, id, 'FRONT'), (e) => e.kind === 'not_found');
});
