// Starts a seeded local registry for trying the extension by hand: `npx tsc -b && node scripts/seed-demo-registry.mjs [none|basic|token] [--runnable]`.
// Prints the host and credentials, then serves until Ctrl-C.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startRegistry, seedStandardFixtures } = require('../build/test/support/registry/index.js');

const auth = process.argv.find((a) => ['none', 'basic', 'token'].includes(a)) ?? 'none';
const runnable = process.argv.includes('--runnable');
const reg = await startRegistry({ auth, users: auth === 'none' ? [] : [{ user: 'demo', password: 'demo' }] });
const seeded = await seedStandardFixtures(reg, { runnable });
console.log(`registry: ${reg.host} (auth ${auth}${auth === 'none' ? '' : ', user demo / password demo'}), started in ${reg.startupMs} ms`);
for (const [ref, tag] of Object.entries(seeded.tags)) console.log(`  ${reg.host}/${ref}  ${tag.digest}`);
console.log('Ctrl-C to stop.');
const stop = async () => {
  await reg.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
