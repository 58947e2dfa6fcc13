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

test('the receivers are subpath exports, the same by require() and import(), loading no framework', async () => {
  const main = require('jumio-kyx');
  for (const [subpath, names] of [
    ['jumio-kyx/express', ['callbackHandler']],
    ['jumio-kyx/fastify', ['callbackPlugin']],
  ]) {
    const before = new Set(Object.keys(require.cache));
    const required = require(subpath);
    const imported = await import(subpath);
    assert.deepEqual(Object.keys(required).sort(), names);
    for (const name of names) {
      assert.equal(typeof required[name], 'function', `${subpath} ${name}`);
      assert.equal(imported[name], required[name], `import { ${name} } from '${subpath}'`);
    }
    const loaded = Object.keys(require.cache).filter((k) => !before.has(k));
    assert.ok(!loaded.some((k) => /node_modules[\\/](express|fastify)[\\/]/.test(k)), `${subpath} loads no framework: ${loaded.join(', ')}`);
  }
  // The shared receiver is the main entry's.
  assert.equal(typeof main.CallbackReceiver, 'function');
});
