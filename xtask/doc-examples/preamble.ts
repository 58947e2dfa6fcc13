// Names the guide's TypeScript examples use without defining them: each example is type-checked
// as the body of an async function after this preamble (see xtask/src/docs.rs).
import type { AccountRequest as PreambleAccountRequest, Client as PreambleClient } from 'jumio-kyx';
import type { IncomingMessage, ServerResponse } from 'node:http';
declare const client: PreambleClient;
declare const request: PreambleAccountRequest;
declare const accountId: string, workflowId: string, credentialId: string;
declare const successUrl: string, errorUrl: string;
declare const req: IncomingMessage, res: ServerResponse, body: Buffer;
declare const createReadStream: typeof import('node:fs').createReadStream;
declare function retryLater(afterMs: number | null | undefined): void;
