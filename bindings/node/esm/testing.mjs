// The ES module entry of `jumio-kyx/testing`: the CommonJS build re-exported, so that it shares
// one native addon and one set of classes with `jumio-kyx` (Node reads the names it exports).
export * from '../dist/testing.js';
export { default } from '../dist/testing.js';
