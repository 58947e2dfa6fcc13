// An ID + identity verification end to end, typed: against the real platform when JUMIO_CLIENT_ID
// is set (with JUMIO_CLIENT_SECRET, JUMIO_REGION, JUMIO_USER_AGENT), otherwise against a sandbox
// started in this process. Run: `npm run build && npx tsc -p examples && node build/examples/id_verification.js`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  CallbackReceiver,
  CallbackVerifier,
  Client,
  JumioError,
  Sandbox,
  ValidationError,
  Workflows,
  capabilitySummaries,
  sampleImage,
  type ParsedCallback,
  type WorkflowDetails,
} from 'jumio-kyx';

/**
 * A local callback receiver (`CallbackReceiver`: sender check, bounded body, 200 at once, each
 * event once); resolves with the first callback.
 */
async function listen(verifier: CallbackVerifier): Promise<{ url: string; first: Promise<ParsedCallback>; close(): void }> {
  let deliver: (c: ParsedCallback) => void = () => {};
  const first = new Promise<ParsedCallback>((resolve) => (deliver = resolve));
  const receiver = new CallbackReceiver({ verifier, onCallback: (callback) => deliver(callback) });
  const server = createServer((req, res) => void receiver.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/callbacks`, first, close: () => server.close() };
}

async function main(): Promise<void> {
  const real = process.env['JUMIO_CLIENT_ID'] !== undefined;
  const sandbox = real ? undefined : new Sandbox({ processingDelayMs: 200 });
  const client = sandbox
    ? new Client({ baseUrl: sandbox.url, clientId: 'demo', clientSecret: 'demo', userAgent: 'Acme Onboarding/2.1' })
    : Client.fromEnv();
  const receiver = await listen(new CallbackVerifier('all', { allow: ['127.0.0.1'] }));
  try {
    // Pre-flight checks run before anything is sent.
    try {
      await client.createAccount({ customerInternalReference: 'bad/ref', workflowDefinition: { key: Workflows.STANDALONE_ID_AND_IDENTITY_VERIFICATION } });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      console.log(`refused before sending: ${e.field} ${e.detail}`);
    }

    const account = await client.runIdentityVerification({
      customerInternalReference: `example-${Date.now()}`,
      front: sampleImage('front'),
      back: sampleImage('back'),
      selfie: sampleImage('selfie'),
      callbackUrl: sandbox ? receiver.url : undefined,
    });
    console.log(`workflow ${account.workflowExecution.id} started on account ${account.account.id}`);

    let details: WorkflowDetails;
    if (sandbox) {
      const callback = await receiver.first;
      console.log(`callback: ${callback.workflowExecution.status}`);
      details = await client.getCallbackDetails(callback);
    } else {
      await client.waitForCompletion(account.account.id, account.workflowExecution.id);
      details = await client.getWorkflowDetails(account.account.id, account.workflowExecution.id);
    }
    console.log(`decision: ${details.decision?.type} (risk ${details.decision?.risk?.score})`);
    for (const c of capabilitySummaries(details)) {
      console.log(`  ${c.capability.padEnd(12)} ${(c.category ?? '').padEnd(7)} ${c.decision.padEnd(9)} ${c.label}`);
    }
  } catch (e) {
    if (e instanceof JumioError) {
      console.error(`${e.name} (${e.kind}, status ${e.status}, request ${e.requestId}): ${e.message}`);
      process.exitCode = 1;
    } else {
      throw e;
    }
  } finally {
    receiver.close();
    sandbox?.close();
  }
}

void main();
