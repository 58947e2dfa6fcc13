// The shared conformance scenarios of tests/conformance (also run by the Rust and Python clients),
// through the package's typed camelCase methods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';

import { JumioError, Sandbox } from 'jumio-kyx';
import { CALLS } from './calls.mjs';
import { REPO, makeClient } from './support.mjs';

const DIR = join(REPO, 'tests', 'conformance');
function pointer(v, path) {
  for (const part of path.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v) ? v[Number(part)] : v[part];
  }
  return v;
}

function resolve(v, saved) {
  if (typeof v === 'string') {
    const m = /^\$\{(\w+):(\/.*)\}$/.exec(v);
    return m ? pointer(saved[m[1]], m[2]) : v;
  }
  if (Array.isArray(v)) return v.map((x) => resolve(x, saved));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, saved)]));
  return v;
}

const camelKeys = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), v]));

for (const name of readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()) {
  const scenario = JSON.parse(readFileSync(join(DIR, name), 'utf8'));
  test(`conformance: ${scenario.name}`, async () => {
    const sandbox = new Sandbox(scenario.sandbox?.settings ?? {});
    try {
      const client = makeClient(sandbox, { clientId: 'conf', clientSecret: 'conf' });
      const saved = {};
      for (const [i, step] of scenario.steps.entries()) {
        const at = `${scenario.name}, step ${i}`;
        const args = resolve(step.args ?? {}, saved);
        if (step.sandbox) {
          switch (step.sandbox) {
            case 'set_faults':
              sandbox.setFaults(args);
              break;
            case 'advance_clock':
              sandbox.advanceClock(args.seconds);
              break;
            case 'set_workflow_scenario':
              sandbox.setWorkflowScenario(args.workflow, args.scenario.labels, args.scenario.risk);
              break;
            case 'update_settings':
              sandbox.updateSettings(camelKeys(args));
              break;
            default:
              assert.fail(`${at}: unknown sandbox step ${step.sandbox}`);
          }
          continue;
        }
        const expect = resolve(step.expect ?? {}, saved);
        const call = CALLS[step.call];
        assert.ok(call, `${at}: no Node call for ${step.call}`);
        const before = sandbox.requests().length;
        let result;
        let error;
        try {
          result = await call(client, args);
        } catch (e) {
          if (!(e instanceof JumioError)) throw e;
          error = e;
        }
        if ('requests' in expect) assert.equal(sandbox.requests().length - before, expect.requests, `${at}: requests`);
        if (!expect.error) {
          assert.equal(error, undefined, `${at}: unexpected error ${error?.message}`);
          for (const [path, value] of Object.entries(expect.result ?? {})) {
            assert.deepEqual(pointer(result, path), value, `${at}: ${path}`);
          }
          if (step.save) saved[step.save] = result;
        } else {
          assert.ok(error, `${at}: expected ${JSON.stringify(expect.error)}, got a result`);
          assert.equal(error.kind, expect.error.kind, `${at}: ${error.message}`);
          for (const key of ['status', 'field', 'migration', 'retryable']) {
            if (key in expect.error) assert.equal(error[key], expect.error[key], `${at}: ${key}`);
          }
          if ('bodyContains' in expect.error) assert.ok(error.body?.includes(expect.error.bodyContains), `${at}: body ${error.body}`);
          const shown = `${error.message} ${inspect(error)} ${String(error)}`;
          for (const text of expect.error.messageIncludes ?? []) assert.ok(shown.includes(text), `${at}: ${JSON.stringify(text)} not in ${shown}`);
          for (const text of expect.error.messageExcludes ?? []) assert.ok(!shown.includes(text), `${at}: ${JSON.stringify(text)} in ${shown}`);
        }
      }
    } finally {
      sandbox.close();
    }
  });
}
