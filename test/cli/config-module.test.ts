import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, ConfigResolver, findConfigFile, parseConfigText, validateConfig } from '../../server/src/config';

/** The config module without a process: what the language server calls. */
describe('config module (pure validation, file lookup)', () => {
  const throwsConfig = (fn: () => unknown, expected: { key?: string; message: RegExp; line?: number; column?: number }) => {
    assert.throws(fn, (err: unknown) => {
      assert.ok(err instanceof ConfigError, String(err));
      assert.equal(err.file, 'cfg.json');
      assert.equal(err.key, expected.key);
      assert.match(err.message, expected.message);
      if (expected.line !== undefined) assert.deepEqual(err.position, { line: expected.line, column: expected.column });
      return true;
    });
  };

  it('accepts rules by name or code (stored by name) and registries', () => {
    const config = validateConfig({ rules: { 'latest-tag': 'error', DPH003: 'off' }, registries: { 'docker.io': { endpoint: 'http://127.0.0.1:5000', insecure: false } } }, 'cfg.json');
    assert.deepEqual(config, {
      rules: { 'latest-tag': 'error', 'unpinned-digest': 'off' },
      registries: { 'docker.io': { endpoint: 'http://127.0.0.1:5000', insecure: false } },
    });
  });

  it('an empty object (or only $schema) is the default configuration', () => {
    assert.deepEqual(parseConfigText('{"$schema": "x"}', 'cfg.json'), { rules: {}, registries: {} });
    assert.deepEqual(parseConfigText('\uFEFF{}', 'cfg.json'), { rules: {}, registries: {} });
  });

  it('names the key of each kind of mistake', () => {
    throwsConfig(() => validateConfig([], 'cfg.json'), { message: /must be a JSON object.*not an array/ });
    throwsConfig(() => validateConfig({ rules: [] }, 'cfg.json'), { key: 'rules', message: /"rules" must be an object/ });
    throwsConfig(() => validateConfig({ rules: { 'latest-tag': 2 } }, 'cfg.json'), { key: 'rules.latest-tag', message: /rules\.latest-tag is 2; use one of/ });
    throwsConfig(() => validateConfig({ registries: { 'docker.io': { endpoint: 'x', insecure: true } } }, 'cfg.json'), {
      key: 'registries.docker.io.endpoint',
      message: /use an http:\/\/ or https:\/\/ URL/,
    });
    throwsConfig(() => validateConfig({ registries: { 'docker.io': { insecure: 'yes' } } }, 'cfg.json'), { key: 'registries.docker.io.insecure', message: /use true or false/ });
    throwsConfig(() => validateConfig({ registries: { 'docker.io': { mirror: 'http://x' } } }, 'cfg.json'), { key: 'registries.docker.io.mirror', message: /unknown key "mirror".*allowed: endpoint, insecure/ });
  });

  it('gives 1-based line and column of the offending key when parsing text', () => {
    throwsConfig(() => parseConfigText('{\n  "registries": {\n    "ghcr.io": {"endpoint": 5}\n  }\n}', 'cfg.json'), {
      key: 'registries.ghcr.io.endpoint',
      message: /^cfg\.json:3:17: registries\.ghcr\.io\.endpoint is 5/,
      line: 3,
      column: 17,
    });
    throwsConfig(() => parseConfigText('{"rules": {"latest-tag": "error"} // no\n}', 'cfg.json'), { message: /^cfg\.json:1:35: invalid JSON at line 1, column 35: comments are not allowed in JSON\./, line: 1, column: 35 });
    throwsConfig(() => parseConfigText('', 'cfg.json'), { message: /invalid JSON at line 1, column 1: expected a value/ });
  });

  describe('finding the file', () => {
    let root: string;
    before(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'dph-config-'));
      await mkdir(path.join(root, 'a/b/c'), { recursive: true });
      await writeFile(path.join(root, 'a/.dockerfile-hygiene.json'), '{"rules": {"latest-tag": "error"}}');
      await mkdir(path.join(root, 'a/b/.dockerfile-hygiene.json'));
    });
    after(() => rm(root, { recursive: true, force: true }));

    it('walks up to the nearest file, skipping a directory of that name', async () => {
      assert.equal(await findConfigFile(path.join(root, 'a/b/c')), path.join(root, 'a/.dockerfile-hygiene.json'));
    });

    it('stops at the workspace folder it is given', async () => {
      assert.equal(await findConfigFile(path.join(root, 'a/b/c'), path.join(root, 'a/b')), undefined);
    });

    it('ConfigResolver loads each file once and reports where the configuration came from', async () => {
      const resolver = new ConfigResolver(root);
      const [x, y] = await Promise.all([resolver.forDirectory(path.join(root, 'a/b/c')), resolver.forDirectory(path.join(root, 'a'))]);
      assert.equal(x.file, path.join(root, 'a/.dockerfile-hygiene.json'));
      assert.deepEqual(x.config.rules, { 'latest-tag': 'error' });
      assert.equal(x.config, y.config);
      assert.deepEqual(await resolver.forDirectory(root), { file: undefined, config: { rules: {}, registries: {} } });
    });
  });
});
