// The package loads with require() as well as import, and both give the same classes.
const { test } = require('node:test');
const assert = require('node:assert/strict');

test('require() and import() load one package', async () => {
  const required = require('jumio-kyx');
  const imported = await import('jumio-kyx');
  assert.equal(typeof required.Client, 'function');
  assert.equal(required.Client, imported.Client);
  assert.equal(required.JumioError, imported.JumioError);
  assert.match(required.version, /^\d+\.\d+\.\d+/);
  assert.equal(required.Workflows.STANDALONE_WATCHLIST_SCREENING, 10010);
  assert.equal(imported.default.Sandbox, required.Sandbox);
  // The ES module entry lists its exports by hand: it must not miss one.
  for (const name of Object.keys(required)) {
    assert.equal(imported[name], required[name], `import { ${name} } from 'jumio-kyx'`);
  }
});
