// The ES module entry point: the CommonJS build re-exported, so `import` and `require` share one
// native addon and one set of classes (`instanceof JumioError` holds across both). Node finds the
// CommonJS build's names by reading it (its exports are static), so none is listed here.
export * from '../dist/index.js';
export { default } from '../dist/index.js';
