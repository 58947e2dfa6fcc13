// The bad-input catalogue of tests/bad-inputs (also run by the Rust and Python clients): every
// input rejects with a `ValidationError` naming its field before anything reaches the sandbox.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Client, Sandbox, ValidationError } from 'jumio-kyx';
import { CALLS, ms } from './calls.mjs';
import { REPO, UA } from './support.mjs';

const FILE = JSON.parse(readFileSync(join(REPO, 'tests', 'bad-inputs', 'catalogue.json'), 'utf8'));
const CATALOGUE = FILE.inputs;
/** Options the core takes in seconds, which the Node client takes in milliseconds. */
const SECONDS = ['deadline', 'requestTimeout', 'connectTimeout', 'initialBackoff', 'maxBackoff'];

const sandbox = new Sandbox({ processingDelayMs: 0 });
after(() => sandbox.close());
const base = { baseUrl: sandbox.url, clientId: 'bad-inputs', clientSecret: 'secret', userAgent: UA };
const client = new Client(base);

/** Client options of the catalogue as a Node user writes them. */
function nodeOptions(options) {
  const out = {};
  for (const [k, v] of Object.entries(options)) {
    if (SECONDS.includes(k)) out[`${k}Ms`] = ms(v);
    else out[k] = v === null ? undefined : v;
  }
  return out;
}

async function attempt(entry) {
  if (entry.client) {
    new Client({ ...base, ...nodeOptions(entry.client) });
    return;
  }
  const call = CALLS[entry.call];
  assert.ok(call, `no Node call for ${entry.call}`);
  await call(client, { ...entry.args, ...(entry.files ?? {}) });
}

test('the catalogue has at least 100 inputs', () => {
  assert.ok(CATALOGUE.length >= 100, `${CATALOGUE.length}`);
});

for (const entry of CATALOGUE) {
  test(`bad input: ${entry.name}`, async () => {
    // A missing argument is still the core's to refuse in JavaScript (TypeScript would not compile it).
    await assert.rejects(attempt(entry), (e) => {
      assert.ok(e instanceof ValidationError, `${entry.name}: ${e?.constructor?.name}: ${e?.message}`);
      assert.equal(e.field, entry.field, `${entry.name}: ${e.message}`);
      return true;
    });
    assert.deepEqual(sandbox.requests(), [], 'nothing may reach the server');
  });
}

test('every bad sandbox option is refused at start, saying what', () => {
  for (const entry of FILE.sandbox) {
    assert.throws(
      () => new Sandbox(entry.options),
      (e) => e instanceof Error && e.message.includes(entry.says),
      entry.name,
    );
  }
});
