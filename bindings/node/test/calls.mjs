// How each core operation is called by a Node user, shared by the conformance and bad-input
// suites (both data files name operations as the core does: snake_case, times in seconds).
import { Buffer } from 'node:buffer';

import { BACK, FRONT, SELFIE } from './support.mjs';

const SAMPLES = { front: FRONT, back: BACK, selfie: SELFIE };
/** Seconds of a data file (numbers JSON cannot carry are the strings `Infinity`, `NaN`) as ms. */
export const ms = (s) => (s === undefined ? undefined : Number(s) * 1000);

/** A file of a data file: `{sample | text | base64, padTo?}`. */
export function file(spec) {
  if (spec === undefined) return undefined;
  let bytes = spec.sample ? SAMPLES[spec.sample] : spec.text !== undefined ? Buffer.from(spec.text) : Buffer.from(spec.base64, 'base64');
  if (spec.padTo && bytes.length < spec.padTo) bytes = Buffer.concat([bytes, Buffer.alloc(spec.padTo - bytes.length)]);
  return bytes;
}

/** Each core operation, called the way a Node user calls it. */
export const CALLS = {
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
  get_account: (c, a) => c.getAccount(a.account_id),
  get_workflow_rules: (c, a) => c.getWorkflowRules(a.account_id, a.workflow_execution_id),
  generate_report: async (c, a) => {
    const report = await c.generateReport(a.account_id, a.workflow_execution_id);
    return { contentType: report.contentType, length: report.length };
  },
  delete_account: (c, a) => c.deleteAccount(a.account_id),
  delete_workflow: (c, a) => c.deleteWorkflow(a.account_id, a.workflow_execution_id),
  get_health: (c) => c.getHealth(),
  create_migration: (c, a) => c.createMigration(a.request),
  update_migration: (c, a) => c.updateMigration(a.account_id, a.request),
  get_workflow_by_href: (c, a) => c.getWorkflowByHref(a.href),
  download_href: (c, a) => c.downloadHref(a.href),
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
    c.waitForCompletion(a.account_id, a.workflow_execution_id, { pollIntervalMs: ms(a.poll_interval), scheduleScale: a.schedule_scale === undefined ? undefined : Number(a.schedule_scale), deadlineMs: ms(a.deadline) }),
};

