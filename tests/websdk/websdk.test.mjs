// Jumio's own Web SDK (npm @jumio/websdk, installed at run time by `cargo xtask websdk`, never
// committed: it is UNLICENSED) embedded in an integrator's page on its own origin, talking to the
// sandbox's Web SDK API, in headless Chromium with a fake camera and every non-local host
// blocked: a full journey (ID front and back from files, a manual selfie) checked afterwards
// through the Node client (status, decision, images byte for byte, callback); a usability
// rejection retaken; an expired token; a forged token; a failing settings call; and the full
// journey again in TLS region mode, on the real host names (`web-sdk.amer-1.jumio.ai`). Screenshots in
// target/websdk/screenshots. A failure names its screenshot and every Web SDK call with its answer.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';

import { OUT, ROOT, eventually, kyx, launch, receiver, sandboxAndClient, shot } from '../browser/support.mjs';
import { integrator } from './integrator.mjs';

const SAMPLES = join(ROOT, 'crates/jumio-kyx-sandbox/samples');
const FRONT = join(SAMPLES, 'front.jpg');
const BACK = join(SAMPLES, 'back.jpg');
const API_PATH = '/websdk/v4/api';

/** Beyond support's flags: a fake camera, allowed without asking; no host name resolves but local ones. */
const FLAGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** How long a screen that must never turn into "Success" is watched. */
const NEVER_SUCCESS_MS = 10_000;
/** The SDK's steps wait for the network and its animations; generous on a 2-core machine. */
const STEP_MS = 20_000;

