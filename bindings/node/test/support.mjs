// Test support: a sandbox in this process per test, and clients pointed at it.
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client, Sandbox, sampleImage } from 'jumio-kyx';

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
export const UA = 'Node Tests kyx-tests/1.0';
export const FRONT = sampleImage('front');
export const BACK = sampleImage('back');
export const SELFIE = sampleImage('selfie');

/** A fresh sandbox (no processing delay, fast callback retries), closed after the test. */
export function sandboxFor(t, options = {}) {
  const sandbox = new Sandbox({ processingDelayMs: 0, callbackBackoffMs: 20, ...options });
  t.after(() => sandbox.close());
  return sandbox;
}

export function makeClient(sandbox, options = {}) {
  return new Client({ baseUrl: sandbox.url, clientId: 'node-client', clientSecret: 'node-secret', userAgent: UA, initialBackoffMs: 10, maxRetries: 3, ...options });
}

export function tempDir() {
  return mkdtempSync(join(tmpdir(), 'kyx-node-'));
}

/** The ids of a created account response. */
export function ids(account) {
  const creds = account.workflowExecution.credentials;
  return {
    a: account.account.id,
    w: account.workflowExecution.id,
    id: creds.find((c) => c.category === 'ID')?.id,
    selfie: creds.find((c) => c.category === 'SELFIE')?.id,
    data: creds.find((c) => c.category === 'DATA')?.id,
  };
}
