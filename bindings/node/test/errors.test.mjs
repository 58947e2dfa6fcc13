// Errors: the class hierarchy, their fields, pre-flight checks that send nothing, and no personal
// data or secret in any message or printed form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { createRequire } from 'node:module';

import * as kyx from 'jumio-kyx';
import {
  AuthenticationError,
  Client,
  ConfigurationError,
  JumioError,
  MigrationError,
  NotFoundError,
  RateLimitError,
  RedirectError,
  ServerError,
  TimeoutError,
  TransportError,
  ValidationError,
} from 'jumio-kyx';
import { FRONT, SELFIE, UA, makeClient, sandboxFor } from './support.mjs';

test('pre-flight errors name the field and send nothing', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const cases = [
    [{ customerInternalReference: 'a/b', workflowDefinition: { key: 10011 } }, 'customerInternalReference'],
    [{ customerInternalReference: 'x'.repeat(101), workflowDefinition: { key: 10011 } }, 'customerInternalReference'],
    [{ customerInternalReference: 'ok', workflowDefinition: { key: 10011 }, tokenLifetime: '61d' }, 'tokenLifetime'],
    [{ customerInternalReference: 'ok', workflowDefinition: { key: 10011 }, web: { locale: 'english' } }, 'web.locale'],
  ];
  for (const [request, field] of cases) {
    await assert.rejects(client.createAccount(request), (e) => {
      assert.ok(e instanceof ValidationError && e instanceof JumioError && e instanceof Error);
      assert.equal(e.field, field);
      assert.equal(e.kind, 'validation');
      assert.equal(e.status, null);
      assert.equal(e.retryable, false);
      assert.equal(e.name, 'ValidationError');
      assert.ok(!e.message.includes('a/b'), 'the refused value is not repeated');
      return true;
    });
  }
  await assert.rejects(client.uploadPart('a', 'w', 'c', 'FRONT', Buffer.from('%PDF-1.4 not an image')), (e) => e instanceof ValidationError && e.field === 'front');
  await assert.rejects(client.uploadPreparedData('a', 'w', 'c', { dateOfBirth: '1990-02-30' }), (e) => e instanceof ValidationError && e.field === 'dateOfBirth');
  await assert.rejects(client.runIdentityVerification({ customerInternalReference: 'flow', front: FRONT, selfie: Buffer.from('not a selfie') }), (e) => e.field === 'selfie');
  await assert.rejects(client.createAccount({ customerInternalReference: 'ok' }), ValidationError);
  await assert.rejects(client.uploadPart('a', 'w', 'c', 'FRONT', 42), (e) => e instanceof ValidationError && e.field === 'front');
  await assert.rejects(client.uploadPart('a', 'w', 'c', 'FRONT', '/no/such/file.jpg'), (e) => e instanceof ValidationError && e.field === 'front');
  // A stream larger than the upload limit is refused without reading it all.
  const small = makeClient(sandbox, { maxUploadBytes: 1000 });
  let read = 0;
  const endless = new Readable({
    read() {
      read += 512;
      this.push(Buffer.alloc(512));
    },
  });
  await assert.rejects(small.uploadPart('a', 'w', 'c', 'FRONT', endless), (e) => e instanceof ValidationError && e.field === 'front' && /1000 bytes/.test(e.message));
  assert.ok(read < 100_000, `read ${read} bytes of an endless stream`);
  assert.deepEqual(sandbox.requests(), [], 'nothing reached the server');
});

test('server errors are typed, with status, request id and whether a retry may help', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  await assert.rejects(client.getWorkflowExecution('missing'), (e) => {
    assert.ok(e instanceof NotFoundError);
    assert.equal(e.status, 404);
    assert.ok(e.requestId, 'the request id is kept for support');
    assert.equal(e.operation, 'getWorkflowExecution');
    assert.equal(typeof e.title, 'string');
    return true;
  });
  const account = await client.createAccount({ customerInternalReference: 'node-err', workflowDefinition: { key: 10011 } });
  const [a, w] = [account.account.id, account.workflowExecution.id];
  sandbox.setFaults([{ operation: 'getWorkflowStatus', status: 503, count: 10 }]);
  await assert.rejects(client.getWorkflowStatus(a, w), (e) => e instanceof ServerError && e.status === 503 && e.retryable);
  assert.equal(sandbox.requests('get_workflow_status').length, 4, 'one call and three retries');
  // A 429 was not processed: waited for and retried, on its own budget (not maxRetries).
  sandbox.setFaults([{ operation: 'getWorkflowStatus', status: 429, retryAfter: 0, count: 2 }]);
  assert.equal((await makeClient(sandbox, { maxRetries: 0 }).getWorkflowStatus(a, w)).workflowExecution.id, w);
  sandbox.setFaults([{ operation: 'getWorkflowStatus', status: 429, retryAfter: 1, count: 10 }]);
  await assert.rejects(makeClient(sandbox, { maxRateLimitRetries: 0 }).getWorkflowStatus(a, w), (e) => e instanceof RateLimitError && e.retryAfterMs === 1000 && e.retryable);
  // An HTML gateway page is classified by its status; the page is kept, out of the message and of inspect().
  sandbox.setFaults([{ operation: 'getWorkflowStatus', status: 502, body: '<html><h1>502 Bad Gateway</h1></html>', contentType: 'text/html' }]);
  await assert.rejects(makeClient(sandbox, { maxRetries: 0 }).getWorkflowStatus(a, w), (e) => {
    assert.ok(e instanceof ServerError && e.status === 502);
    assert.ok(e.body.includes('<h1>'));
    assert.ok(!e.message.includes('<h1>') && !inspect(e).includes('<h1>'));
    return true;
  });
  sandbox.setFaults([{ operation: 'getWorkflowStatus', status: 302, headers: { Location: 'https://elsewhere.example/x' } }]);
  await assert.rejects(client.getWorkflowStatus(a, w), (e) => e instanceof RedirectError && e.status === 302 && e.message.includes('elsewhere.example'));
  sandbox.clearFaults();
  for (const [scans, code] of [[['x-WIPED-1'], 'wiped_out'], [['x-NOTFOUND-1'], 'scan_not_found'], [['x-PENDING-1'], 'not_in_final_state']]) {
    await assert.rejects(client.createMigration({ scanReferences: scans }), (e) => e instanceof MigrationError && e.migration === code && e.scanReferences.join() === scans.join());
  }
  // Basic credentials the platform does not know: 403, as Jumio documents for bad credentials.
  const strict = sandboxFor(t, { clients: { known: 'pw' } });
  const legacy = new Client({ baseUrl: strict.url, apiToken: 't', apiSecret: 's', userAgent: UA });
  await assert.rejects(legacy.createMigration({ scanReferences: ['s'] }), (e) => e instanceof AuthenticationError && e.status === 403);
  // Account creation is never retried after a dropped answer: it may have created something.
  sandbox.setFaults([{ operation: 'createAccount', drop: 'after', count: 1 }]);
  await assert.rejects(client.createAccount({ customerInternalReference: 'node-drop', workflowDefinition: { key: 10011 } }), TransportError);
  assert.equal(sandbox.requests('create_account').filter((r) => r.fault).length, 1);
  assert.equal(sandbox.requests('create_account').length, 2, 'the first account and the dropped one; no retry');
});

