// Concurrency: many calls in flight on one client share one token and one connection pool.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { FRONT, SELFIE, ids, makeClient, sandboxFor } from './support.mjs';

test('Promise.all: 200 retrievals and 20 flows on one client, one token', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const accounts = await Promise.all(
    Array.from({ length: 20 }, (_, i) => client.runIdentityVerification({ customerInternalReference: `node-conc-${i}`, front: FRONT, selfie: SELFIE })),
  );
  assert.equal(new Set(accounts.map((a) => a.workflowExecution.id)).size, 20);
  const statuses = await Promise.all(
    Array.from({ length: 200 }, (_, i) => {
      const { a, w } = ids(accounts[i % accounts.length]);
      return client.getWorkflowStatus(a, w);
    }),
  );
  assert.ok(statuses.every((s) => s.workflowExecution.status === 'PROCESSED'));
  for (const [i, s] of statuses.entries()) {
    assert.equal(s.workflowExecution.id, accounts[i % accounts.length].workflowExecution.id, 'each answer belongs to its call');
  }
  assert.equal(sandbox.requests('get_access_token').length, 1, 'one token for all concurrent calls');
});

test('Promise.allSettled: failures of some calls do not disturb the others', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox, { maxRetries: 0 });
  const account = await client.createAccount({ customerInternalReference: 'node-mixed', workflowDefinition: { key: 10011 } });
  const { a, w } = ids(account);
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) => (i % 2 ? client.getWorkflowStatus(a, w) : client.getWorkflowStatus(a, `missing-${i}`))),
  );
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 25);
  assert.ok(results.filter((r) => r.status === 'rejected').every((r) => r.reason.status === 404));
});
