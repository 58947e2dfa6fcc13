// Logging: `setLogger` receives the core's records, and DEBUG=jumio-kyx writes them to stderr;
// neither carries a secret, a personal value or image bytes, and neither keeps the process alive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

import { ValidationError, Workflows, setLogger } from 'jumio-kyx';
import { BACK, FRONT, SELFIE, ids, makeClient, sandboxFor } from './support.mjs';
import { VALUES } from './log-child.mjs';

/** Texts no log line may contain: every personal value and the secret, and image bytes in the encodings a log could show them in. */
function forbidden(values) {
  const texts = Object.values(values);
  for (const image of [FRONT, BACK, SELFIE]) {
    const window = image.subarray(300, 324);
    texts.push(window.toString('base64'), window.toString('hex'), window.toString('latin1'), JSON.stringify([...window]).slice(1, -1));
  }
  return texts;
}

function assertClean(text, values) {
  for (const v of forbidden(values)) assert.ok(!text.includes(v), `a log line contains ${JSON.stringify(v).slice(0, 40)}`);
}

test('setLogger receives the records of a full flow, with none of its secrets, personal data or image bytes', async (t) => {
  const records = [];
  setLogger((record) => records.push(record), { level: 'debug' });
  t.after(() => setLogger(null));
  const sandbox = sandboxFor(t);
  const values = { ...VALUES, secret: 'S3cret-in-process-5512', reference: 'order-inproc-pii-7781' };
  const client = makeClient(sandbox, { clientSecret: values.secret });
  const started = ids(await client.runIdentityVerification({ customerInternalReference: values.reference, userReference: values.userReference, front: FRONT, back: BACK, selfie: SELFIE }));
  await client.waitForCompletion(started.a, started.w, { pollIntervalMs: 20 });
  await client.getWorkflowDetails(started.a, started.w);
  await client.runPreparedDataVerification({
    customerInternalReference: values.reference,
    userReference: values.userReference,
    data: { firstName: values.firstName, lastName: values.lastName, dateOfBirth: values.dateOfBirth, id: { idNumber: values.idNumber }, address: { country: 'USA' } },
  });
  await sleep(50);
  const attempts = records.filter((r) => r.message.startsWith('kyx http attempt'));
  for (const operation of ['create_account', 'upload_part', 'finalize_workflow', 'get_workflow_status', 'get_workflow_details', 'upload_prepared_data']) {
    assert.ok(attempts.some((r) => r.message.includes(`operation=${operation}`) && r.level === 'debug' && r.target.startsWith('jumio_kyx')), `an HTTP attempt of ${operation} was logged`);
  }
  assert.ok(attempts.some((r) => /status=200/.test(r.message) && /duration_ms=/.test(r.message)));
  assertClean(records.map((r) => `${r.level} ${r.target} ${r.message}`).join('\n'), values);

  // A warning passes at level 'warn', a debug record does not.
  records.length = 0;
  setLogger((record) => records.push(record), { level: 'warn' });
  await client.createAccount({ customerInternalReference: values.reference, workflowDefinition: { key: Workflows.STANDALONE_WATCHLIST_SCREENING } });
  await sleep(50);
  assert.ok(records.length > 0 && records.every((r) => r.level === 'warn'), JSON.stringify(records));
  assert.match(records[0].message, /userReference is missing/);

  // Off: nothing more arrives. A logger that throws does not break the client.
  setLogger(null);
  records.length = 0;
  await client.getHealth();
  await sleep(50);
  assert.deepEqual(records, []);
  setLogger(() => {
    throw new Error('a broken logger');
  });
  assert.equal((await client.getHealth()).status, 'UP');
  assert.throws(() => setLogger(() => {}, { level: 'loud' }), ValidationError);
  assert.throws(() => setLogger('console'), ValidationError);
});

const CHILD = fileURLToPath(new URL('./log-child.mjs', import.meta.url));

function child(debug, mode = 'full') {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.DEBUG;
    if (debug !== undefined) env.DEBUG = debug;
    execFile(process.execPath, [CHILD, mode], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }));
      else resolve(stderr);
    });
  });
}

test('DEBUG=jumio-kyx logs a full flow to stderr without its secret, personal data or image bytes, and the process still ends', async () => {
  const stderr = await child('jumio-kyx');
  const lines = stderr.split('\n').filter(Boolean);
  assert.ok(lines.some((l) => /^\S+Z jumio-kyx debug jumio_kyx::\S+ kyx http attempt operation=create_account method=POST status=200/.test(l)), stderr);
  assert.ok(lines.some((l) => /operation=upload_prepared_data/.test(l)));
  assertClean(stderr, VALUES);
});

test('DEBUG is read as the debug package reads it', async () => {
  const logs = (stderr) => /jumio-kyx debug .* kyx http attempt operation=get_health/.test(stderr);
  for (const debug of ['*', 'express:*,jumio-kyx', 'other jumio-kyx:*', 'jumio-*']) {
    assert.ok(logs(await child(debug, 'health')), `DEBUG=${debug} logs`);
  }
  for (const debug of [undefined, '', 'express:*', 'jumio-kyx-other', '*,-jumio-kyx', '-jumio-kyx,jumio-kyx']) {
    assert.equal(await child(debug, 'health'), '', `DEBUG=${debug} does not log`);
  }
});
