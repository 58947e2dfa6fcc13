// Run by logging.test.mjs in a child process, with DEBUG set: a full flow with known personal
// values and a known secret (or, with `health`, one call). It never removes the logger, so the
// process ending on its own shows that the logger does not keep it alive.
import { fileURLToPath } from 'node:url';

import { Client, Sandbox, sampleImage } from 'jumio-kyx';

export const VALUES = {
  secret: 'S3cret-of-the-child-9931',
  reference: 'order-child-pii-4417',
  userReference: 'user-child-pii-2290',
  firstName: 'Wilhelmina',
  lastName: 'Abernathy-Quist',
  dateOfBirth: '1979-11-23',
  idNumber: 'P-7731-ZQ-04',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sandbox = new Sandbox({ processingDelayMs: 0 });
  const client = new Client({ baseUrl: sandbox.url, clientId: 'child', clientSecret: VALUES.secret, userAgent: 'Child/1.0' });
  if (process.argv[2] === 'health') {
    await client.getHealth();
  } else {
    const started = await client.runIdentityVerification({
      customerInternalReference: VALUES.reference,
      userReference: VALUES.userReference,
      front: sampleImage('front'),
      back: sampleImage('back'),
      selfie: sampleImage('selfie'),
    });
    await client.waitForCompletion(started.account.id, started.workflowExecution.id, { pollIntervalMs: 20 });
    await client.getWorkflowDetails(started.account.id, started.workflowExecution.id);
    await client.runPreparedDataVerification({
      customerInternalReference: VALUES.reference,
      userReference: VALUES.userReference,
      data: { firstName: VALUES.firstName, lastName: VALUES.lastName, dateOfBirth: VALUES.dateOfBirth, id: { idNumber: VALUES.idNumber }, address: { country: 'USA' } },
    });
  }
  // Let the last records reach the JavaScript thread, then end without removing the logger.
  await new Promise((resolve) => setTimeout(resolve, 50));
  sandbox.close();
}
