// A tiny web app on the web channel (node:http only): `POST /start` creates an account and sends
// the browser to Jumio's hosted journey; the journey sends it back to `/kyc/done` or
// `/kyc/failed`, which parse the redirect, check it is a transaction this app started, and show
// the workflow's status. `POST /embed` runs the journey inside the app's own page with Jumio's Web
// SDK (`<jumio-sdk>`; install `@jumio/websdk` yourself, serve its folder and set
// JUMIO_WEBSDK_SCRIPT to its `index.js` URL), then shows `/kyc/embedded?workflow=…`.
// Against an embedded sandbox (or the real platform, with the JUMIO_* variables set). Run:
// `npx tsc -p examples && node build/examples/web_journey.js [--port 8080]`. The browser tests
// (`tests/browser`, and `cargo xtask websdk` with the real SDK) drive it in headless Chromium.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Client, JumioError, Sandbox, ValidationError, journeyUrl, parseWebRedirect, type WebRedirect } from 'jumio-kyx';

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><title>${escape(title)}</title><h1 id=title>${escape(title)}</h1><div id=body>${body}</div>`);
}

const HOME =
  '<!doctype html><title>Shop</title><h1>Shop</h1><p>Verify your identity to continue.</p>' +
  '<form method=post action=/start><button id=verify>Verify my identity</button></form>' +
  '<form method=post action=/embed><button id=embed>Verify here (Jumio Web SDK)</button></form>';

/**
 * The app's page with Jumio's Web SDK: the token and the API the SDK talks to come from the
 * account's `web.href` (`…/web/client?baseUrl=…&authorizationToken=…`). In production you may
 * instead name the data centre: `<jumio-sdk token="…" dc="us">`.
 */
function embedPage(href: string, workflowId: string): string {
  const q = new URL(href).searchParams;
  const script = process.env.JUMIO_WEBSDK_SCRIPT;
  const missing = script
    ? ''
    : '<p id=websdk-missing>Install the SDK (<code>npm install @jumio/websdk</code>), serve its folder and set JUMIO_WEBSDK_SCRIPT to its <code>index.js</code> URL.</p>';
  const done = JSON.stringify(`/kyc/embedded?workflow=${encodeURIComponent(workflowId)}`).replace(/</g, '\\u003c');
  return (
    `<!doctype html><meta charset=utf-8><title>Verify your identity</title><h1 id=title>Verify your identity</h1>${missing}` +
    (script ? `<script type=module src="${escape(script)}"></script>` : '') +
    `<jumio-sdk id=sdk token="${escape(q.get('authorizationToken') ?? '')}" base-url="${escape(q.get('baseUrl') ?? '')}" locale="en"></jumio-sdk>` +
    `<script>let done=false;const finish=()=>{if(!done){done=true;location.assign(${done});}};` +
    `document.getElementById('sdk').addEventListener('workflow:success',finish);document.addEventListener('workflow:success',finish);</script>`
  );
}

async function serve(client: Client, port: number, dashboard: string | undefined): Promise<void> {
  // Transactions this app started: workflow execution id -> account id. A redirect naming any
  // other pair is refused: anyone can type a successUrl.
  const started = new Map<string, string>();
  let order = 1000;
  let base = '';
  const server = createServer(async (req, res) => {
    const route = (req.url ?? '/').split('?')[0];
    try {
      if (req.method === 'GET' && route === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HOME);
      } else if (req.method === 'POST' && route === '/start') {
        const account = await client.createAccount({
          customerInternalReference: `order-${order++}`,
          workflowDefinition: { key: 3 },
          web: { successUrl: `${base}/kyc/done`, errorUrl: `${base}/kyc/failed` },
        });
        const url = journeyUrl(account); // refuses a non-https or disguised address
        started.set(account.workflowExecution.id, account.account.id);
        res.writeHead(303, { location: url }).end();
      } else if (req.method === 'POST' && route === '/embed') {
        const account = await client.createAccount({
          customerInternalReference: `order-${order++}`,
          workflowDefinition: { key: 3 },
        });
        const url = journeyUrl(account);
        started.set(account.workflowExecution.id, account.account.id);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(embedPage(url, account.workflowExecution.id));
      } else if (req.method === 'GET' && route === '/kyc/embedded') {
        const workflowId = new URL(req.url ?? '/', 'http://app').searchParams.get('workflow') ?? '';
        const accountId = started.get(workflowId);
        if (accountId === undefined) return page(res, 400, 'Unknown verification', '<p>this app did not start that transaction</p>');
        // The SDK says the user finished; the platform says where the workflow is.
        const state = (await client.getWorkflowStatus(accountId, workflowId)).workflowExecution.status;
        page(
          res,
          200,
          'Thank you',
          `<dl><dt>workflow</dt><dd id=workflow-id>${escape(workflowId)}</dd><dt>status</dt><dd id=workflow-status>${escape(state)}</dd></dl>` +
            '<p>The decision arrives by callback or polling.</p>',
        );
      } else if (req.method === 'GET' && (route === '/kyc/done' || route === '/kyc/failed')) {
        let back: WebRedirect;
        try {
          back = parseWebRedirect(req.url ?? '');
        } catch (e) {
          if (e instanceof ValidationError) return page(res, 400, 'Not a verification redirect', `<p>${escape(e.message)}</p>`);
          throw e;
        }
        if (started.get(back.workflowExecutionId) !== back.accountId) {
          return page(res, 400, 'Unknown verification', '<p>this app did not start that transaction</p>');
        }
        // The redirect says the user is back; the platform says where the workflow is.
        let state: string;
        try {
          state = (await client.getWorkflowStatus(back.accountId, back.workflowExecutionId)).workflowExecution.status;
        } catch (e) {
          state = `unknown (${e instanceof Error ? e.message : String(e)})`;
        }
        const error =
          back.errorCode === undefined
            ? ''
            : `<dt>error</dt><dd id=error-code data-code=${back.errorCode}>${escape(`${back.errorCode} (${back.errorDescription ?? 'undocumented'})`)}</dd>`;
        page(
          res,
          200,
          back.acquisitionStatus === 'SUCCESS' ? 'Thank you' : 'Verification failed',
          `<dl><dt>journey</dt><dd id=acquisition-status>${escape(back.acquisitionStatus)}</dd>${error}` +
            `<dt>workflow</dt><dd id=workflow-id>${escape(back.workflowExecutionId)}</dd>` +
            `<dt>status</dt><dd id=workflow-status>${escape(state)}</dd></dl><p>The decision arrives by callback or polling.</p>`,
        );
      } else {
        page(res, 404, 'Not found', '');
      }
    } catch (e) {
      if (e instanceof JumioError) return page(res, 502, 'Verification unavailable', `<p>${escape(e.message)}</p>`);
      page(res, 500, 'Error', '');
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  console.log(`open ${base}/`);
  if (dashboard) console.log(`sandbox dashboard: ${dashboard}`);
}

async function main(): Promise<void> {
  const portArg = process.argv.indexOf('--port');
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
  if (process.env.JUMIO_CLIENT_ID) {
    await serve(Client.fromEnv(), port, undefined);
    return;
  }
  const sandbox = new Sandbox({ processingDelayMs: 500 });
  console.log(`using an embedded sandbox at ${sandbox.url}`);
  const client = new Client({ baseUrl: sandbox.url, clientId: 'example-client', clientSecret: 'example-secret', userAgent: 'jumio-kyx examples/0.1' });
  await serve(client, port, sandbox.uiUrl);
  // The sandbox stops when its object is collected: keep it for as long as the app serves.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      sandbox.close();
      process.exit(0);
    });
  }
}

void main();
