// Every operation of the client, against an in-process sandbox over HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

import { Client, LocalFileError, NotFoundError, Workflows, capabilitySummaries, operations } from 'jumio-kyx';
import { BACK, FRONT, SELFIE, ids, makeClient, sandboxFor, tempDir } from './support.mjs';

test('every spec operation, uploads from a path, a file URL, a Buffer, a Uint8Array and streams', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const dir = tempDir();

  const token = await client.getAccessToken();
  assert.equal(token.token_type, 'Bearer');
  assert.equal(token.expires_in, 3600);

  const account = await client.createAccount({ customerInternalReference: 'node-ops-1', workflowDefinition: { key: Workflows.STANDALONE_ID_AND_IDENTITY_VERIFICATION }, userReference: 'node-user' });
  const { a, w, id, selfie } = ids(account);
  const frontPath = join(dir, 'front.jpg');
  writeFileSync(frontPath, FRONT);
  const backPath = join(dir, 'back.jpg');
  writeFileSync(backPath, BACK);

  const up = await client.uploadPart(a, w, id, 'FRONT', frontPath);
  assert.equal(up.api?.parts?.front, undefined, 'the uploaded part is no longer pending');
  await client.uploadPart(a, w, id, 'BACK', new Uint8Array(BACK));
  await client.uploadPart(a, w, selfie, 'FACE', Readable.from([SELFIE.subarray(0, 100), SELFIE.subarray(100)]));
  await client.replacePart(a, w, id, 'BACK', createReadStream(backPath));
  await client.replacePart(a, w, id, 'FRONT', pathToFileURL(frontPath));
  async function* chunks() {
    yield SELFIE;
  }
  await client.replacePart(a, w, selfie, 'FACE', chunks());
  const uploads = sandbox.requests('upload_part');
  assert.equal(uploads.length, 3);
  assert.ok(uploads.every((r) => r.credential === 'transaction'), 'uploads use the workflow transaction token');
  assert.equal(sandbox.requests('replace_part').length, 3);

  const finalized = await client.finalizeWorkflow(a, w);
  assert.equal(finalized.workflowExecution.id, w);
  const status = await client.getWorkflowStatus(a, w);
  assert.equal(status.workflowExecution.status, 'PROCESSED');
  const details = await client.getWorkflowDetails(a, w);
  assert.equal(details.decision?.type, 'PASSED');
  assert.equal(details.capabilities?.similarity?.[0]?.decision?.details?.label, 'MATCH');
  assert.deepEqual(
    capabilitySummaries(details).map((c) => c.capability),
    ['usability', 'usability', 'imageChecks', 'extraction', 'dataChecks', 'liveness', 'similarity'],
  );
  assert.equal((await client.getWorkflowExecution(w)).workflow.id, w);
  assert.equal((await client.getWorkflowByHref(status.workflowExecution.href)).workflow.id, w);
  assert.equal((await client.getWorkflowSteps(a, w)).steps[0].name, 'ID_IV');

  const part = await client.downloadPart(a, id, 'FRONT');
  assert.equal(part.contentType, 'image/jpeg');
  assert.equal(part.length, FRONT.length);
  assert.ok(part.content.equals(FRONT));
  const copy = join(dir, 'copy.jpg');
  const saved = await client.downloadPart(a, id, 'BACK', { saveTo: copy });
  assert.equal(saved.content, undefined);
  assert.ok(readFileSync(copy).equals(BACK));
  // A file that cannot be written is the caller's side, not the network's.
  await assert.rejects(client.downloadPart(a, id, 'BACK', { saveTo: join(dir, 'no-such-dir', 'copy.jpg') }), (e) => e instanceof LocalFileError && e.kind === 'local_file' && !e.retryable);
  const href = details.credentials.find((c) => c.category === 'ID').parts.find((p) => p.classifier === 'FRONT').href;
  assert.ok((await client.downloadHref(href)).content.equals(FRONT));

  const second = await client.updateAccount(a, { customerInternalReference: 'node-ops-2', workflowDefinition: { key: '10011' } });
  assert.equal(second.account.id, a);
  assert.equal(await client.deleteWorkflow(a, second.workflowExecution.id), undefined);
  await assert.rejects(client.getWorkflowStatus(a, second.workflowExecution.id), NotFoundError);
  await client.deleteAccount(a);
  await assert.rejects(client.getWorkflowDetails(a, w), (e) => e instanceof NotFoundError && e.status === 404);

  assert.equal((await client.getHealth()).status, 'UP');
  const migrated = await client.createMigration({ scanReferences: ['node-scan-1'] });
  const updated = await client.updateMigration(migrated.account.id, { scanReferences: ['node-scan-2'] });
  assert.equal(updated.account.id, migrated.account.id);
  assert.equal((await client.getWorkflowStatus(migrated.account.id, 'node-scan-2')).workflowExecution.status, 'PROCESSED');
});

test('prepared data, and the flows', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const data = { firstName: 'JANE', lastName: 'SPECIMEN', dateOfBirth: '1990-01-01', address: { country: 'USA' } };
  const account = await client.createAccount({ customerInternalReference: 'node-data', workflowDefinition: { key: 10010 }, userReference: 'u' });
  const { a, w, data: cred } = ids(account);
  assert.deepEqual((await client.uploadPreparedData(a, w, cred, data, { workflowKey: 10010 })).api.parts, {});
  await client.replacePreparedData(a, w, cred, data);
  await client.finalizeWorkflow(a, w);
  const details = await client.getWorkflowDetails(a, w);
  assert.equal(details.capabilities.watchlistScreening[0].data.searchStatus, 'SUCCESS');

  const started = await client.runPreparedDataVerification({ customerInternalReference: 'node-flow-1', data, userReference: 'u2' });
  const done = await client.waitForCompletion(started.account.id, started.workflowExecution.id, { pollIntervalMs: 20, deadlineMs: 5000 });
  assert.equal(done.workflowExecution.status, 'PROCESSED');

  const idv = await client.runIdentityVerification({ customerInternalReference: 'node-flow-2 [similarity=NO_MATCH]', front: FRONT, back: BACK, selfie: SELFIE });
  const rejected = await client.getWorkflowDetails(idv.account.id, idv.workflowExecution.id);
  assert.equal(rejected.decision.type, 'REJECTED');
  assert.equal(sandbox.requests('upload_part').length, 3);
});

test('waiting on the documented schedule, scaled, sees the processing finish', async (t) => {
  const sandbox = sandboxFor(t, { processingDelayMs: 300 });
  const client = makeClient(sandbox);
  const started = await client.runIdentityVerification({ customerInternalReference: 'node-wait', front: FRONT, selfie: SELFIE });
  assert.equal((await client.getWorkflowStatus(started.account.id, started.workflowExecution.id)).workflowExecution.status, 'ACQUIRED');
  const done = await client.waitForCompletion(started.account.id, started.workflowExecution.id, { scheduleScale: 0.001 });
  assert.equal(done.workflowExecution.status, 'PROCESSED');
  assert.ok(sandbox.requests('get_workflow_status').length >= 2, 'it polled more than once');
});

test('every operation of the core has a typed camelCase method', () => {
  const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  assert.equal(operations.length, 27); // 21 of the spec (3 of them inferred) and 6 flows
  for (const op of operations) {
    assert.equal(typeof Client.prototype[camel(op)], 'function', `Client.${camel(op)}`);
  }
});
