// The sandbox dashboard at /__sandbox/ui, in headless Chromium: it shows a workflow's decision
// and its images, redelivers a failed callback, moves the clock, adds, switches and removes a
// fault, edits the default scenario, finishes a journey, never shows a secret, and exports the
// state and imports it back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { eventually, kyx, launch, receiver, sandboxAndClient, shot } from './support.mjs';

describe('the sandbox dashboard', () => {
  let browser, sandbox, client, site, page;
  before(async () => {
    browser = await launch();
    ({ sandbox, client } = sandboxAndClient({ callbackAttempts: 1, callbackBackoffMs: 50 }));
    site = await receiver();
    page = await browser.page();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    sandbox?.close();
  });

  const text = (selector) => page.locator(selector).innerText();

  async function verification(reference) {
    const created = await client.runIdentityVerification({
      customerInternalReference: reference,
      front: kyx.sampleImage('front'),
      back: kyx.sampleImage('back'),
      selfie: kyx.sampleImage('selfie'),
      callbackUrl: `${site.url}/callback`,
    });
    return created;
  }

  test('shows a workflow with its decision, capabilities and image thumbnails', async () => {
    site.state.callbackStatus = 500; // the first delivery fails, for the redeliver test
    const started = await verification('dashboard-1');
    const id = started.workflowExecution.id;
    await page.goto(sandbox.uiUrl);
    const row = page.locator(`tr[data-workflow="${id}"]`);
    await eventually(async () => (await row.count()) === 1 && /PROCESSED/.test(await row.innerText()), 'the PROCESSED row');
    await eventually(async () => /PASSED/.test(await row.innerText()), 'the decision');
    assert.match(await row.innerText(), /dashboard-1/);
    assert.match(await row.innerText(), /risk \d/);
    const thumbs = await eventually(
      () =>
        row.locator('img.thumb').evaluateAll((imgs) => {
          const loaded = imgs.filter((i) => i.complete && i.naturalWidth > 0);
          return loaded.length === imgs.length && imgs.length >= 3 && imgs.map((i) => i.alt);
        }),
      'loaded thumbnails',
    );
    assert.ok(thumbs.includes('ID FRONT') && thumbs.includes('SELFIE FACE'), thumbs.join(','));
    await row.locator('summary').click();
    assert.match(await row.innerText(), /usability\s+PASSED\/OK/);
    await shot(page, 'dashboard');
  });

  test('redelivers a callback that failed', async () => {
    const failed = await eventually(() => sandbox.callbacks().find((c) => c.state === 'failed'), 'a failed callback');
    assert.equal(failed.attempts.length, 1);
    assert.equal(failed.attempts[0].status, 500);
    site.state.callbackStatus = 200;
    const row = page.locator(`tr[data-callback="${failed.id}"]`);
    await eventually(async () => /failed/.test(await row.innerText()), 'the failed state on the page');
    await row.locator(`[data-redeliver="${failed.id}"]`).click();
    await eventually(async () => /delivered/.test(await row.innerText()), 'the delivered state on the page');
    await shot(page, 'dashboard-redelivered');
    const after = sandbox.callbacks().find((c) => c.id === failed.id);
    assert.deepEqual(after.attempts.map((a) => a.status), [500, 200]);
    assert.equal(site.state.callbacks.filter((c) => c.workflowExecution.id === failed.workflowExecutionId).length, 2);
  });

  test('moves the clock', async () => {
    const before = sandbox.clock().offsetMs;
    await page.click('[data-advance="3600"]');
    await eventually(() => sandbox.clock().offsetMs >= before + 3_600_000, 'the clock to move');
    await eventually(async () => /\+\d+ s/.test(await text('#offset')), 'the offset on the page');
  });

  test('adds, switches off and removes a fault', async () => {
    await page.selectOption('#fault-form select[name="operation"]', 'get_health');
    await page.fill('#fault-form input[name="status"]', '503');
    await page.click('#fault-form button[type="submit"]');
    await eventually(() => sandbox.faults().length === 1, 'the fault');
    assert.deepEqual(
      sandbox.faults().map((f) => [f.operation, f.status, f.disabled ?? false]),
      [['get_health', 503, false]],
    );
    await assert.rejects(client.getHealth(), (e) => e instanceof kyx.ServerError && e.status === 503);

    const row = page.locator('tr[data-fault="0"]');
    await eventually(async () => /switch off/.test(await row.innerText()), 'the fault row');
    await row.getByText('switch off').click();
    await eventually(() => sandbox.faults()[0]?.disabled === true, 'the fault to be off');
    assert.equal((await client.getHealth()).status, 'UP');

    await eventually(async () => /switch on/.test(await row.innerText()), 'the switched row');
    await row.getByText('remove').click();
    await eventually(() => sandbox.faults().length === 0, 'the fault to go');
  });

  test('edits the default scenario, and finishes a journey from the page', async () => {
    await page.locator('#default-scenario').getByText('edit').click();
    await page.selectOption('#default-scenario select[data-capability="usability"]', 'BLURRED');
    await page.locator('#default-scenario').getByText('save scenario').click();
    await eventually(() => sandbox.scenario().labels.usability === 'BLURRED', 'the default scenario');

    const created = await client.createAccount({ customerInternalReference: 'dashboard-2', workflowDefinition: { key: 3 } });
    const row = page.locator(`tr[data-workflow="${created.workflowExecution.id}"]`);
    await eventually(async () => (await row.count()) === 1, 'the new row');
    await row.locator('[data-complete]').click();
    await eventually(async () => /PROCESSED/.test(await row.innerText()) && /REJECTED/.test(await row.innerText()), 'the rejected decision');
    const details = await client.getWorkflowDetails(created.account.id, created.workflowExecution.id);
    assert.equal(details.decision.type, 'REJECTED');
  });

  test('shows the request log and never a secret', async () => {
    await eventually(async () => /create_account/.test(await text('#requests')), 'the request log');
    const log = await text('#requests');
    assert.match(log, /POST \/oauth2\/token/);
    const html = await page.content();
    assert.ok(!html.includes('browser-secret-do-not-show'), 'the client secret is not on the page');
    const token = (await client.getAccessToken()).access_token;
    assert.ok(token.length > 10);
    assert.ok(!html.includes(token) && !log.includes(token), 'no access token on the page');
    assert.ok(!/Bearer\s+\S{10}/.test(log), 'no credential in the log');
  });

  test('exports the state, and imports it back after a reset', async () => {
    const before = sandbox.workflows().map((w) => w.id);
    assert.ok(before.length >= 2, 'the workflows of the tests above');
    await page.goto(sandbox.uiUrl);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-state').click()]);
    const file = await download.path();
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(doc.format, 'jumio-kyx-sandbox-state');
    assert.ok(Object.keys(doc.images).length >= 3, 'the uploaded images are in it');
    sandbox.reset();
    assert.equal(sandbox.workflows().length, 0);
    page.once('dialog', (d) => d.accept());
    await page.locator('#import-file').setInputFiles(file);
    await eventually(() => sandbox.workflows().length === before.length, 'the imported workflows');
    assert.deepEqual(sandbox.workflows().map((w) => w.id), before);
    await eventually(async () => /imported/.test(await text('#message')), 'the message on the page');
  });
});
