// Type tests, checked by `tsc --noEmit --strict` in the test command: what must compile does, and
// each `@ts-expect-error` line must be an error (tsc fails if one compiles).
import { Client, JumioError, RateLimitError, Workflows, type AccountRequest, type OpenEnum, type WorkflowStatus, type WorkflowStatusResponse } from 'jumio-kyx';

declare const client: Client;
declare const status: WorkflowStatusResponse;

export async function requests(): Promise<void> {
  const request: AccountRequest = { customerInternalReference: 'r', workflowDefinition: { key: Workflows.STANDALONE_WATCHLIST_SCREENING }, userReference: 'u' };
  await client.createAccount(request);
  await client.createAccount({ customerInternalReference: 'r', workflowDefinition: { key: '10011' } });
  // @ts-expect-error: the workflow definition is required
  await client.createAccount({ customerInternalReference: 'r' });
  // @ts-expect-error: a misspelt request field is caught
  await client.createAccount({ customerInternalReference: 'r', workflowDefinition: { key: 1 }, callbackURL: 'https://x' });
  await client.uploadPart('a', 'w', 'c', 'FRONT', Buffer.alloc(1));
  // @ts-expect-error: classifiers sent are the documented ones
  await client.uploadPart('a', 'w', 'c', 'FORNT', Buffer.alloc(1));
  await client.downloadPart('a', 'c', 'LIVENESS_1', { saveTo: '/tmp/x' });
  await client.uploadPreparedData('a', 'w', 'c', { firstName: 'A', dateOfBirth: '1990-01-01' }, { workflowKey: 10010 });
  // @ts-expect-error: prepared data fields are typed
  await client.uploadPreparedData('a', 'w', 'c', { dateOfBirth: 19900101 });
  const deleted: void = await client.deleteAccount('a');
  void deleted;
}

export function responses(): void {
  // Statuses the server sends are open: known values autocomplete, new ones still type-check.
  const s: OpenEnum<WorkflowStatus> = status.workflowExecution.status;
  const text: string = s;
  if (s === 'PROCESSED' || s === 'SOMETHING_NEW') void text;
  // Fields the spec does not list yet are reachable without a cast, as unknown.
  const extra: unknown = status['newField'];
  void extra;
  // @ts-expect-error: listed fields keep their types
  const wrong: number = status.workflowExecution.status;
  void wrong;
}

export function errors(e: unknown): number | null {
  if (e instanceof RateLimitError) return e.retryAfterMs;
  if (e instanceof JumioError) return e.status;
  return null;
}

// @ts-expect-error: options are typed
new Client({ region: 'MARS' });
