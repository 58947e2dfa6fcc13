// The ES module entry of `jumio-kyx/fastify`: the CommonJS build re-exported, so that it shares
// one native addon and one set of classes with `jumio-kyx` (Node reads the names it exports).
export * from '../dist/fastify.js';
export { default } from '../dist/fastify.js';
