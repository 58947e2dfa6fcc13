// Run by `cargo xtask node` in a fresh project that installed the packed tarball
// (`npm install jumio-kyx-<version>.tgz`): the package works as an npm dependency, by import and
// by require, with its TypeScript types.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';

import { Client, Sandbox, sampleImage, JumioError } from 'jumio-kyx';
import { callbackHandler } from 'jumio-kyx/express';
import { callbackPlugin } from 'jumio-kyx/fastify';

const required = createRequire(import.meta.url)('jumio-kyx');
assert.equal(required.Client, Client);
// The receivers load without their frameworks, which the package does not install (optional peers).
assert.equal(typeof callbackHandler, 'function');
assert.equal(typeof callbackPlugin, 'function');
assert.ok(!existsSync('node_modules/express') && !existsSync('node_modules/fastify'), 'no framework was installed');
const sandbox = new Sandbox({ processingDelayMs: 0 });
try {
  const client = new Client({ baseUrl: sandbox.url, clientId: 'consumer', clientSecret: 'consumer', userAgent: 'Consumer/1.0' });
  const account = await client.runIdentityVerification({ customerInternalReference: 'consumer-1', front: sampleImage('front'), selfie: sampleImage('selfie') });
  const details = await client.getWorkflowDetails(account.account.id, account.workflowExecution.id);
  assert.equal(details.decision?.type, 'PASSED');
  await assert.rejects(client.getWorkflowExecution('missing'), JumioError);
  console.log(`installed package works: workflow ${details.workflow.id} ${details.decision.type}`);
} finally {
  sandbox.close();
}
