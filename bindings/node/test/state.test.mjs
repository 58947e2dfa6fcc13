// State that survives and state you can hand over: `stateDir`, `exportState` and `importState`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { Sandbox } from 'jumio-kyx';
import { FRONT, SELFIE, ids, makeClient, sandboxFor, tempDir } from './support.mjs';

test('a sandbox on a state dir resumes after a restart', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = new Sandbox({ stateDir: dir, processingDelayMs: 60_000 });
  const started = await makeClient(first).runIdentityVerification({ customerInternalReference: 'node-state-1', front: FRONT, selfie: SELFIE });
  const { a, w } = ids(started);
  first.close();
  assert.ok(existsSync(join(dir, 'state.sqlite3')));
  const again = new Sandbox({ stateDir: dir, processingDelayMs: 60_000 });
  t.after(() => again.close());
  const client = makeClient(again);
  assert.equal((await client.getWorkflowStatus(a, w)).workflowExecution.status, 'ACQUIRED');
  again.advanceClock(61);
  assert.equal((await client.getWorkflowStatus(a, w)).workflowExecution.status, 'PROCESSED');
});

test('an exported state serves the same accounts, details and images elsewhere', async (t) => {
  const a = sandboxFor(t);
  const b = sandboxFor(t);
  const started = await makeClient(a).runIdentityVerification({ customerInternalReference: 'node-state-2', front: FRONT, selfie: SELFIE });
  const { a: account, w } = ids(started);
  const credential = started.workflowExecution.credentials.find((c) => c.category === 'ID').id;
  const state = a.exportState();
  assert.equal(state.format, 'jumio-kyx-sandbox-state');
  b.importState(JSON.stringify(state));
  const [ca, cb] = [makeClient(a), makeClient(b)];
  assert.deepEqual((await cb.getWorkflowDetails(account, w)).decision, (await ca.getWorkflowDetails(account, w)).decision);
  const part = await cb.downloadPart(account, credential, 'FRONT');
  assert.ok(Buffer.from(part.content).equals(Buffer.from(FRONT)));
  assert.deepEqual(b.workflows().map((x) => x.id), [w]);
});

test('a broken or foreign state document is refused and changes nothing', async (t) => {
  const a = sandboxFor(t);
  const b = sandboxFor(t);
  await makeClient(a).runIdentityVerification({ customerInternalReference: 'node-state-3', front: FRONT, selfie: SELFIE });
  const kept = await makeClient(b).createAccount({ customerInternalReference: 'kept', workflowDefinition: { key: 10011 } });
  const good = a.exportState();
  const cases = [
    [{ ...good, version: 2 }, /version 2/],
    [{ ...good, format: 'other' }, /not a sandbox state/],
    ['{not json', /not JSON/],
  ];
  for (const [doc, says] of cases) {
    assert.throws(() => b.importState(doc), (e) => says.test(e.message), String(says));
    assert.deepEqual(b.workflows().map((x) => x.id), [kept.workflowExecution.id]);
  }
});