test('configuration errors are thrown by the constructor; timeouts and transport errors', async (t) => {
  assert.throws(() => new Client({ region: 'US', clientId: 'a', clientSecret: 'b' }), (e) => e instanceof ConfigurationError && /User-Agent/.test(e.message));
  assert.throws(() => new Client({ baseUrl: 'http://example.com', userAgent: UA }), (e) => e instanceof ConfigurationError && /plain http/.test(e.message));
  assert.throws(() => new Client({ region: 'MARS', userAgent: UA }), (e) => e instanceof ValidationError && e.field === 'region');
  // Every option is read on its own (a backoff without a retry count is not ignored), and a
  // time that is not a finite number more than zero is refused, naming the option.
  assert.throws(() => new Client({ baseUrl: 'http://127.0.0.1:9', userAgent: UA, initialBackoffMs: 60_000 }), (e) => e instanceof ValidationError && e.field === 'initial_backoff');
  for (const bad of [Infinity, NaN, -1, 0]) {
    assert.throws(() => new Client({ baseUrl: 'http://127.0.0.1:9', userAgent: UA, deadlineMs: bad }), (e) => e instanceof ValidationError && e.field === 'deadline', String(bad));
  }
  const sandbox = sandboxFor(t);
  sandbox.setFaults([{ operation: 'getHealth', latencyMs: 2000 }]);
  await assert.rejects(makeClient(sandbox, { deadlineMs: 300 }).getHealth(), (e) => e instanceof TimeoutError && e.kind === 'timeout');
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  await new Promise((r) => server.close(r));
  const unreachable = new Client({ baseUrl: `http://127.0.0.1:${port}`, userAgent: UA, maxRetries: 0 });
  await assert.rejects(unreachable.getHealth(), (e) => e instanceof TransportError && e.retryable);
});

test('no secret or personal data in printed clients, errors or the sandbox log', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox, { clientSecret: 'S3CRET-node-value' });
  for (const shown of [inspect(client), String(client), JSON.stringify(client)]) {
    assert.ok(!shown.includes('S3CRET-node-value'), shown);
  }
  assert.match(inspect(client), /OAuth2\(<redacted>\)/);
  const pii = 'Jane Q. Specimen 1990-01-01';
  const errors = [];
  for (const call of [
    () => client.createAccount({ customerInternalReference: `${pii}/`, workflowDefinition: { key: 10011 } }),
    () => client.uploadPreparedData('a', 'w', 'c', { firstName: pii, dateOfBirth: '1990-02-30' }),
    () => client.createMigration({ scanReferences: [] }),
  ]) {
    await call().catch((e) => errors.push(e));
  }
  assert.equal(errors.length, 3);
  for (const e of errors) {
    for (const shown of [e.message, String(e), inspect(e), JSON.stringify(e), e.detail ?? '']) {
      assert.ok(!shown.includes(pii) && !shown.includes('Specimen'), shown);
    }
  }
  const token = await client.getAccessToken();
  await client.getHealth();
  const log = JSON.stringify(sandbox.requests());
  assert.ok(!log.includes(token.access_token) && !log.includes('S3CRET'), 'the request log keeps only the kind of credential');
});

test('every error kind of the core has its exception class', () => {
  // The core lists the kinds and their classes once; the package must throw each of them.
  const native = createRequire(import.meta.url)('../native/index.cjs');
  const classes = native.errorClasses();
  assert.ok(classes.some(([kind]) => kind === 'local_file'));
  for (const [kind, name] of classes) {
    const Class = kyx[name];
    assert.equal(typeof Class, 'function', name);
    assert.ok(Class.prototype instanceof JumioError, name);
    const e = new Class('m', { kind });
    assert.equal(e.kind, kind);
  }
});

test('a client shows its endpoint as configured, never its secret', () => {
  const client = new Client({ region: 'EU', clientId: 'a', clientSecret: 'S3CRET-shown', userAgent: UA });
  assert.match(String(client), /endpoint: region EU/);
  assert.ok(!String(client).includes('S3CRET-shown'));
});
