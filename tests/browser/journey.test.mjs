// The hosted journey at `web.href`, in headless Chromium: success to a local successUrl (query
// parameters and callback asserted), a chosen label, a journey error to errorUrl, the sandbox's
// own pages without URLs, an expired and an unknown token, a refused upload, a real image upload
// from disk, the locale, and the iframe's postMessage events.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { eventually, kyx, launch, receiver, sandboxAndClient, shot } from './support.mjs';

const { journeyUrl, parseWebRedirect, sampleImage } = kyx;

describe('the hosted web journey', () => {
  let browser, sandbox, client, site;
  before(async () => {
    browser = await launch();
    ({ sandbox, client } = sandboxAndClient({ callbackBackoffMs: 100 }));
    site = await receiver();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    sandbox?.close();
  });

  /** An account on workflow 3 (ID + identity, web channel) returning to the receiver. */
  async function account(reference, extra = {}) {
    return client.createAccount({
      customerInternalReference: reference,
      workflowDefinition: { key: 3 },
      callbackUrl: `${site.url}/callback`,
      web: { successUrl: `${site.url}/ok?shop=1`, errorUrl: `${site.url}/err` },
      ...extra,
    });
  }

  test('a finished journey lands on successUrl with the documented parameters, and the callback follows', async () => {
    const created = await account('browser-success-1');
    const page = await browser.page();
    await page.goto(journeyUrl(created));
    assert.equal(await page.locator('#definition-key').textContent(), '3');
    await shot(page, 'journey');
    await page.check('#sample-front');
    await page.check('#sample-face');
    await page.selectOption('#outcome', 'pass');
    await Promise.all([page.waitForURL((u) => u.pathname === '/ok'), page.click('#finish')]);
    await shot(page, 'journey-returned');

    const landed = new URL(page.url());
    assert.equal(landed.searchParams.get('shop'), '1', 'the integrator’s own parameter is kept');
    assert.equal(landed.searchParams.get('accountId'), created.account.id);
    assert.equal(landed.searchParams.get('workflowExecutionId'), created.workflowExecution.id);
    assert.equal(landed.searchParams.get('customerInternalReference'), 'browser-success-1');
    assert.equal(landed.searchParams.get('acquisitionStatus'), 'SUCCESS');
    assert.equal(landed.searchParams.get('errorCode'), null);
    const back = parseWebRedirect(site.state.redirects.at(-1));
    assert.equal(back.acquisitionStatus, 'SUCCESS');
    assert.equal(back.workflowExecutionId, created.workflowExecution.id);
    assert.deepEqual(back.extra, { shop: '1' });

    const callback = await eventually(
      () => site.state.callbacks.find((c) => c.workflowExecution?.id === created.workflowExecution.id),
      'the callback',
    );
    assert.equal(callback.workflowExecution.status, 'PROCESSED');
    assert.equal(callback.account.id, created.account.id);
    const details = await client.getWorkflowDetails(created.account.id, created.workflowExecution.id);
    assert.equal(details.decision.type, 'PASSED');
    const kinds = details.credentials.map((c) => c.category).sort();
    assert.deepEqual(kinds, ['FACEMAP', 'ID', 'SELFIE']);
    await page.close();
  });

  test('the outcome can be any label of any capability', async () => {
    const created = await account('browser-label-1');
    const page = await browser.page();
    await page.goto(journeyUrl(created));
    await page.check('#sample-front');
    await page.check('#sample-face');
    await page.selectOption('#outcome', 'label:usability:BLURRED');
    await Promise.all([page.waitForURL((u) => u.pathname === '/ok'), page.click('#finish')]);
    const details = await eventually(async () => {
      const d = await client.getWorkflowDetails(created.account.id, created.workflowExecution.id);
      return d.workflow.status === 'PROCESSED' && d;
    }, 'processing');
    assert.equal(details.decision.type, 'REJECTED');
    const labels = details.capabilities.usability.map((u) => u.decision.details.label);
    assert.ok(labels.includes('BLURRED'), labels.join(','));
    await page.close();
  });

  test('a journey error lands on errorUrl with its code, and the workflow is left to expire', async () => {
    const created = await account('browser-error-1');
    const page = await browser.page();
    await page.goto(journeyUrl(created));
    await page.selectOption('#outcome', 'error:9820');
    await Promise.all([page.waitForURL((u) => u.pathname === '/err'), page.click('#finish')]);
    const landed = new URL(page.url());
    assert.equal(landed.searchParams.get('acquisitionStatus'), 'ERROR');
    assert.equal(landed.searchParams.get('errorCode'), '9820');
    assert.equal(landed.searchParams.get('workflowExecutionId'), created.workflowExecution.id);
    const back = parseWebRedirect(page.url());
    assert.equal(back.errorCode, 9820);
    assert.equal(back.errorDescription, 'file upload not enabled and camera unavailable');
    const status = await client.getWorkflowStatus(created.account.id, created.workflowExecution.id);
    assert.equal(status.workflowExecution.status, 'INITIATED');
    await page.close();
  });

  test('without successUrl or errorUrl the sandbox shows its own ending pages', async () => {
    const page = await browser.page();
    const plain = await client.createAccount({ customerInternalReference: 'browser-plain-1', workflowDefinition: { key: 3 } });
    await page.goto(journeyUrl(plain));
    await page.check('#sample-front');
    await page.check('#sample-face');
    await page.click('#finish');
    assert.equal(await page.locator('#outcome').getAttribute('data-status'), 'SUCCESS');
    await shot(page, 'journey-success-page');
    const failing = await client.createAccount({ customerInternalReference: 'browser-plain-2', workflowDefinition: { key: 3 } });
    await page.goto(journeyUrl(failing));
    await page.selectOption('#outcome', 'error:9835');
    await page.click('#finish');
    assert.equal(await page.locator('#outcome').getAttribute('data-status'), 'ERROR');
    assert.match(await page.locator('#error-code').textContent(), /9835/);
    await shot(page, 'journey-error-page');
    await page.close();
  });

  test('an expired token shows the token-expired page and expires the workflow', async () => {
    const created = await account('browser-expired-1', { tokenLifetime: '5m' });
    sandbox.advanceClock(301);
    const page = await browser.page();
    const response = await page.goto(journeyUrl(created));
    assert.equal(response.status(), 410);
    assert.equal(await page.locator('#refusal').getAttribute('data-code'), '9200');
    assert.match(await page.locator('#refusal').textContent(), /expired/);
    await shot(page, 'journey-expired');
    const status = await client.getWorkflowStatus(created.account.id, created.workflowExecution.id);
    assert.equal(status.workflowExecution.status, 'TOKEN_EXPIRED');
    await page.close();
  });

  test('an unknown token gets an error page', async () => {
    const page = await browser.page();
    const response = await page.goto(`${sandbox.url}/web/v4/app?authorizationToken=not-a-token&locale=en`);
    assert.equal(response.status(), 404);
    assert.match(await page.locator('#refusal').textContent(), /not valid/);
    await shot(page, 'journey-unknown-token');
    await page.close();
  });

  test('a bad upload gets a clear message on the page and changes nothing', async () => {
    const created = await account('browser-bad-upload-1');
    const page = await browser.page();
    await page.goto(journeyUrl(created));
    await page.setInputFiles('#file-front', { name: 'passport.pdf', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.4 not an image') });
    await page.check('#sample-face');
    await page.click('#finish');
    const message = await page.locator('#message').textContent();
    assert.match(message, /ID FRONT: .*not a JPEG or PNG/);
    await shot(page, 'journey-bad-upload');
    const state = sandbox.workflowState(created.workflowExecution.id);
    assert.equal(state.status, 'INITIATED');
    assert.ok(state.credentials.every((c) => c.uploaded.length === 0), JSON.stringify(state.credentials));
    // The page still works: the same journey can finish.
    await page.check('#sample-front');
    await page.check('#sample-face');
    await Promise.all([page.waitForURL((u) => u.pathname === '/ok'), page.click('#finish')]);
    await page.close();
  });

  test('an image chosen from disk is uploaded as it is', async () => {
    const created = await account('browser-upload-1');
    const page = await browser.page();
    await page.goto(journeyUrl(created));
    const front = sampleImage('front');
    await page.setInputFiles('#file-front', { name: 'front.jpg', mimeType: 'image/jpeg', buffer: front });
    await page.check('#sample-face');
    await Promise.all([page.waitForURL((u) => u.pathname === '/ok'), page.click('#finish')]);
    const id = created.workflowExecution.credentials.find((c) => c.category === 'ID');
    const part = await client.downloadPart(created.account.id, id.id, 'FRONT');
    assert.ok(part.content && Buffer.compare(part.content, front) === 0, 'the downloaded FRONT is the file chosen');
    await page.close();
  });

  test('the locale picks the page language', async () => {
    const created = await account('browser-locale-1', { web: { locale: 'de' } });
    const page = await browser.page();
    await page.goto(journeyUrl(created));
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    assert.equal(await page.title(), 'Identitätsprüfung');
    await page.close();
  });

  test('in an iframe, the journey posts the documented events', async () => {
    const page = await browser.page();
    const events = () => page.evaluate(() => window.kyxEvents);

    const ok = await account('browser-iframe-1');
    await page.goto(`${site.url}/host?src=${encodeURIComponent(journeyUrl(ok))}`);
    await eventually(async () => (await events()).some((e) => e.payload?.value === 'loaded'), 'the loaded event');
    const frame = page.frameLocator('#journey');
    await frame.locator('#sample-front').check();
    await frame.locator('#sample-face').check();
    await frame.locator('#finish').click();
    const success = await eventually(async () => (await events()).find((e) => e.payload?.value === 'success'), 'the success event');
    assert.equal(success.eventType, 510);
    assert.equal(success.accountId, ok.account.id);
    assert.equal(success.workflowExecutionId, ok.workflowExecution.id);
    assert.equal(success.customerInternalReference, 'browser-iframe-1');
    assert.equal(typeof success.authorizationToken, 'string');
    assert.ok(!Number.isNaN(Date.parse(success.dateTime)), success.dateTime);
    await shot(page, 'journey-iframe');

    const failing = await account('browser-iframe-2');
    await page.goto(`${site.url}/host?src=${encodeURIComponent(journeyUrl(failing))}`);
    await eventually(async () => (await events()).some((e) => e.payload?.value === 'loaded'), 'the loaded event');
    await frame.locator('#outcome').selectOption('error:9821');
    await frame.locator('#finish').click();
    const error = await eventually(async () => (await events()).find((e) => e.payload?.value === 'error'), 'the error event');
    assert.equal(error.payload.metainfo.code, 9821);
    assert.equal(error.workflowExecutionId, failing.workflowExecution.id);
    await page.close();
  });
});
