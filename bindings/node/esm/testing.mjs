// The ES module entry of `jumio-kyx/testing`: the CommonJS build re-exported, so that it shares
// one native addon and one set of classes with `jumio-kyx`.
import cjs from '../dist/testing.js';

export const { startTestSandbox } = cjs;
export default cjs;
