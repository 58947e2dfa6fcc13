// Type-checked in the consumer project: the installed package's types resolve through "exports".
import { Client, type WorkflowDetails } from 'jumio-kyx';

export async function decision(client: Client, accountId: string, workflowExecutionId: string): Promise<string | undefined> {
  const details: WorkflowDetails = await client.getWorkflowDetails(accountId, workflowExecutionId);
  return details.decision?.type;
}
