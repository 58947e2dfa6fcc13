// `jumio-kyx/testing` and the request journal's assertions, as a node:test suite uses them: a
// per-test sandbox with a bound client, assertRequested / assertNotRequested by operationId or
// snake_case with non-secret fields, personal data matched but never shown, readable failures.
import { test } from 'node:test';
import assert, { AssertionError } from 'node:assert/strict';

import { startTestSandbox } from 'jumio-kyx/testing';

test('startTestSandbox gives a sandbox and a bound client; assertRequested matches', async () => {
  const kyx = await startTestSandbox();
  try {
    await kyx.client.createAccount({
      customerInternalReference: 'order-42',
      workflowDefinition: { key: 10013 },
      callbackUrl: 'https://shop.example/kyc/callback',
    });
    kyx.sandbox.assertRequested('createAccount', { times: 1 });
    kyx.sandbox.assertRequested('create_account');
    kyx.sandbox.assertRequested('createAccount', {
      times: 1,
      fields: { 'workflowDefinition.key': 10013, callbackUrl: 'https://shop.example/kyc/callback', customerInternalReference: 'order-42' },
    });
    kyx.sandbox.assertNotRequested('createAccount', { fields: { customerInternalReference: 'order-43' } });
    kyx.sandbox.assertNotRequested('deleteAccount');
    assert.ok(!JSON.stringify(kyx.sandbox.requests()).includes('order-42'), 'the reference is never kept');
  } finally {
    kyx.close();
  }
});

test('a wrong expectation fails with what was expected and the requests made', async () => {
  const kyx = await startTestSandbox();
  try {
    await kyx.client.createAccount({ customerInternalReference: 'order-42', workflowDefinition: { key: 10013 } });
    assert.throws(() => kyx.sandbox.assertRequested('createAccount', { times: 2 }), AssertionError);
    try {
      kyx.sandbox.assertRequested('createAccount', { times: 2, fields: { customerInternalReference: 'order-99' } });
      assert.fail('the assertion should fail');
    } catch (e) {
      assert.ok(e instanceof AssertionError);
      assert.match(e.message, /^expected createAccount to be requested exactly 2 times with customerInternalReference=\(personal data, not shown\), but it was requested 0 times/);
      assert.match(e.message, /requests made \(2\):/);
      assert.match(e.message, /createAccount POST \/api\/v1\/accounts → 200 workflowDefinition\.key=10013/);
      assert.doesNotMatch(e.message, /order-(42|99)/);
    }
    assert.throws(() => kyx.sandbox.assertNotRequested('createAccount'), /expected createAccount not to be requested, but it was requested 1 time/);
    assert.throws(() => kyx.sandbox.assertRequested('createAcount'), /there is no operation `createAcount`/);
  } finally {
    kyx.close();
  }
});

test('each test sandbox is its own, and asyncDispose closes it', async () => {
  const a = await startTestSandbox();
  const b = await startTestSandbox({ seed: 3 });
  await a.client.createAccount({ customerInternalReference: 'a', workflowDefinition: { key: 10011 } });
  b.sandbox.assertNotRequested('createAccount');
  await a[Symbol.asyncDispose]();
  assert.throws(() => a.sandbox.clock());
  b.close();
});
