// The integrator's site: a tiny HTTP server on 127.0.0.1 (another origin than the sandbox's) that
// serves the installed @jumio/websdk files under /sdk/ and, at /, a page embedding
// `<jumio-sdk token="…" base-url="…" locale="…">` as Jumio's package README describes. The page
// keeps the SDK's DOM events in `window.kyxSdkEvents`.
//
// Nothing of the package is in this repository: `cargo xtask websdk` installs it at run time into
// target/websdk (it is UNLICENSED) and names its folder in KYX_WEBSDK_DIR.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SDK_DIR = resolve(process.env.KYX_WEBSDK_DIR ?? join(ROOT, 'target/websdk/node_modules/@jumio/websdk'));

const TYPES = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.webp': 'image/webp',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.gz': 'application/gzip',
  '.html': 'text/html',
  '.txt': 'text/plain',
};

/** The events the SDK dispatches on the host page (they bubble out of its shadow DOM). */
export const SDK_EVENTS = ['workflow:initiate', 'workflow:start', 'workflow:success', 'workflow:failed', 'workflow:retry', 'error'];

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function page({ token, baseUrl, locale }) {
  const record = `window.kyxSdkEvents = [];
for (const type of ${JSON.stringify(SDK_EVENTS)}) {
  document.addEventListener(type, (e) => {
    let detail = null;
    try { detail = JSON.parse(JSON.stringify(e.detail ?? null)); } catch { detail = String(e.detail); }
    window.kyxSdkEvents.push({ type, detail, target: e.target?.tagName ?? null });
  }, true);
}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Integrator with the Jumio Web SDK</title>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style>html, body { height: 100%; margin: 0; }</style>
<link rel="stylesheet" href="/sdk/assets/style.css">
<script>${record}</script>
<script type="module" src="/sdk/index.js"></script>
</head>
<body>
<jumio-sdk token="${escape(token)}" base-url="${escape(baseUrl)}" locale="${escape(locale)}"></jumio-sdk>
</body>
</html>`;
}

/**
 * Starts the integrator's site. `pageUrl({ token, baseUrl, locale })` is the page embedding the SDK
 * with those attributes; `fromHref(href)` takes them from an account's `web.href`.
 */
export async function integrator(sdkDir = SDK_DIR) {
  if (!existsSync(join(sdkDir, 'index.js'))) {
    throw new Error(`@jumio/websdk is not installed in ${sdkDir}: run \`cargo xtask websdk\` (it installs the package for the run)`);
  }
  const served = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://integrator');
    served.push(url.pathname);
    if (url.pathname === '/') {
      const params = Object.fromEntries(url.searchParams);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page({ locale: 'en', ...params }));
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname.startsWith('/sdk/')) {
      let file = null;
      try {
        file = resolve(sdkDir, decodeURIComponent(url.pathname.slice('/sdk/'.length)));
      } catch {
        // A malformed escape: not a file of the package.
      }
      if (file?.startsWith(sdkDir + sep) && existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        createReadStream(file).pipe(res);
        return;
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    url: base,
    served,
    pageUrl({ token, baseUrl, locale = 'en' }) {
      return `${base}/?${new URLSearchParams({ token, baseUrl, locale })}`;
    },
    /** The page for an account's `web.href` (`…/web/client?baseUrl=…&authorizationToken=…&locale=…`). */
    fromHref(href) {
      const u = new URL(href);
      const token = u.searchParams.get('authorizationToken');
      const baseUrl = u.searchParams.get('baseUrl');
      if (!token || !baseUrl) throw new Error(`web.href has no authorizationToken or baseUrl: ${u.origin}${u.pathname}`);
      return this.pageUrl({ token, baseUrl, locale: u.searchParams.get('locale') ?? 'en' });
    },
    close: () => new Promise((r) => server.close(r)),
  };
}
