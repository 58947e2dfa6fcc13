// `cargo xtask bench node`: 10,000 `getWorkflowStatus` retrievals with 64 in flight, through the
// package and through Node's built-in fetch making the same requests (same bearer token, same
// headers, JSON parsed), against a sandbox in another process (URL in KYX_SANDBOX_URL).
import { performance } from 'node:perf_hooks';

import { Client } from 'jumio-kyx';

const URL_ = process.env.KYX_SANDBOX_URL;
if (!URL_) throw new Error('KYX_SANDBOX_URL is not set (run `cargo xtask bench node`)');
const UA = 'kyx-bench/1.0';
const N = 10_000;
const IN_FLIGHT = 64;

/** Runs `n` calls with `IN_FLIGHT` at a time; returns calls per second and latency percentiles. */
async function run(call, n = N) {
  const latencies = new Float64Array(n);
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      await call();
      latencies[i] = performance.now() - t;
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort();
  return { perSec: n / elapsed, p50: latencies[Math.floor(n * 0.5)], p99: latencies[Math.floor(n * 0.99)] };
}

const client = new Client({ baseUrl: URL_, clientId: 'bench', clientSecret: 'bench', userAgent: UA });
const account = await client.createAccount({ customerInternalReference: 'node-bench', workflowDefinition: { key: 10011 } });
const [a, w] = [account.account.id, account.workflowExecution.id];
const token = (await client.getAccessToken()).access_token;
const path = `${URL_}/api/v1/accounts/${a}/workflow-executions/${w}/status`;
const headers = { authorization: `Bearer ${token}`, 'user-agent': UA, accept: 'application/json' };

const sdk = () => client.getWorkflowStatus(a, w);
const raw = async () => {
  const r = await fetch(path, { headers });
  if (!r.ok) throw new Error(`status ${r.status}`);
  return r.json();
};
// Both answer the same thing.
const [x, y] = [await sdk(), await raw()];
if (x.workflowExecution.id !== y.workflowExecution.id) throw new Error('the two paths disagree');

await run(sdk, 2_000); // warm-up: connections, JIT
await run(raw, 2_000);
const results = { sdk: await run(sdk), fetch: await run(raw) };
// A second round, alternated, so neither side profits from going last.
const second = { fetch: await run(raw), sdk: await run(sdk) };
for (const k of Object.keys(results)) if (second[k].perSec > results[k].perSec) results[k] = second[k];

const row = (name, r) => `${name.padEnd(32)} ${r.perSec.toFixed(0).padStart(9)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)}`;
console.log(`\n${N} retrievals (GET …/status), ${IN_FLIGHT} in flight, best of 2 rounds; Node ${process.version}`);
console.log(`${'client'.padEnd(32)} ${'calls/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
console.log(row('jumio-kyx Client', results.sdk));
console.log(row('built-in fetch (undici)', results.fetch));
console.log(`\njumio-kyx / fetch: ${(results.sdk.perSec / results.fetch.perSec).toFixed(2)}x (goal >= 1.0x)`);
