// The web channel: the redirect and journey-address cases of tests/web/cases.json (also run by
// the Rust and Python clients), journeyUrl of a real account, and the dashboard's address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ValidationError, journeyUrl, parseWebRedirect } from 'jumio-kyx';
import { REPO, makeClient, sandboxFor } from './support.mjs';

const CASES = JSON.parse(readFileSync(join(REPO, 'tests', 'web', 'cases.json'), 'utf8'));

for (const c of CASES.redirects) {
  test(`redirect: ${c.name}`, () => {
    if (c.error) {
      assert.throws(() => parseWebRedirect(c.input), (e) => e instanceof ValidationError && e.field === c.error);
      return;
    }
    const got = parseWebRedirect(c.input);
    for (const [k, v] of Object.entries(c.expect)) assert.deepEqual(got[k], v, k);
  });
}

for (const c of CASES.journeyHrefs) {
  test(`journey href: ${c.name}`, () => {
    const account = { account: { id: 'a' }, workflowExecution: { id: 'w' }, web: { href: c.href } };
    if (c.ok) {
      assert.match(journeyUrl(account), /^https?:\/\//);
      return;
    }
    assert.throws(() => journeyUrl(account), (e) => e instanceof ValidationError && e.field === 'web.href' && (c.href === '' || !e.message.includes(c.href)));
  });
}

test('journeyUrl of a real account opens the journey; a definition without web has none', async (t) => {
  const sandbox = sandboxFor(t);
  const client = makeClient(sandbox);
  const account = await client.createAccount({ customerInternalReference: 'node-web-1', workflowDefinition: { key: 3 }, web: { locale: 'de' } });
  const url = journeyUrl(account);
  assert.ok(url.startsWith(`${sandbox.url}/web/client?baseUrl=`), url);
  const html = await (await fetch(url)).text();
  assert.ok(html.includes('<html lang="de">') && html.includes(account.workflowExecution.id));
  const screening = await client.createAccount({ customerInternalReference: 'node-web-2', workflowDefinition: { key: 10010 }, userReference: 'u' });
  assert.throws(() => journeyUrl(screening), (e) => e instanceof ValidationError && e.field === 'web.href');
});

test('the dashboard address', async (t) => {
  const sandbox = sandboxFor(t);
  assert.equal(sandbox.uiUrl, `${sandbox.url}/__sandbox/ui`);
  assert.ok((await (await fetch(sandbox.uiUrl)).text()).includes('<title>KYX sandbox</title>'));
});
