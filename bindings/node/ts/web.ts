/**
 * The web channel: where to send the end user (`journeyUrl`) and what comes back when the hosted
 * journey ends (`parseWebRedirect`).
 *
 * **The redirect is not authenticated**: anyone can type that address. Treat it as "the user is
 * back", never as the decision: check that the pair of ids is one your backend created, then read
 * the workflow's status (or wait for the callback).
 *
 * @example
 * ```ts
 * import { journeyUrl, parseWebRedirect } from 'jumio-kyx';
 *
 * const account = await client.createAccount({ ...request, web: { successUrl, errorUrl } });
 * res.writeHead(303, { location: journeyUrl(account) }).end();
 * // … later, in the successUrl / errorUrl handler:
 * const back = parseWebRedirect(req.url ?? '');   // throws ValidationError when malformed
 * if (back.acquisitionStatus === 'ERROR') console.log(back.errorCode, back.errorDescription);
 * ```
 *
 * @packageDocumentation
 */

import * as native from '../native/index.cjs';
import { nativeSync } from './errors';
import type { AccountResponse } from './generated/types';

/** What a `successUrl` or `errorUrl` handler receives when the hosted journey ends. */
export interface WebRedirect {
  accountId: string;
  workflowExecutionId: string;
  /** Your reference for the transaction, when the account had one. */
  customerInternalReference?: string;
  /** `SUCCESS` or `ERROR` (a value this version does not know is kept as it is). */
  acquisitionStatus: 'SUCCESS' | 'ERROR' | (string & {});
  /** Why the journey failed (with `ERROR`). */
  errorCode?: number;
  /** What `errorCode` means, for the documented codes. */
  errorDescription?: string;
  /** The URL's other query parameters (your own, on `successUrl` / `errorUrl`). */
  extra: Record<string, string>;
}

/**
 * The hosted journey's address (`web.href`) of an account response: where to send the end
 * user's browser. It carries the transaction token: do not log it. Throws `ValidationError`
 * (field `web.href`) when the workflow has no web channel or the address is not one a browser may
 * be sent to (not `https`, plain `http` to a non-loopback host, or with a user name or password).
 */
export function journeyUrl(account: AccountResponse): string {
  return nativeSync(() => native.journeyUrl(account));
}

/**
 * Parses the redirect a `successUrl` / `errorUrl` handler receives: the full URL, the path and
 * query (`req.url`) or the query string alone. Throws `ValidationError` naming the parameter for
 * a missing or malformed `accountId`, `workflowExecutionId` or `acquisitionStatus`, a non-numeric
 * `errorCode`, an `errorCode` on a `SUCCESS`, or any of these given twice.
 */
export function parseWebRedirect(urlOrQuery: string): WebRedirect {
  return nativeSync(() => native.parseWebRedirect(urlOrQuery)) as WebRedirect;
}
