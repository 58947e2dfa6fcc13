// The examples of README.md, type-checked with the type tests (`npm run typecheck`): each section's
// example as a function, with what the README leaves to the reader declared. Keep them in step.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

import express from 'express';
import Fastify from 'fastify';

import { AbortError, CallbackReceiver, CallbackVerifier, Client, SeenCallbacks, setLogger, type AccountRequest, type ParsedCallback } from 'jumio-kyx';
import { callbackHandler } from 'jumio-kyx/express';
import { callbackPlugin } from 'jumio-kyx/fastify';

declare const client: Client;
declare const accountId: string;
declare const workflowId: string;
declare const credentialId: string;
declare const request: AccountRequest;
declare const chunks: Buffer[];

// ## Cancelling a call
export async function cancelling(): Promise<void> {
  try {
    await client.waitForCompletion(accountId, workflowId, { signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    if (e instanceof AbortError) console.log('gave up waiting:', e.cause);
    else throw e;
  }
  const controller = new AbortController();
  const pending = client.createAccount(request, { signal: controller.signal });
  controller.abort(); // rejects with AbortError
  await pending.catch(() => undefined);
  // Every generated method takes the signal last.
  await client.getHealth({ signal: controller.signal });
  await client.uploadPreparedData(accountId, workflowId, credentialId, { firstName: 'A' }, { workflowKey: 10010, signal: controller.signal });
  await client.runIdentityVerification({ customerInternalReference: 'r', front: 'f.jpg', selfie: 's.jpg' }, { signal: controller.signal });
  // @ts-expect-error: the signal is an AbortSignal
  await client.getHealth({ signal: 'stop' });
}

// ## Uploads
export async function uploads(): Promise<void> {
  await client.uploadPart(accountId, workflowId, credentialId, 'FRONT', 'id-front.jpg'); // a path: streamed from disk
  await client.uploadPart(accountId, workflowId, credentialId, 'BACK', createReadStream('id-back.jpg'));
  const download = await fetch('https://files.example.com/id-front.jpg');
  await client.replacePart(accountId, workflowId, credentialId, 'FRONT', download.body!); // a web stream, pumped
  const part = await client.downloadPart(accountId, credentialId, 'FRONT', { saveTo: 'front.jpg' });
  void part;
  // Node streams and async iterables too.
  await client.replacePart(accountId, workflowId, credentialId, 'BACK', Readable.from(chunks));
  await client.replacePart(accountId, workflowId, credentialId, 'BACK', (async function* () {
    yield* chunks;
  })());
}

// ## Callbacks
export async function callbacks(): Promise<void> {
  const verifier = new CallbackVerifier('US', { trustedProxies: ['10.0.0.5'] }); // your load balancer
  const onCallback = async (callback: ParsedCallback) => { // a ParsedCallback
    const details = await client.getCallbackDetails(callback); // the authoritative result
    console.log(callback.workflowExecution.id, details.decision?.type);
  };

  const app = express(); // no body parser on this route
  app.post('/jumio/callback', callbackHandler({ verifier, onCallback }));

  const server = Fastify(); // the plugin's route reads its own body
  await server.register(callbackPlugin, { path: '/jumio/callback', verifier, onCallback });

  // The shared receiver on node:http, and its options.
  const receiver = new CallbackReceiver({ verifier, onCallback, onError: (e, c) => console.error(e, c.dedupeKey), maxBodyBytes: 8192, seen: new SeenCallbacks(1000) });
  void receiver;
  // @ts-expect-error: a receiver needs a verifier
  callbackHandler({ onCallback });
}

// ## Logging
export function logging(): void {
  setLogger((record) => console.log(`[${record.level}] ${record.target} ${record.message}`), { level: 'debug' });
  setLogger(null);
  // @ts-expect-error: levels are the documented ones
  setLogger(() => {}, { level: 'verbose' });
}
