// The production path from Node: a region (no base URL), HTTPS, the real host names, against a
// sandbox in region mode (TLS with a local CA, strict hosts).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Client, Sandbox, ValidationError } from 'jumio-kyx';
import { BACK, FRONT, SELFIE, UA } from './support.mjs';

test('a verification runs over TLS on the real hosts of its region', async () => {
  const sandbox = new Sandbox({ tls: true, strictHosts: true, processingDelayMs: 0 });
  try {
    assert.ok(sandbox.url.startsWith('https://'));
    const client = new Client({ region: 'SG', clientId: 'node-tls', clientSecret: 'secret', userAgent: UA, ...sandbox.regionOptions() });
    const started = await client.runIdentityVerification({ customerInternalReference: 'node-tls', front: FRONT, back: BACK, selfie: SELFIE });
    const status = await client.waitForCompletion(started.account.id, started.workflowExecution.id, { pollIntervalMs: 50, deadlineMs: 20_000 });
    const href = status.workflowExecution.href;
    assert.ok(href.startsWith('https://retrieval.apac-1.jumio.ai/'), href);
    assert.equal((await client.getWorkflowByHref(href)).decision.type, 'PASSED');
    const before = sandbox.requests().length;
    await assert.rejects(client.getWorkflowByHref(`https://retrieval.amer-1.jumio.ai/api/v1/workflow-executions/${started.workflowExecution.id}`), (e) => e instanceof ValidationError && e.field === 'href');
    assert.equal(sandbox.requests().length, before, 'a cross-region href sends nothing');
  } finally {
    sandbox.close();
  }
  const plain = new Sandbox();
  assert.throws(() => plain.regionOptions());
  plain.close();
});
