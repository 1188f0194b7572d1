import { strict as assert } from 'node:assert';
import { runCli, workspace } from './support/cli';
import { onlyRules } from './support/configs';

describe('cli check: finding Dockerfiles in directories', function () {
  this.timeout(30_000);
  let ws: Awaited<ReturnType<typeof workspace>>;
  const untagged = 'FROM ubuntu\n';
  before(async () => {
    ws = await workspace({
      '.dockerfile-hygiene.json': onlyRules({ 'untagged-image': 'warning' }),
      'Dockerfile': untagged,
      'api/Dockerfile.prod': untagged,
      'api/x.dockerfile': untagged,
      'api/Web.Dockerfile': untagged,
      'podman/Containerfile': untagged,
      'node_modules/some-pkg/Dockerfile': untagged,
      '.git/Dockerfile': untagged,
      'api/node_modules/Dockerfile': untagged,
      'Dockerfile.dockerignore': 'node_modules\n',
      'docs/README.md': untagged,
      'docs/Dockerfiles.md': untagged,
      'empty/.keep': '',
    });
  });
  after(() => ws.cleanup());

  const filesReported = async (args: string[]) => {
    const r = await runCli(['check', '--offline', '--format', 'json', ...args], { cwd: ws.dir });
    return { status: r.status, stderr: r.stderr, files: [...new Set((JSON.parse(r.stdout).findings as Array<{ file: string }>).map((f) => f.file))] };
  };

  it('finds Dockerfile, Dockerfile.*, *.dockerfile and Containerfile, skipping node_modules and .git', async () => {
    const { files, status } = await filesReported(['.']);
    assert.deepEqual(files, ['Dockerfile', 'api/Dockerfile.prod', 'api/Web.Dockerfile', 'api/x.dockerfile', 'podman/Containerfile']);
    assert.equal(status, 0);
  });

  it('checks the current directory when no path is given', async () => {
    const { files } = await filesReported([]);
    assert.equal(files.length, 5);
  });

  it('checks a file named on the command line whatever its name', async () => {
    const { files } = await filesReported(['docs/README.md', 'node_modules/some-pkg/Dockerfile']);
    assert.deepEqual(files, ['docs/README.md', 'node_modules/some-pkg/Dockerfile']);
  });

  it('reports a file named twice once', async () => {
    const { files } = await filesReported(['api', 'api/x.dockerfile']);
    assert.deepEqual(files, ['api/Dockerfile.prod', 'api/Web.Dockerfile', 'api/x.dockerfile']);
  });

  it('a directory without Dockerfiles is an error (exit 2) that says what was looked for', async () => {
    const r = await runCli(['check', '--offline', 'empty'], { cwd: ws.dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /empty: no Dockerfile, Dockerfile\.\*, \*\.dockerfile or Containerfile found in this directory\./);
  });
});
