// The web example of each language (Rust, Python, Node), driven in headless Chromium: start a
// verification, go through the hosted journey, come back to the app, once to successUrl and once
// to errorUrl; a redirect the app did not start and a malformed one are refused; the page that
// embeds Jumio's Web SDK names the sandbox's Web SDK API and the workflow's token (the real SDK
// runs in it under `cargo xtask websdk`).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';

import { ROOT, launch, shot } from './support.mjs';

const EXAMPLES = {
  rust: [process.env.KYX_RUST_WEB_EXAMPLE ?? join(ROOT, 'target/debug/examples/web_journey')],
  python: [process.env.KYX_PYTHON ?? 'python3', join(ROOT, 'bindings/python/examples/web_journey.py')],
  node: [process.execPath, join(ROOT, 'bindings/node/build/examples/web_journey.js')],
};

/** Starts an example; resolves with its address once it prints `open <url>`. */
function start([program, ...args]) {
  const env = { ...process.env };
  delete env.JUMIO_CLIENT_ID; // always the embedded sandbox
  delete env.JUMIO_WEBSDK_SCRIPT; // the SDK itself is for cargo xtask websdk
  const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const address = new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = /^open (http:\/\/\S+?)\/?$/.exec(line);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`${program} exited with ${code} before serving`)));
    setTimeout(() => reject(new Error(`${program} did not print its address in 60 s`)), 60_000).unref();
  });
  return { child, address };
}

for (const [language, command] of Object.entries(EXAMPLES)) {
  describe(`the ${language} web example`, () => {
    let browser, app, base;
    before(async () => {
      if (language === 'rust' && !existsSync(command[0])) {
        throw new Error(`${command[0]} is missing: cargo build -p jumio-kyx --example web_journey`);
      }
      browser = await launch();
      app = start(command);
      base = await app.address;
    });
    after(async () => {
      app?.child.kill();
      await browser?.close();
    });

    async function journey(page, outcome) {
      await page.goto(`${base}/`);
      await Promise.all([page.waitForURL((u) => u.pathname === '/web/client'), page.click('#verify')]);
      if (outcome === 'pass') {
        await page.check('#sample-front');
        await page.check('#sample-face');
      }
      await page.selectOption('#outcome', outcome);
      await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/kyc/')), page.click('#finish')]);
    }

    test('a finished journey comes back to /kyc/done with the workflow acquired', async () => {
      const page = await browser.page();
      await journey(page, 'pass');
      assert.equal(new URL(page.url()).pathname, '/kyc/done');
      assert.equal(await page.locator('#title').innerText(), 'Thank you');
      assert.equal(await page.locator('#acquisition-status').innerText(), 'SUCCESS');
      assert.match(await page.locator('#workflow-id').innerText(), /^[0-9a-f-]{36}$/);
      assert.match(await page.locator('#workflow-status').innerText(), /^(ACQUIRED|PROCESSED)$/);
      await shot(page, `example-${language}-done`);
      await page.close();
    });

    test('a journey error comes back to /kyc/failed with its code', async () => {
      const page = await browser.page();
      await journey(page, 'error:9820');
      assert.equal(new URL(page.url()).pathname, '/kyc/failed');
      assert.equal(await page.locator('#acquisition-status').innerText(), 'ERROR');
      assert.equal(await page.locator('#error-code').getAttribute('data-code'), '9820');
      assert.match(await page.locator('#error-code').innerText(), /camera unavailable/);
      assert.equal(await page.locator('#workflow-status').innerText(), 'INITIATED');
      await page.close();
    });

    test('the Web SDK page embeds <jumio-sdk> with the sandbox\'s API and the token', async () => {
      const page = await browser.page();
      await page.goto(`${base}/`);
      await Promise.all([page.waitForURL((u) => u.pathname === '/embed'), page.click('#embed')]);
      const sdk = page.locator('jumio-sdk');
      const token = await sdk.getAttribute('token');
      const api = new URL(await sdk.getAttribute('base-url'));
      assert.equal(api.pathname, '/websdk/v4/api');
      // The token is Jumio's JWT, and the API answers it: the SDK could start here.
      assert.match(token, /^eyJhbGciOiJIUzUxMiIsInppcCI6IkdaSVAifQ\.[\w-]+\.[\w-]+$/);
      const settings = await fetch(`${api}/settings`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
      assert.equal(settings.status, 200);
      assert.equal((await settings.json()).credentials[0].category, 'ID');
      // Without the SDK installed, the page says how to add it.
      assert.match(await page.locator('#websdk-missing').innerText(), /npm install @jumio\/websdk/);
      const stranger = await page.goto(`${base}/kyc/embedded?workflow=5f0d2c7a-1f55-4c1e-9f3a-2b9a7e6d4c21`);
      assert.equal(stranger.status(), 400);
      await page.close();
    });

    test('a redirect it did not start, or a malformed one, is refused', async () => {
      const page = await browser.page();
      const forged = await page.goto(
        `${base}/kyc/done?accountId=0b7b1e9c-4a36-4f6e-9f10-8d5a8f0a1d11&workflowExecutionId=5f0d2c7a-1f55-4c1e-9f3a-2b9a7e6d4c21&acquisitionStatus=SUCCESS`,
      );
      assert.equal(forged.status(), 400);
      assert.equal(await page.locator('#title').innerText(), 'Unknown verification');
      const malformed = await page.goto(`${base}/kyc/done?accountId=x&acquisitionStatus=SUCCESS&errorCode=1`);
      assert.equal(malformed.status(), 400);
      assert.equal(await page.locator('#title').innerText(), 'Not a verification redirect');
      assert.match(await page.locator('#body').innerText(), /workflowExecutionId/);
      await page.close();
    });
  });
}
