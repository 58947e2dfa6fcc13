// Names the docs' TypeScript examples (guide, TSDoc) use without defining them: each example is
// type-checked as the body of an async function after this preamble (see xtask/src/doc_examples.rs).
import type {
  AccountRequest as PreambleAccountRequest,
  Client as PreambleClient,
  FileInput as PreambleFileInput,
  MigrationRequest as PreambleMigrationRequest,
  ParsedCallback as PreambleParsedCallback,
  PreparedData as PreamblePreparedData,
  Sandbox as PreambleSandbox,
  UploadClassifier as PreambleUploadClassifier,
} from 'jumio-kyx';
import type { IncomingMessage, ServerResponse } from 'node:http';
declare const client: PreambleClient;
declare const request: PreambleAccountRequest, accountRequest: PreambleAccountRequest;
declare const migrationRequest: PreambleMigrationRequest;
declare const accountId: string, workflowId: string, credentialId: string;
declare const successUrl: string, errorUrl: string;
declare const req: IncomingMessage, res: ServerResponse, body: Buffer, requestBody: Buffer;
declare const createReadStream: typeof import('node:fs').createReadStream;
declare function retryLater(afterMs: number | null | undefined): void;
declare const workflowExecutionId: string;
declare const sandbox: PreambleSandbox;
declare const callback: PreambleParsedCallback, queue: PreambleParsedCallback[];
declare const classifier: PreambleUploadClassifier, file: PreambleFileInput, preparedData: PreamblePreparedData;
declare function scheduleRetry(afterMs: number | null | undefined): void;
