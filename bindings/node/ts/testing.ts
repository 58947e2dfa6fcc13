/**
 * `jumio-kyx/testing`: a sandbox per test and a client bound to it, for `node:test`, Jest and
 * Vitest alike (no runner dependency). Processing is immediate unless the settings say otherwise;
 * each call starts a sandbox of its own (its own port and state), so tests run in parallel
 * without sharing anything.
 *
 * @example
 * ```ts
 * import { test } from 'node:test';
 * import { startTestSandbox } from 'jumio-kyx/testing';
 *
 * test('onboarding creates one account', async () => {
 *   const kyx = await startTestSandbox(); // or `await using kyx = …` (TypeScript 5.2+)
 *   try {
 *     await kyx.client.createAccount({ customerInternalReference: 'order-42', workflowDefinition: { key: 10013 } });
 *     kyx.sandbox.assertRequested('createAccount', { times: 1 });
 *   } finally {
 *     kyx.close();
 *   }
 * });
 * ```
 *
 * @module
 */
import { Client } from './client';
import { Sandbox, type SandboxOptions } from './sandbox';

/** A test's sandbox and its client; `close()` (or `await using`) ends the sandbox. */
export interface TestSandbox {
  /** The sandbox: its control API (clock, scenarios, faults) and the request journal's assertions. */
  readonly sandbox: Sandbox;
  /** A client pointed at it, with test credentials and user agent. */
  readonly client: Client;
  /** Stops the sandbox. */
  close(): void;
  /** `await using kyx = await startTestSandbox()` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts a sandbox (processing immediate unless `settings` say otherwise) and a client of it. */
export async function startTestSandbox(settings: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = new Sandbox({ processingDelayMs: 0, ...settings });
  const client = new Client({
    baseUrl: sandbox.url,
    clientId: 'test-client',
    clientSecret: 'test-secret',
    userAgent: 'jumio-kyx tests/1.0',
  });
  const close = (): void => sandbox.close();
  return {
    sandbox,
    client,
    close,
    [Symbol.asyncDispose]: async () => close(),
  };
}
