// The Sandbox class: start options and every control method.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { AuthenticationError, Client, Sandbox, ValidationError, sampleImage } from 'jumio-kyx';
import { FRONT, SELFIE, UA, ids, makeClient, sandboxFor } from './support.mjs';

test('settings, clock, scenarios, journeys and workflow state', async (t) => {
  const sandbox = sandboxFor(t, { processingDelayMs: 60_000 });
  assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(sandbox.settings().processingDelayMs, 60_000);
  assert.equal(sandbox.updateSettings({ tokenTtlSecs: 120 }).tokenTtlSecs, 120);
  assert.throws(() => sandbox.updateSettings({ noSuchSetting: 1 }), ValidationError);
  const client = makeClient(sandbox);

  sandbox.setScenario({ usability: 'BLURRED' });
  assert.deepEqual(sandbox.scenario().labels, { usability: 'BLURRED' });
  const started = await client.runIdentityVerification({ customerInternalReference: 'node-sb-1', front: FRONT, selfie: SELFIE });
  const { a, w } = ids(started);
  assert.equal((await client.getWorkflowStatus(a, w)).workflowExecution.status, 'ACQUIRED');
  assert.equal(sandbox.workflowState(w).status, 'ACQUIRED');
  const before = sandbox.clock();
  const now = sandbox.advanceClock(61);
  assert.ok(Date.parse(now) - Date.parse(before.now) >= 60_000);
  assert.ok(sandbox.clock().offsetMs >= 61_000);
  assert.equal((await client.getWorkflowStatus(a, w)).workflowExecution.status, 'PROCESSED');
  assert.equal((await client.getWorkflowDetails(a, w)).decision.type, 'REJECTED');
  sandbox.setScenario({});

  const web = await client.createAccount({ customerInternalReference: 'node-sb-2', workflowDefinition: { key: 10011 } });
  sandbox.setWorkflowScenario(web.workflowExecution.id, { similarity: 'NO_MATCH' });
  sandbox.completeJourney(web.workflowExecution.id);
  sandbox.advanceClock(61);
  assert.equal((await client.getWorkflowDetails(web.account.id, web.workflowExecution.id)).capabilities.similarity[0].decision.details.label, 'NO_MATCH');
  assert.equal(sandbox.workflowState('missing'), null);
  assert.throws(() => sandbox.completeJourney('missing'), ValidationError);
});

test('faults, the request log, legacy scans, health, reset', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox, { maxRetries: 0 });
  sandbox.setFaults([{ operation: 'getHealth', status: 502, count: 1 }]);
  assert.equal(sandbox.faults()[0].status, 502);
  await assert.rejects(client.getHealth(), (e) => e.status === 502);
  assert.equal((await client.getHealth()).status, 'UP');
  const health = sandbox.requests('get_health');
  assert.equal(health.length, 2);
  assert.equal(health[0].fault !== null, true);
  assert.equal(health[1].userAgent, UA);
  sandbox.clearRequests();
  assert.deepEqual(sandbox.requests(), []);

  sandbox.seedLegacyScans([{ scanReference: 'node-wiped', state: 'wiped-out' }]);
  assert.ok(sandbox.legacyScans().some((s) => s.scanReference === 'node-wiped'));
  await assert.rejects(client.createMigration({ scanReferences: ['node-wiped'] }), (e) => e.migration === 'wiped_out');
  const moved = await client.createMigration({ scanReferences: ['node-moved-1'] });
  assert.deepEqual(sandbox.migrations(), [{ scanReference: 'node-moved-1', accountId: moved.account.id }]);

  sandbox.setHealth('DEGRADED', { database: 'DOWN' });
  const degraded = await client.getHealth();
  assert.equal(degraded.status, 'DEGRADED');
  sandbox.reset();
  assert.equal((await client.getHealth()).status, 'UP');
  assert.deepEqual(sandbox.faults(), []);
});

test('configured clients only, a fixed port, and closing', async (t) => {
  const sandbox = new Sandbox({ clients: { 'known-id': 'known-secret' } });
  t.after(() => sandbox.close());
  const good = new Client({ baseUrl: sandbox.url, clientId: 'known-id', clientSecret: 'known-secret', userAgent: UA });
  assert.equal((await good.getAccessToken()).token_type, 'Bearer');
  const bad = new Client({ baseUrl: sandbox.url, clientId: 'known-id', clientSecret: 'wrong', userAgent: UA });
  await assert.rejects(bad.getAccessToken(), (e) => e instanceof AuthenticationError && e.status === 401);
  assert.throws(() => new Sandbox({ port: 70_000 }), ValidationError);
  assert.equal(sampleImage('front').subarray(0, 2).toString('hex'), 'ffd8', 'a JPEG');
  assert.throws(() => sampleImage('passport'), ValidationError);
  const closed = new Sandbox();
  const url = closed.url;
  closed.close();
  assert.throws(() => closed.clock(), (e) => e instanceof ValidationError && /closed/.test(e.message), 'a closed sandbox refuses control calls');
  await assert.rejects(new Client({ baseUrl: url, clientId: 'a', clientSecret: 'b', userAgent: UA, maxRetries: 0 }).getHealth(), (e) => e.kind === 'transport');
});

test('a seed and a frozen clock give the same ids, tokens and timestamps, run after run', async () => {
  const run = async (seed) => {
    const sandbox = new Sandbox({ seed, clockStart: new Date('2030-01-02T03:04:05Z'), frozenClock: true, processingDelayMs: 0 });
    try {
      const account = await makeClient(sandbox).createAccount({ customerInternalReference: 'golden-1', workflowDefinition: { key: 10011 } });
      return { account: account.account.id, workflow: account.workflowExecution.id, token: account.sdk?.token, timestamp: account.timestamp };
    } finally {
      sandbox.close();
    }
  };
  const a = await run(7);
  assert.deepEqual(await run(7), a);
  assert.equal(a.timestamp, '2030-01-02T03:04:05.000Z');
  assert.notEqual((await run(8)).account, a.account);
  assert.notEqual((await run(undefined)).account, (await run(undefined)).account);
  assert.throws(() => new Sandbox({ clockStart: 'yesterday' }), /clockStart/);
});
