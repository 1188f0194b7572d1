// Writes the client's parts of package.json (main, activationEvents, capabilities, contributes),
// with one `dockerfilePatchHygiene.rules` property per rule of the core. Run after `tsc -b`
// whenever a rule is added: `flock /tmp/pkg.lock node client/scripts/syncManifest.mjs`.
// test/unit/manifest.test.ts fails when package.json and the rules disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { rules } = require(path.join(root, 'build', 'server', 'src', 'core', 'rules', 'index.js'));
const { docsUrl } = require(path.join(root, 'build', 'server', 'src', 'core', 'rules', 'rule.js'));
const { SEVERITY_ENUM, manifestParts } = require(path.join(root, 'build', 'client', 'src', 'manifest.js'));

const manifestFile = path.join(root, 'package.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
Object.assign(manifest, manifestParts(rules.map((r) => ({ ...r.meta, docs: docsUrl(r.meta.name) }))));
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`package.json: ${rules.length} rules, severities ${SEVERITY_ENUM.join('|')}`);
