// A call in flight keeps Node running, and nothing else does: a script ends by itself once its
// calls have settled, and a client whose calls have settled can be collected. (Every call settles
// through one native callback per client, referenced only while the client has a call in flight:
// `src/settle.rs`.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./lifetime-child.mjs', import.meta.url));

/** Runs the child in `mode`; fails if it does not end by itself within 30 s. */
function child(mode, flags = []) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...flags, CHILD, mode], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${mode}: ${error.message}${error.killed ? ' (it did not end by itself)' : ''}\n${stderr}`));
      else resolve(stdout.trim());
    });
  });
}

test('a call nobody awaits keeps Node running until it settles', async () => {
  assert.equal(await child('floating'), 'settled UP');
});

test('a script ends by itself once its concurrent calls have settled', async () => {
  assert.equal(await child('many'), 'settled 64');
});

test('clients whose calls have settled are collected', async () => {
  const out = await child('collect', ['--expose-gc']);
  const collected = Number(/^collected (\d+)$/.exec(out)?.[1]);
  assert.ok(collected >= 90, `only ${collected} of 100 clients were collected`);
});
