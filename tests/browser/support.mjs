// What every browser test shares: Debian's Chromium driven by playwright-core, the Node package
// (built by `cargo xtask ci` before these tests), a local receiver for redirects and callbacks,
// and screenshots under target/browser.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT = process.env.KYX_BROWSER_OUT ?? join(ROOT, 'target/browser');
mkdirSync(OUT, { recursive: true });

export const kyx = await import(pathToFileURL(join(ROOT, 'bindings/node/esm/index.mjs')).href);

/** The flags CI machines need: no sandboxing (root in a container), no GPU, no outside network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Headless Chromium with a fresh user-data dir (and `extraArgs`); `close()` removes it. */
export async function launch(extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'kyx-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: { width: 1000, height: 720 },
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async page() {
      return context.newPage();
    },
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A screenshot of the page under target/browser. */
export async function shot(page, name) {
  await page.screenshot({ path: join(OUT, `${name}.png`) });
}

/** A sandbox and a client of it. */
export function sandboxAndClient(settings = {}) {
  const sandbox = new kyx.Sandbox({ processingDelayMs: 200, ...settings });
  const client = new kyx.Client({
    baseUrl: sandbox.url,
    clientId: 'browser-tests',
    clientSecret: 'browser-secret-do-not-show',
    userAgent: 'jumio-kyx browser tests/1.0',
  });
  return { sandbox, client };
}

/**
 * A local integrator: `/ok` and `/err` record the redirects they receive, `/callback` records
 * callbacks (answering `callbackStatus`), `/host?src=…` embeds a journey in an iframe and keeps
 * its `postMessage` events in `window.kyxEvents`.
 */
export async function receiver() {
  const state = { redirects: [], callbacks: [], callbackStatus: 200 };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (req.method === 'POST' && url.pathname === '/callback') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      state.callbacks.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(state.callbackStatus).end();
      return;
    }
    if (url.pathname === '/ok' || url.pathname === '/err') {
      state.redirects.push(req.url);
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>back</title><h1 id="landed">back at ${url.pathname}</h1>`);
      return;
    }
    if (url.pathname === '/host') {
      const src = (url.searchParams.get('src') ?? '').replace(/&/g, '&amp;').replace(/"/g, '&quot;');
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        '<!doctype html><title>host</title><script>window.kyxEvents=[];' +
          "addEventListener('message',e=>window.kyxEvents.push(e.data));</script>" +
          `<h1>Integrator page</h1><iframe id="journey" width="900" height="560" src="${src}"></iframe>`,
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    state,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** Polls `check` until it returns something truthy (or throws after `ms`). */
export async function eventually(check, what, ms = 10_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