describe('Jumio Web SDK against the sandbox', () => {
  let browser, site, hooks, sandbox, client, page;
  /** Non-local hosts the page tried (the SDK reports to Datadog): every one aborted. */
  const blocked = new Set();
  /** The SDK's calls to the sandbox in this test and their answers (telemetry left out). */
  let traffic = [];

  before(async () => {
    browser = await launch(FLAGS);
    await browser.context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (LOCAL_HOSTS.has(url.hostname)) return route.continue();
      blocked.add(url.host);
      return route.abort('blockedbyclient');
    });
    site = await integrator();
    hooks = await receiver();
  });
  after(async () => {
    if (blocked.size) console.log(`# non-local hosts blocked: ${[...blocked].sort().join(', ')}`);
    await browser?.close();
    await site?.close();
    await hooks?.close();
  });
  beforeEach(async () => {
    ({ sandbox, client } = sandboxAndClient({ callbackBackoffMs: 100 }));
    traffic = [];
    page = await browser.page();
    page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
    // The SDK reports settings it cannot use ("wrong settings", with the schema errors) to the
    // reporting call: worth showing when a test fails.
    page.on('request', (r) => {
      if (!r.url().endsWith(`${API_PATH}/reportingevent`)) return;
      try {
        for (const e of JSON.parse(r.postData() ?? '{}').events ?? []) {
          if (e.payload?.eventName !== 'wrong settings') continue;
          const { isCritical, errors = [] } = e.payload.metadata ?? {};
          const paths = [...new Set(errors.map((x) => `${x.path}: ${x.message}`))];
          traffic.push({ call: `(SDK report) wrong settings${isCritical ? ', critical' : ''}`, status: '', answer: paths.join('; ') });
        }
      } catch {
        // Not the shape this version sends: nothing to show.
      }
    });
    page.on('response', async (r) => {
      const url = new URL(r.url());
      const call = url.pathname.startsWith(API_PATH) ? url.pathname.slice(API_PATH.length) : null;
      if (!call || r.request().method() === 'OPTIONS' || call.endsWith('event')) return;
      const entry = { call: `${r.request().method()} ${call}`, status: r.status(), answer: null };
      traffic.push(entry);
      entry.answer = await r.text().then((t) => t.slice(0, 1500), () => '(no body)');
    });
  });
  afterEach(async () => {
    await page?.close();
    sandbox?.close();
  });

  /**
   * A test whose failure says what the SDK showed and what the sandbox answered: a screenshot
   * (`failed-<slug>.png`), the SDK's events and each Web SDK call with its status and answer.
   */
  function scenario(name, slug, body) {
    test(name, async () => {
      try {
        await body();
      } catch (e) {
        const screenshot = join(OUT, `failed-${slug}.png`);
        await shot(page, `failed-${slug}`).catch(() => {});
        const seen = await page.evaluate(() => window.kyxSdkEvents?.map((x) => x.type)).catch(() => null);
        const headings = await page.getByRole('heading').allInnerTexts().catch(() => []);
        throw new Error(
          `${e.message}` +
            `\n  screen: ${JSON.stringify(headings)} (${screenshot})` +
            `\n  SDK events: ${JSON.stringify(seen)}` +
            `\n  Web SDK calls:\n${traffic.map((t) => `    ${t.call} -> ${t.status} ${t.answer}`).join('\n')}`,
          { cause: e },
        );
      }
    });
  }

  /** A key-10011 account (ID + selfie + liveness, web channel) calling back the receiver. */
  async function account(reference, extra = {}) {
    const created = await client.createAccount({
      customerInternalReference: reference,
      userReference: `user-${reference}`,
      workflowDefinition: { key: 10011 },
      callbackUrl: `${hooks.url}/callback`,
      ...extra,
    });
    assert.ok(created.web?.href, 'the account has a web.href');
    return created;
  }

  const events = () => page.evaluate(() => window.kyxSdkEvents.map((e) => e.type));
  const eventOf = (type) => page.evaluate((t) => window.kyxSdkEvents.find((e) => e.type === t) ?? null, type);
  const qa = (id) => page.locator(`[data-qa-id="${id}"]`);
  const zone = (side, state = '') => page.locator(`[data-qa-id="upload-zone"][data-key="${side}"]${state}`);
  /** The Web SDK calls the sandbox logged, as `METHOD /path` after the API's base. */
  const logged = () =>
    sandbox
      .requests()
      .filter((r) => r.path.startsWith(`${API_PATH}/`))
      .map((r) => ({ call: `${r.method} ${r.path.slice(API_PATH.length)}`, status: r.status, fault: r.fault }));

  /** Opens the integrator's page for the account: the SDK's first screen is Start, or an error. */
  async function open(created) {
    await page.goto(site.fromHref(created.web.href));
    const first = page.locator('[data-qa-id="start-button"], [data-qa-id="success-message"], [data-qa-id="error-message"]');
    await first.first().waitFor({ timeout: STEP_MS });
  }

  const expectStart = async () => assert.equal(await qa('start-button').count(), 1, 'the SDK opens on its Start screen');

  /** Start, then "Upload file" (the SDK's choice between the camera and files). */
  async function startWithUpload() {
    await expectStart();
    await qa('start-button').click();
    await page.getByRole('button', { name: /Upload file/ }).click({ timeout: STEP_MS });
    await zone('FRONTSIDE').waitFor({ timeout: STEP_MS });
  }

  /** Chooses `file` for one side through the zone's own button (a real file chooser). */
  async function upload(side, file) {
    await zone(side, '[data-enabled="true"]').waitFor({ timeout: STEP_MS });
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser', { timeout: STEP_MS }),
      zone(side).locator('[data-qa-id="upload-button"] button').click(),
    ]);
    await chooser.setFiles(file);
    await zone(side, '[data-file-present="true"]').waitFor({ timeout: STEP_MS });
  }

  /** Continue, once the SDK has checked both sides. */
  async function continueAfterUpload() {
    await page.locator('[data-qa-id="continue-button"][data-disabled="false"]').waitFor({ timeout: STEP_MS });
    await qa('continue-button').locator('button').click();
  }

  /** The manual selfie, from Chromium's fake camera. */
  async function selfie() {
    await qa('capture-button').waitFor({ timeout: STEP_MS });
    await qa('capture-button').click();
  }

  /** A screenshot once the SDK's "This will take a moment" overlay is gone. */
  async function settledShot(name) {
    await eventually(async () => (await qa('progress-message').filter({ visible: true }).count()) === 0, 'the SDK to settle', STEP_MS);
    await shot(page, name);
  }

  async function success(name) {
    await qa('success-message').waitFor({ timeout: 30_000 });
    await eventually(async () => (await events()).includes('workflow:success'), 'the workflow:success event', STEP_MS);
    await settledShot(name);
  }

  /** Watches the page: no "Success" screen and no workflow:success event, ever. */
  async function neverSuccess() {
    const until = Date.now() + NEVER_SUCCESS_MS;
    while (Date.now() < until) {
      assert.equal(await qa('success-message').count(), 0, 'the SDK shows no Success screen');
      assert.ok(!(await events()).includes('workflow:success'), 'no workflow:success event');
      await page.waitForTimeout(500);
    }
  }

  scenario('a full journey: ID front and back from files, a manual selfie, Success; then the client sees it all', 'journey', async () => {
    const created = await account('websdk-success-1');
    const { id: accountId } = created.account;
    const { id: workflowExecutionId } = created.workflowExecution;
    await open(created);
    await expectStart();
    await settledShot('websdk-start');
    await startWithUpload();
    await upload('FRONTSIDE', FRONT);
    await upload('BACKSIDE', BACK);
    await settledShot('websdk-uploaded');
    await continueAfterUpload();
    await qa('capture-button').waitFor({ timeout: STEP_MS });
    await settledShot('websdk-selfie');
    await selfie();
    await success('websdk-success');

    for (const type of ['workflow:start', 'workflow:success']) {
      const { detail } = await eventOf(type);
      assert.equal(detail.workflowExecutionId, workflowExecutionId, type);
      assert.equal(detail.accountId, accountId, type);
      assert.equal(detail.workflowId, '10011', type);
    }

    const status = await client.waitForCompletion(accountId, workflowExecutionId, { pollIntervalMs: 200 });
    assert.equal(status.workflowExecution.status, 'PROCESSED');
    const details = await client.getWorkflowDetails(accountId, workflowExecutionId);
    assert.equal(details.decision?.type, 'PASSED', `the decision: ${JSON.stringify(details.decision)}`);

    const id = created.workflowExecution.credentials.find((c) => c.category === 'ID');
    for (const [classifier, file] of [['FRONT', FRONT], ['BACK', BACK]]) {
      const part = await client.downloadPart(accountId, id.id, classifier);
      assert.ok(part.content && Buffer.compare(part.content, readFileSync(file)) === 0, `the downloaded ${classifier} is the file chosen, byte for byte`);
    }
    const selfieCredential = created.workflowExecution.credentials.find((c) => c.category === 'SELFIE');
    const face = await client.downloadPart(accountId, selfieCredential.id, 'FACE');
    assert.ok(face.content?.length > 0, 'the selfie from the fake camera is stored as the SELFIE FACE');

    const callback = await eventually(
      () => hooks.state.callbacks.find((c) => c.workflowExecution?.id === workflowExecutionId),
      'the callback at the receiver',
    );
    assert.equal(callback.workflowExecution.status, 'PROCESSED');
    assert.equal(callback.account.id, accountId);
  });

  scenario('a usability rejection sends the user back to capture; the retake passes and the journey succeeds', 'retake', async () => {
    const created = await account('websdk-retake-1');
    const { id: accountId } = created.account;
    const { id: workflowExecutionId } = created.workflowExecution;
    // A REJECTED usability label: the sandbox rejects the first upload of each ID part, then passes.
    sandbox.setWorkflowScenario(workflowExecutionId, { 'usability:ID': 'BLURRED' });
    await open(created);
    await startWithUpload();
    await upload('FRONTSIDE', FRONT);
    await upload('BACKSIDE', BACK);
    await continueAfterUpload();
    await qa('retake-image').waitFor({ timeout: STEP_MS });
    await page.getByRole('heading', { name: /must be retaken/ }).first().waitFor({ timeout: STEP_MS });
    await settledShot('websdk-retake');
    await qa('retake-image').locator('button').click();
    await upload('FRONTSIDE', FRONT);
    await upload('BACKSIDE', BACK);
    await continueAfterUpload();
    await selfie();
    await success('websdk-retake-success');

    const uploads = logged().filter((c) => /^POST \/credential\/[^/]+\/upload$/.test(c.call) && c.status === 200);
    assert.equal(uploads.length, 5, `both ID sides twice and the selfie once: ${JSON.stringify(logged())}`);
    const status = await client.waitForCompletion(accountId, workflowExecutionId, { pollIntervalMs: 200 });
    assert.equal(status.workflowExecution.status, 'PROCESSED');
  });

  scenario('an expired token never reaches Success: the SDK says the session expired', 'expired', async () => {
    const created = await account('websdk-expired-1', { tokenLifetime: '5m' });
    const { id: accountId } = created.account;
    const { id: workflowExecutionId } = created.workflowExecution;
    sandbox.advanceClock(6 * 60);
    await open(created);
    await qa('error-message').waitFor({ timeout: STEP_MS });
    await page.getByRole('heading', { name: 'Session expired' }).waitFor({ timeout: 5_000 });
    await settledShot('websdk-expired');
    await neverSuccess();
    assert.equal(await qa('start-button').count(), 0, 'the journey never starts');
    const status = await client.getWorkflowStatus(accountId, workflowExecutionId);
    assert.equal(status.workflowExecution.status, 'TOKEN_EXPIRED');
    const calls = logged();
    assert.ok(calls.length > 0 && calls.every((c) => c.status === 412), `every Web SDK call is refused as expired: ${JSON.stringify(calls)}`);
  });

  scenario('a forged token never reaches Success', 'forged', async () => {
    const created = await account('websdk-forged-1');
    // The same claims, another signature: what a tampered or self-made token looks like.
    const href = new URL(created.web.href);
    const [header, payload, signature] = href.searchParams.get('authorizationToken').split('.');
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    href.searchParams.set('authorizationToken', [header, payload, flipped].join('.'));
    await open({ web: { href: href.toString() } });
    await qa('error-message').waitFor({ timeout: STEP_MS });
    await settledShot('websdk-forged');
    await neverSuccess();
    assert.equal(await qa('start-button').count(), 0, 'the journey never starts');
    const calls = logged();
    assert.ok(calls.length > 0 && calls.every((c) => c.status === 401), `every Web SDK call is refused: ${JSON.stringify(calls)}`);
    assert.equal(sandbox.workflowState(created.workflowExecution.id).status, 'INITIATED', 'the real workflow is untouched');
  });

  scenario('in TLS region mode, on the real host names, the journey succeeds as well', 'region', async () => {
    // A sandbox in region mode: HTTPS with its own CA, each family on its real host. Chromium
    // resolves the real names to it (and is told to accept its certificate); the client trusts
    // the CA and resolves the same names.
    const regional = new kyx.Sandbox({ tls: true, strictHosts: true, processingDelayMs: 200 });
    const options = regional.regionOptions();
    const regionalClient = new kyx.Client({ region: 'US', ...options, clientId: 'websdk-tests', clientSecret: 'websdk-secret', userAgent: 'jumio-kyx websdk tests/1.0' });
    const port = new URL(regional.url).port;
    const hosts = Object.keys(options.resolve);
    const tlsBrowser = await launch([
      ...FLAGS.filter((f) => !f.startsWith('--host-resolver-rules')),
      `--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost`,
      '--ignore-certificate-errors',
    ]);
    try {
      await tlsBrowser.context.route('**/*', (route) => {
        const { hostname } = new URL(route.request().url());
        return LOCAL_HOSTS.has(hostname) || hosts.includes(hostname) ? route.continue() : route.abort('blockedbyclient');
      });
      page = await tlsBrowser.page();
      const created = await regionalClient.createAccount({
        customerInternalReference: 'websdk-region-1',
        workflowDefinition: { key: 10011 },
      });
      const href = new URL(created.web.href);
      assert.equal(href.host, 'sandbox.web.amer-1.jumio.ai');
      assert.equal(href.searchParams.get('baseUrl'), 'https://web-sdk.amer-1.jumio.ai/websdk/v4/api');
      await page.goto(site.fromHref(created.web.href));
      await qa('start-button').waitFor({ timeout: STEP_MS });
      await startWithUpload();
      await upload('FRONTSIDE', FRONT);
      await upload('BACKSIDE', BACK);
      await continueAfterUpload();
      await selfie();
      await success('websdk-region-success');
      const { id: accountId } = created.account;
      const { id: workflowExecutionId } = created.workflowExecution;
      const status = await regionalClient.waitForCompletion(accountId, workflowExecutionId, { pollIntervalMs: 200 });
      assert.equal(status.workflowExecution.status, 'PROCESSED');
      const id = created.workflowExecution.credentials.find((c) => c.category === 'ID');
      const front = await regionalClient.downloadPart(accountId, id.id, 'FRONT');
      assert.ok(front.content && Buffer.compare(front.content, readFileSync(FRONT)) === 0, 'the FRONT, byte for byte, over the real host names');
      const calls = regional.requests().filter((r) => r.path.startsWith(API_PATH));
      assert.ok(calls.some((r) => r.path.endsWith('/finalize') && r.status === 200), 'the SDK finalized through web-sdk.amer-1.jumio.ai');
    } finally {
      await tlsBrowser.close();
      regional.close();
    }
  });

  scenario('a failing settings call shows the SDK’s error screen and never Success', 'settings-fault', async () => {
    const created = await account('websdk-settings-fault-1');
    sandbox.setFaults([{ operation: 'webSdkSettings', status: 500, count: 1000 }]);
    await open(created);
    await qa('error-message').waitFor({ timeout: STEP_MS });
    await settledShot('websdk-settings-error');
    await neverSuccess();
    assert.equal(await qa('start-button').count(), 0, 'the journey never starts');
    const settings = logged().filter((c) => c.call === 'POST /settings');
    assert.ok(settings.length >= 1 && settings.every((c) => c.status === 500 && c.fault), `settings answered by the fault rule: ${JSON.stringify(logged())}`);
    assert.equal(sandbox.workflowState(created.workflowExecution.id).status, 'INITIATED', 'nothing was captured');
  });
});
