// Run by lifetime.test.mjs in a child process. `floating`: one call nobody awaits, whose
// settling prints; `many`: 64 concurrent calls, awaited; `collect`: 100 clients, each with one
// call, then prints how many of them the garbage collector collected (run with --expose-gc).
import { Client, Sandbox } from 'jumio-kyx';

const sandbox = new Sandbox({ processingDelayMs: 0 });
const client = () => new Client({ baseUrl: sandbox.url, clientId: 'child', clientSecret: 'child', userAgent: 'Child/1.0' });
const mode = process.argv[2];

if (mode === 'floating') {
  client()
    .getHealth()
    .then((h) => console.log(`settled ${h.status}`));
} else if (mode === 'many') {
  const c = client();
  const answers = await Promise.all(Array.from({ length: 64 }, () => c.getHealth()));
  console.log(`settled ${answers.length}`);
} else if (mode === 'collect') {
  let collected = 0;
  const registry = new FinalizationRegistry(() => collected++);
  for (let i = 0; i < 100; i++) {
    const c = client();
    registry.register(c, i);
    await c.getHealth();
  }
  for (let i = 0; i < 20 && collected < 90; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  console.log(`collected ${collected}`);
}
