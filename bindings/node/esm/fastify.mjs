// The ES module entry of `jumio-kyx/fastify`: the CommonJS build re-exported, so that it shares
// one native addon and one set of classes with `jumio-kyx`.
import cjs from '../dist/fastify.js';

export const { callbackPlugin } = cjs;
export default cjs;
