// Type-checked in the consumer project: the installed package's types resolve through "exports".
import { AbortError, CallbackVerifier, Client, type WorkflowDetails } from 'jumio-kyx';
import { callbackHandler } from 'jumio-kyx/express';

export async function decision(client: Client, accountId: string, workflowExecutionId: string): Promise<string | undefined> {
  const details: WorkflowDetails = await client.getWorkflowDetails(accountId, workflowExecutionId);
  return details.decision?.type;
}

// The Express receiver's types need neither Express nor its types.
export const handler = callbackHandler({ verifier: new CallbackVerifier('US'), onCallback: (callback) => void callback.dedupeKey });

export async function cancelled(client: Client, signal: AbortSignal): Promise<boolean> {
  return client.getHealth({ signal }).then(() => false, (e: unknown) => e instanceof AbortError);
}
