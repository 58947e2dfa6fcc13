// The Node side of `cargo xtask bench bindings`: KYX_BENCH_CALLS `getWorkflowStatus` calls with
// KYX_BENCH_IN_FLIGHT in flight through the package's `Client`, against the sandbox at
// KYX_SANDBOX_URL (another process). Prints one JSON line, {"callsPerSec": …}.
import { performance } from 'node:perf_hooks';

import { Client } from 'jumio-kyx';

const url = process.env.KYX_SANDBOX_URL;
if (!url) throw new Error('KYX_SANDBOX_URL is not set (run `cargo xtask bench bindings`)');
const calls = Number(process.env.KYX_BENCH_CALLS ?? 10_000);
const inFlight = Number(process.env.KYX_BENCH_IN_FLIGHT ?? 64);

const client = new Client({ baseUrl: url, clientId: 'bench', clientSecret: 'bench', userAgent: 'kyx-bench/1.0' });
const created = await client.createAccount({ customerInternalReference: 'node-bench', workflowDefinition: { key: 10011 } });
const [a, w] = [created.account.id, created.workflowExecution.id];

async function round(n) {
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < n) {
      next++;
      await client.getWorkflowStatus(a, w);
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker));
  return n / ((performance.now() - started) / 1000);
}

await round(Math.floor(calls / 5)); // warm-up: connections, token, JIT
console.log(JSON.stringify({ callsPerSec: Math.round((await round(calls)) * 10) / 10 }));
