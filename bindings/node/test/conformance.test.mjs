// The shared conformance scenarios of tests/conformance (also run by the Rust and Python clients),
// through the package's typed camelCase methods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { JumioError, Sandbox } from 'jumio-kyx';
import { BACK, FRONT, REPO, SELFIE, makeClient } from './support.mjs';

const DIR = join(REPO, 'tests', 'conformance');
const SAMPLES = { front: FRONT, back: BACK, selfie: SELFIE };
const ms = (s) => (s === undefined ? undefined : s * 1000);

const file = (spec) => (spec === undefined ? undefined : spec.sample ? SAMPLES[spec.sample] : Buffer.from(spec.text));

/** Each core operation, called the way a Node user calls it. */
const CALLS = {
  get_access_token: (c) => c.getAccessToken(),
  create_account: (c, a) => c.createAccount(a.request),
  update_account: (c, a) => c.updateAccount(a.account_id, a.request),
  upload_part: (c, a) => c.uploadPart(a.account_id, a.workflow_execution_id, a.credential_id, a.classifier, file(a.file)),
  replace_part: (c, a) => c.replacePart(a.account_id, a.workflow_execution_id, a.credential_id, a.classifier, file(a.file)),
  upload_prepared_data: (c, a) => c.uploadPreparedData(a.account_id, a.workflow_execution_id, a.credential_id, a.data, { workflowKey: a.workflow_key }),
  replace_prepared_data: (c, a) => c.replacePreparedData(a.account_id, a.workflow_execution_id, a.credential_id, a.data, { workflowKey: a.workflow_key }),
  finalize_workflow: (c, a) => c.finalizeWorkflow(a.account_id, a.workflow_execution_id),
  get_workflow_status: (c, a) => c.getWorkflowStatus(a.account_id, a.workflow_execution_id),
  get_workflow_details: (c, a) => c.getWorkflowDetails(a.account_id, a.workflow_execution_id),
  get_workflow_execution: (c, a) => c.getWorkflowExecution(a.workflow_execution_id),
  get_workflow_steps: (c, a) => c.getWorkflowSteps(a.account_id, a.workflow_execution_id),
  download_part: async (c, a) => {
    const part = await c.downloadPart(a.account_id, a.credential_id, a.classifier);
    return { contentType: part.contentType, length: part.length };
  },
  delete_account: (c, a) => c.deleteAccount(a.account_id),
  delete_workflow: (c, a) => c.deleteWorkflow(a.account_id, a.workflow_execution_id),
  get_health: (c) => c.getHealth(),
  create_migration: (c, a) => c.createMigration(a.request),
  update_migration: (c, a) => c.updateMigration(a.account_id, a.request),
  get_workflow_by_href: (c, a) => c.getWorkflowByHref(a.href),
  run_identity_verification: (c, a) =>
    c.runIdentityVerification({
      customerInternalReference: a.customer_internal_reference,
      front: file(a.front),
      selfie: file(a.selfie),
      back: file(a.back),
      workflowKey: a.workflow_key,
      userReference: a.user_reference,
      callbackUrl: a.callback_url,
      tokenLifetime: a.token_lifetime,
    }),
  run_prepared_data_verification: (c, a) =>
    c.runPreparedDataVerification({
      customerInternalReference: a.customer_internal_reference,
      data: a.data,
      workflowKey: a.workflow_key,
      userReference: a.user_reference,
      callbackUrl: a.callback_url,
    }),
  wait_for_completion: (c, a) =>
    c.waitForCompletion(a.account_id, a.workflow_execution_id, { pollIntervalMs: ms(a.poll_interval), scheduleScale: a.schedule_scale, deadlineMs: ms(a.deadline) }),
};

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
        }
      }
    } finally {
      sandbox.close();
    }
  });
}
