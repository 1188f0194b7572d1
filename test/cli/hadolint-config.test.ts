import { strict as assert } from 'node:assert';
import { findingLines, runCli, workspace } from './support/cli';

// A team's registry policy, from our config or from the .hadolint.yaml it already has.
describe('cli: allowed registries and .hadolint.yaml', function () {
  this.timeout(30_000);
  const DOCKERFILE = 'FROM ghcr.io/astral-sh/uv:0.5 AS uv\nFROM eu.gcr.io/team/base:1.0\nFROM node:latest\n';

  const check = async (files: Record<string, string>) => {
    const ws = await workspace({ ...files, 'app/Dockerfile': DOCKERFILE });
    try {
      const r = await runCli(['check', '--offline', '--now', '2026-12-02', '--fail-level', 'none', 'app'], { cwd: ws.dir });
      return { ...r, lines: findingLines(r.stdout).filter((l) => !/ (unpinned-digest|registry-unavailable) /.test(l)) };
    } finally {
      await ws.cleanup();
    }
  };

  it('allowedRegistries flags the references from other registries, with wildcards and unqualified names as docker.io', async () => {
    const r = await check({ '.dockerfile-hygiene.json': '{"allowedRegistries": ["docker.io", "*.gcr.io"]}' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.lines, [
      'app/Dockerfile:1:6 error allowed-registries ghcr.io/astral-sh/uv:0.5 is pulled from ghcr.io, which allowedRegistries does not list (docker.io, *.gcr.io); use a mirror on an allowed registry, or add ghcr.io to the list.',
      'app/Dockerfile:3:11 warning latest-tag node:latest follows whatever was pushed last; use a version tag, or pin the digest of today\'s latest to keep builds reproducible.',
    ]);
  });

  it('without a policy nothing is flagged for its registry', async () => {
    const r = await check({});
    assert.ok(!r.lines.some((l) => / allowed-registries /.test(l)), r.stdout);
  });

  it('.hadolint.yaml: trustedRegistries is the allowlist, ignored turns DL3007 off, override sets a severity', async () => {
    const r = await check({
      '.hadolint.yaml': 'ignored:\n  - DL3007\noverride:\n  warning:\n    - DL3026\ntrustedRegistries:\n  - docker.io\n  - "*.gcr.io"\n',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.lines, [
      'app/Dockerfile:1:6 warning allowed-registries ghcr.io/astral-sh/uv:0.5 is pulled from ghcr.io, which allowedRegistries does not list (docker.io, *.gcr.io); use a mirror on an allowed registry, or add ghcr.io to the list.',
    ]);
  });

  it('our configuration wins over .hadolint.yaml where both speak', async () => {
    const r = await check({
      '.hadolint.yaml': 'ignored: [DL3007]\ntrustedRegistries: [docker.io]\n',
      '.dockerfile-hygiene.json': '{"rules": {"latest-tag": "error"}, "allowedRegistries": ["docker.io", "ghcr.io", "*.gcr.io"]}',
    });
    assert.deepEqual(r.lines, [
      'app/Dockerfile:3:11 error latest-tag node:latest follows whatever was pushed last; use a version tag, or pin the digest of today\'s latest to keep builds reproducible.',
    ]);
  });

  it('eolSoonDays widens the eol-soon window', async () => {
    const ws = await workspace({ '.dockerfile-hygiene.json': '{"eolSoonDays": 730}', 'app/Dockerfile': 'FROM node:24-alpine\n' });
    try {
      const r = await runCli(['check', '--offline', '--now', '2026-12-02', '--fail-level', 'none', 'app'], { cwd: ws.dir });
      assert.ok(findingLines(r.stdout).some((l) => / info eol-soon node 24 reaches end of life on 2028-04-30 \(in 515 days\)/.test(l)), r.stdout);
    } finally {
      await ws.cleanup();
    }
  });

  it('minimalTargets picks the families non-minimal-base switches to', async () => {
    const titles = async (config: string) => {
      const ws = await workspace({ '.dockerfile-hygiene.json': config, 'app/Dockerfile': 'FROM node:22-bookworm\nCOPY . /app\nCMD ["node", "/app/server.js"]\n' });
      try {
        const r = await runCli(['check', '--offline', '--now', '2026-12-02', '--fail-level', 'none', '--format', 'json', 'app'], { cwd: ws.dir });
        assert.equal(r.status, 0, r.stderr);
        const report = JSON.parse(r.stdout);
        const finding = report.findings.find((f: { rule: string }) => f.rule === 'non-minimal-base');
        return finding.fixes.map((f: { title: string }) => f.title.replace(/ \(.*/, ''));
      } finally {
        await ws.cleanup();
      }
    };
    assert.deepEqual(await titles('{}'), ['Switch to slim: node:22-bookworm-slim', 'Switch to Alpine: node:22-alpine', 'Switch to distroless: gcr.io/distroless/nodejs22-debian13:nonroot']);
    assert.deepEqual(await titles('{"minimalTargets": ["dhi", "chainguard"]}'), ['Switch to Docker Hardened Image: dhi.io/node:22-debian13', 'Switch to Chainguard: cgr.dev/chainguard/node:latest']);
  });

  it('an unknown minimal target is a configuration error that names the families', async () => {
    const r = await check({ '.dockerfile-hygiene.json': '{"minimalTargets": ["slim", "chainguad"]}' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /minimalTargets\[1\] is "chainguad" \(did you mean "chainguard"\?\); the families are slim, alpine, distroless, chiseled, dhi, chainguard\./);
  });

  it('a broken .hadolint.yaml is a configuration error naming the file', async () => {
    const r = await check({ '.hadolint.yaml': 'trustedRegistries: docker.io\n' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /\.hadolint\.yaml: "trustedRegistries" must be a list of registry hosts\./);
  });
});
