// The soak, from Node: full workflows through `Client` against a sandbox that misbehaves on every
// operation (tests/soak/faults.json, shared with the Rust and Python soaks), then the same checks:
// no duplicate workflow execution or migrated scan, no untyped error, no 429 that surfaces, no
// crash, and every failure an operation that cannot safely be sent again.
//
//   node benches/soak.mjs [--workflows N] [--concurrency N]
//
// Prints a report; exits 1 when a promise is broken. `cargo xtask soak` runs it with 200.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { Client, JumioError, Sandbox, sampleImage } from 'jumio-kyx';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const PLAN = JSON.parse(readFileSync(join(REPO, 'tests', 'soak', 'faults.json'), 'utf8'));
const { values } = parseArgs({ options: { workflows: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '32' } } });
const WORKFLOWS = Number(values.workflows);
const CONCURRENCY = Number(values.concurrency);
const [FRONT, BACK, SELFIE] = ['front', 'back', 'selfie'].map((n) => sampleImage(n));
const WAIT = { pollIntervalMs: 50, deadlineMs: 120_000 };

async function workflow(client, i) {
  const ref = `node-soak-${i}`;
  switch (i % 10) {
    case 6:
    case 7: {
      const started = await client.runPreparedDataVerification({
        customerInternalReference: ref,
        userReference: 'soak-user',
        data: { firstName: 'SOAK', lastName: 'TEST', dateOfBirth: '1990-01-31', address: { country: 'USA' } },
      });
      await client.waitForCompletion(started.account.id, started.workflowExecution.id, WAIT);
      await client.getWorkflowDetails(started.account.id, started.workflowExecution.id);
      return;
    }
    case 8: {
      const first = await client.createAccount({ customerInternalReference: ref, workflowDefinition: { key: 10011 } });
      const second = await client.updateAccount(first.account.id, { customerInternalReference: `${ref}-u`, workflowDefinition: { key: 10011 } });
      await client.finalizeWorkflow(second.account.id, second.workflowExecution.id);
      await client.waitForCompletion(second.account.id, second.workflowExecution.id, WAIT);
      return;
    }
    case 9: {
      const scans = [`${ref}-scan-a`, `${ref}-scan-b`];
      const migrated = await client.createMigration({ scanReferences: scans });
      await client.getWorkflowStatus(migrated.account.id, scans[0]);
      return;
    }
    default: {
      const account = await client.createAccount({ customerInternalReference: ref, workflowDefinition: { key: 10011 } });
      const [a, w] = [account.account.id, account.workflowExecution.id];
      const creds = Object.fromEntries(account.workflowExecution.credentials.map((c) => [c.category, c.id]));
      await client.uploadPart(a, w, creds.ID, 'FRONT', FRONT);
      await client.uploadPart(a, w, creds.ID, 'BACK', BACK);
      await client.uploadPart(a, w, creds.SELFIE, 'FACE', SELFIE);
      await client.finalizeWorkflow(a, w);
      await client.waitForCompletion(a, w, WAIT);
      await client.getWorkflowDetails(a, w);
    }
  }
}

const sandbox = new Sandbox(PLAN.settings);
sandbox.setFaults(PLAN.faults);
const client = new Client({ baseUrl: sandbox.url, clientId: 'soak', clientSecret: 'soak', userAgent: 'Node Soak kyx-soak/1.0', maxRetries: 6, initialBackoffMs: 20 });
const errors = new Map();
const crashes = [];
let completed = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < WORKFLOWS) {
      const i = next++;
      try {
        await workflow(client, i);
        completed += 1;
      } catch (e) {
        if (e instanceof JumioError) {
          const key = `${e.kind} in ${e.operation ?? '(none)'}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
        } else {
          crashes.push(`${e?.constructor?.name}: ${e?.message}`);
        }
      }
    }
  }),
);
const secs = (performance.now() - started) / 1000;
const count = (items) => items.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map());
const perReference = count(sandbox.workflows().map((w) => w.customerInternalReference).filter(Boolean));
const perScan = count(sandbox.migrations().map((m) => m.scanReference));
const duplicates = [...perReference.values(), ...perScan.values()].filter((n) => n > 1).length;
sandbox.close();

const unsafeOps = new Set(PLAN.unsafeOperations);
const failed = [...errors.values()].reduce((a, b) => a + b, 0);
let untyped = 0;
let rateLimited = 0;
let unclear = 0;
for (const [key, n] of errors) {
  const [kind, op] = key.split(' in ');
  if (kind === 'unexpected_status' || kind === 'invalid_response' || op === '(none)') untyped += n;
  if (kind === 'rate_limited') rateLimited += n;
  if (!(unsafeOps.has(op) && (kind === 'server' || kind === 'transport'))) unclear += n;
}
console.log(`soak (Node): ${WORKFLOWS} workflows, ${CONCURRENCY} at a time, faults of tests/soak/faults.json, ${secs.toFixed(1)} s`);
console.log(`  completed          ${completed}`);
console.log(`  failed             ${failed}`);
for (const [key, n] of [...errors].sort()) console.log(`    ${String(n).padStart(5)}  ${key}`);
console.log(`  duplicates         ${duplicates}`);
console.log(`  untyped errors     ${untyped}`);
console.log(`  429 surfaced       ${rateLimited}`);
console.log(`  crashes            ${crashes.length}`);
const broken = [];
if (duplicates) broken.push('a transaction was created twice');
if (untyped) broken.push('an error was not typed');
if (rateLimited) broken.push('a 429 surfaced as an error');
if (crashes.length) broken.push(`the package crashed: ${crashes.slice(0, 5).join('; ')}`);
if (unclear) broken.push('an operation that is safe to retry failed');
if (completed + failed + crashes.length !== WORKFLOWS) broken.push('workflows are missing from the tally');
if (broken.length) {
  console.error(`soak failed: ${broken.join('; ')}`);
  process.exit(1);
}
console.log('soak passed');
