// Uploads from streams: Node and web streams are pumped into the core chunk by chunk (with
// backpressure), not buffered; the upload limit is enforced as they are read; a stream that fails
// fails the call with a LocalFileError and nothing truncated is stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import { LocalFileError, NotFoundError, ValidationError, Workflows } from 'jumio-kyx';
import { BACK, FRONT, SELFIE, ids, makeClient, sandboxFor } from './support.mjs';

const CHUNK = 64 * 1024;

async function newWorkflow(client) {
  return ids(await client.createAccount({ customerInternalReference: 'node-streams', workflowDefinition: { key: Workflows.STANDALONE_ID_AND_IDENTITY_VERIFICATION } }));
}

async function waitFor(condition, ms = 10_000) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) return false;
    await sleep(10);
  }
  return true;
}

/** A JPEG followed by `padding` bytes (the sandbox reads the header; the bytes are stored as sent). */
function bigImage(padding) {
  const out = Buffer.concat([FRONT, Buffer.alloc(padding)]);
  for (let i = FRONT.length; i < out.length; i++) out[i] = (i * 31) & 0xff;
  return out;
}

test('a Node stream of many chunks is streamed: the request starts before the stream ends, and the stored part is the same bytes', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const { a, w, id } = await newWorkflow(client);
  const image = bigImage(1024 * 1024);
  let offset = 0;
  let startedMidway = null;
  const source = new Readable({
    async read() {
      if (offset >= image.length) {
        this.push(null);
        return;
      }
      if (offset >= 768 * 1024 && startedMidway === null) {
        // Hold the rest back until the sandbox has the request: a buffering client would wait forever.
        startedMidway = await waitFor(() => sandbox.requests('upload_part').length === 1, 5000);
      }
      this.push(image.subarray(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
  await client.uploadPart(a, w, id, 'FRONT', source);
  assert.equal(startedMidway, true, 'the upload request was under way while the stream was still being read');
  const part = await client.downloadPart(a, id, 'FRONT');
  assert.equal(part.length, image.length);
  assert.ok(part.content.equals(image), 'the downloaded part is the streamed bytes');
});

test('a web ReadableStream and an async generator upload too, in a flow with all three images as streams', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const web = (bytes, size = 4096) => {
    let at = 0;
    return new ReadableStream({
      pull(controller) {
        if (at >= bytes.length) controller.close();
        else {
          controller.enqueue(new Uint8Array(bytes.subarray(at, at + size)));
          at += size;
        }
      },
    });
  };
  async function* generated(bytes) {
    for (let at = 0; at < bytes.length; at += 1000) yield bytes.subarray(at, at + 1000);
  }
  const account = await client.runIdentityVerification({
    customerInternalReference: 'node-streams-flow',
    front: web(FRONT),
    back: generated(BACK),
    selfie: Readable.from([SELFIE.subarray(0, 5000), SELFIE.subarray(5000)]),
  });
  const { a, id, selfie } = ids(account);
  assert.ok((await client.downloadPart(a, id, 'FRONT')).content.equals(FRONT));
  assert.ok((await client.downloadPart(a, id, 'BACK')).content.equals(BACK));
  assert.ok((await client.downloadPart(a, selfie, 'FACE')).content.equals(SELFIE));
});

test('a stream over the upload limit is refused as it is read: ValidationError, the stream destroyed, nothing sent', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const { a, w, id } = await newWorkflow(client);
  const small = makeClient(sandbox, { maxUploadBytes: 200_000 });
  const image = bigImage(400_000);
  let pulled = 0;
  const source = new Readable({
    read() {
      if (pulled * 16_384 >= image.length) this.push(null);
      else this.push(image.subarray(pulled++ * 16_384, pulled * 16_384));
    },
  });
  sandbox.clearRequests();
  await assert.rejects(small.uploadPart(a, w, id, 'FRONT', source), (e) => {
    assert.ok(e instanceof ValidationError, e.stack);
    assert.equal(e.field, 'front');
    assert.match(e.message, /200000 bytes/);
    return true;
  });
  assert.ok(source.destroyed, 'the pump stopped and destroyed the stream');
  assert.ok(pulled * 16_384 < 300_000, `read ${pulled} chunks of a ${image.length}-byte stream`);
  assert.deepEqual(sandbox.requests('upload_part'), [], 'nothing reached the server');

  // A web stream too.
  let webPulled = 0;
  const webSource = new ReadableStream({
    pull(controller) {
      webPulled++;
      controller.enqueue(new Uint8Array(50_000));
    },
  });
  await assert.rejects(small.uploadPart(a, w, id, 'FRONT', webSource), (e) => e instanceof ValidationError && e.field === 'front');
  assert.ok(webPulled < 10, `pulled ${webPulled} chunks of an endless web stream`);
});

test('a stream that errors gives a LocalFileError naming the file; nothing truncated is stored', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const { a, w, id, selfie } = await newWorkflow(client);
  const failing = (bytes, failAt) => {
    let at = 0;
    return new Readable({
      read() {
        if (at >= failAt) {
          this.destroy(new Error('EIO: disk failed reading /home/alice/passport.jpg'));
          return;
        }
        this.push(bytes.subarray(at, at + CHUNK));
        at += CHUNK;
      },
    });
  };
  const isLocalFile = (field) => (e) => {
    assert.ok(e instanceof LocalFileError, e.stack);
    assert.equal(e.kind, 'local_file');
    assert.equal(e.field, field);
    assert.match(e.cause.message, /EIO/);
    assert.ok(!e.message.includes('alice'), 'the stream error is the cause, not part of the message');
    return true;
  };
  // Early: while the core still reads the image header.
  await assert.rejects(client.uploadPart(a, w, id, 'FRONT', failing(FRONT, CHUNK)), isLocalFile('front'));
  // Late: the request is under way; it is cut, not completed with part of the file.
  const image = bigImage(1024 * 1024);
  await assert.rejects(client.uploadPart(a, w, id, 'FRONT', failing(image, 900 * 1024)), isLocalFile('front'));
  await assert.rejects(client.downloadPart(a, id, 'FRONT'), NotFoundError, 'no part was stored');
  assert.ok(sandbox.requests('upload_part').every((r) => r.status !== 200), 'no upload succeeded');
  // A web stream that errors.
  const webFailing = new ReadableStream({
    start(controller) {
      controller.enqueue(new Uint8Array(SELFIE.subarray(0, 1000)));
      controller.error(new Error('EIO: web source failed'));
    },
  });
  await assert.rejects(client.uploadPart(a, w, selfie, 'FACE', webFailing), isLocalFile('face'));
  // The client goes on.
  await client.uploadPart(a, w, id, 'FRONT', Readable.from([FRONT]));
  assert.ok((await client.downloadPart(a, id, 'FRONT')).content.equals(FRONT));
});

test('runIdentityVerification streams its images: the flow checks each one, then each upload checks it again, and a stream longer than the checked header still arrives whole', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const front = bigImage(900 * 1024);
  const chunks = (bytes) => Readable.from((function* () {
    for (let i = 0; i < bytes.length; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
  })());
  const started = await client.runIdentityVerification({ customerInternalReference: 'node-stream-flow', front: chunks(front), back: chunks(BACK), selfie: chunks(SELFIE) });
  const id = started.workflowExecution.credentials.find((c) => c.category === 'ID').id;
  const part = await client.downloadPart(started.account.id, id, 'FRONT');
  assert.ok(part.content.equals(front), 'the stored front is the streamed bytes');
});
