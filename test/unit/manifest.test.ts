import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { manifestParts } from '../../client/src/manifest';
import { CLIENT_COMMANDS, NOTIFICATIONS, SERVER_COMMANDS, SETTINGS_SECTION } from '../../client/src/names';
import { REBUILD_COMMANDS } from '../../client/src/rebuild/names';
import { rules } from '../../server/src/core/rules';
import { docsUrl } from '../../server/src/core/rules/rule';
import * as server from '../../server/src/lsp/protocol';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('package.json (the extension manifest)', () => {
  const expected = manifestParts(rules.map((r) => ({ ...r.meta, docs: docsUrl(r.meta.name) })));

  for (const key of ['main', 'activationEvents', 'capabilities', 'contributes'] as const) {
    it(`has the generated ${key}; after adding a rule run: flock /tmp/pkg.lock node client/scripts/syncManifest.mjs`, () => {
      assert.deepEqual(manifest[key], JSON.parse(JSON.stringify(expected[key])));
    });
  }

  it('offers every rule in the rules setting with its default severity', () => {
    const props = manifest.contributes.configuration.properties[`${SETTINGS_SECTION}.rules`].properties;
    assert.deepEqual(Object.keys(props).sort(), rules.map((r) => r.meta.name).sort());
    for (const rule of rules) {
      assert.equal(props[rule.meta.name].default, rule.meta.defaultSeverity, rule.meta.name);
      assert.deepEqual(props[rule.meta.name].enum, ['off', 'hint', 'info', 'warning', 'error']);
    }
  });

  it('points at files that exist: grammar, language configuration', () => {
    for (const file of [manifest.contributes.grammars[0].path, manifest.contributes.languages[0].configuration]) {
      assert.ok(fs.existsSync(path.join(root, file)), file);
    }
  });

  it('puts every palette command in the Dockerfile Patch Hygiene category', () => {
    const contributed = manifest.contributes.commands.map((c: { command: string; category: string }) => {
      assert.equal(c.category, 'Dockerfile Patch Hygiene');
      return c.command;
    });
    assert.deepEqual(contributed.sort(), [...Object.values(CLIENT_COMMANDS), ...Object.values(REBUILD_COMMANDS)].sort());
  });
});

describe('client and server agree on the protocol names', () => {
  it('settings section', () => assert.equal(SETTINGS_SECTION, server.SETTINGS_SECTION));

  it('server commands', () => {
    for (const [key, id] of Object.entries(SERVER_COMMANDS)) assert.equal(id, server.COMMANDS[key as keyof typeof SERVER_COMMANDS]);
  });

  it('notifications', () => {
    assert.equal(NOTIFICATIONS.trust, server.TrustNotification.method);
    assert.equal(NOTIFICATIONS.registryState, server.RegistryStateNotification.method);
  });

  it('palette commands do not collide with the server commands the language client registers itself', () => {
    const serverIds = new Set<string>(Object.values(server.COMMANDS));
    for (const id of Object.values(CLIENT_COMMANDS)) assert.ok(!serverIds.has(id), id);
  });
});
