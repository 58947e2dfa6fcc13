// The sandbox against pages that are not its own, in headless Chromium: a page on another origin
// that posts to the control API (a body-less `no-cors` fetch and an auto-submitted form, the two
// cross-site requests a browser sends without asking), a page whose name was re-pointed at the
// sandbox (DNS rebinding, simulated with Chromium's host resolver rules), and a site that frames
// the dashboard. Each must leave the sandbox as it was and read nothing.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { eventually, kyx, launch, sandboxAndClient, shot } from './support.mjs';

/** A site on its own origin serving one page of HTML given per path. */
async function attackerSite(pages) {
  const server = createServer((req, res) => {
    const html = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (html === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

describe('the sandbox against foreign pages', () => {
  let browser, sandbox, client, site, started;
  before(async () => {
    ({ sandbox, client } = sandboxAndClient({ processingDelayMs: 0 }));
    started = await client.runIdentityVerification({
      customerInternalReference: 'security-1',
      front: kyx.sampleImage('front'),
      back: kyx.sampleImage('back'),
      selfie: kyx.sampleImage('selfie'),
    });
    const port = new URL(sandbox.url).port;
    browser = await launch([`--host-resolver-rules=MAP rebind.test 127.0.0.1`]);
    site = await attackerSite({
      '/fetch': `<!doctype html><title>fetch</title><script>
        window.done = Promise.all([
          fetch('${sandbox.url}/__sandbox/reset', { method: 'POST', mode: 'no-cors' }),
          fetch('${sandbox.url}/__sandbox/clock/advance', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"seconds": 99999}' }),
        ]).then(() => 'sent', (e) => 'failed: ' + e);
      </script>`,
      '/form': `<!doctype html><title>form</title>
        <form id="f" method="POST" action="${sandbox.url}/__sandbox/reset"></form>
        <script>document.getElementById('f').submit();</script>`,
      '/frame': `<!doctype html><title>frame</title><iframe id="d" src="${sandbox.uiUrl}" width="800" height="500"></iframe>`,
      '/rebind': `<!doctype html><title>rebind</title><script>
        window.read = fetch('http://rebind.test:${port}/__sandbox/ui/state').then((r) => r.status, (e) => 'failed: ' + e);
      </script>`,
    });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    sandbox?.close();
  });

  const workflowStillThere = () => {
    const ids = sandbox.workflows().map((w) => w.id);
    assert.deepEqual(ids, [started.workflowExecution.id]);
  };

  test('a cross-site no-cors fetch to the control API changes nothing', async () => {
    const before = sandbox.clock().offsetMs;
    const page = await browser.page();
    await page.goto(`${site.url}/fetch`);
    assert.equal(await page.evaluate(() => window.done), 'sent');
    workflowStillThere();
    assert.equal(sandbox.clock().offsetMs, before, 'the clock did not move');
    await page.close();
  });

  test('an auto-submitted cross-site form is refused', async () => {
    const page = await browser.page();
    const answer = page.waitForResponse((r) => r.url().endsWith('/__sandbox/reset'));
    await page.goto(`${site.url}/form`);
    const response = await answer;
    assert.equal(response.status(), 403);
    assert.match(await response.text(), /another origin/);
    workflowStillThere();
    await page.close();
  });

  test('a rebound name reads nothing, from a page or by navigation', async () => {
    const page = await browser.page();
    await page.goto(`${site.url}/rebind`);
    // Cross-origin without CORS the status is opaque to the page; the sandbox refused it anyway.
    await page.evaluate(() => window.read);
    const port = new URL(sandbox.url).port;
    const direct = await page.goto(`http://rebind.test:${port}/__sandbox/ui/state`);
    assert.equal(direct.status(), 403);
    const text = await page.locator('body').innerText();
    assert.doesNotMatch(text, new RegExp(started.workflowExecution.id));
    assert.match(text, /DNS rebinding/);
    const journey = await page.goto(`http://rebind.test:${port}/__sandbox/ui`);
    assert.equal(journey.status(), 403);
    await page.close();
  });

  test('the dashboard cannot be framed by another site', async () => {
    const page = await browser.page();
    await page.goto(`${site.url}/frame`);
    // The frame stays empty: Chromium refuses to render it (frame-ancestors 'none').
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await eventually(async () => frame && (await frame.evaluate(() => document.readyState).catch(() => 'blocked')), 'the frame to settle');
    const rendered = await frame.locator('body').innerText().catch(() => '');
    assert.doesNotMatch(rendered, /workflow|Workflows|sandbox/i);
    await shot(page, 'security-dashboard-framed');
    // The dashboard itself, at its own address, still works and can reset.
    const own = await browser.page();
    await own.goto(sandbox.uiUrl);
    const state = await own.evaluate(async () => (await fetch('/__sandbox/ui/state')).status);
    assert.equal(state, 200);
    const reset = await own.evaluate(async () => (await fetch('/__sandbox/reset', { method: 'POST' })).status);
    assert.equal(reset, 204);
    assert.deepEqual(sandbox.workflows(), []);
    await page.close();
    await own.close();
  });
});
