// The ES module entry of `jumio-kyx/express`: the CommonJS build re-exported, so that it shares
// one native addon and one set of classes with `jumio-kyx`.
import cjs from '../dist/express.js';

export const { callbackHandler } = cjs;
export default cjs;
