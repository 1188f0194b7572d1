import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readHistory, rebuildAndTest, runRebuildCli } from '../../server/src/rebuild';
import { rebuildRepository } from '../../server/src/rebuild/imageTag';
import { repushWithPatches } from '../support/registry/push-image';
import { ENGINE_MODES, useEngine } from './fixture';

function captureIo(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { env, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, signal: new AbortController().signal },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

for (const mode of ENGINE_MODES) {
  describe(`rebuild and test on a real engine: odd paths, the CLI, and the patch history (${mode})`, function () {
    this.timeout(120_000);
    const f = useEngine(mode);

    it('a Dockerfile path with spaces and shell metacharacters is passed as one argument', async () => {
      const folder = 'my $(touch pwned) dir';
      const dockerfile = await f.dockerfile('Docker file;x', [`FROM ${f.base}`, 'COPY ["ctx file.txt", "/in-image.txt"]'], folder);
      await writeFile(path.join(f.dir, folder, 'ctx file.txt'), 'from the context\n');
      const r = await rebuildAndTest({ ...f.common, dockerfile, test: 'grep -q "from the context" /in-image.txt' });
      assert.equal(r.outcome, 'passed', r.message);
      assert.match(r.image ?? '', /^dph-rebuild\/my-touch-pwned-dir-docker-file-x-[0-9a-f]{8}:/);
      assert.equal(existsSync(path.join(f.dir, 'pwned')), false);
      assert.equal(existsSync(path.join(process.cwd(), 'pwned')), false);
      assert.ok(!(await readdir(path.join(f.dir, folder))).includes('pwned'));
    });

    it('the CLI prints the result as JSON and exits 0 when the tests pass', async () => {
      const dockerfile = await f.dockerfile('Docker file;x', [`FROM ${f.base}`], 'cli $(x) pass');
      const c = captureIo(f.env);
      const code = await runRebuildCli([dockerfile, '--engine', f.common.engine!, '--test', 'echo from-cli', '--history-dir', path.join(f.dir, 'cli-history'), '--json'], c.io);
      assert.equal(code, 0, c.stderr());
      const result = JSON.parse(c.stdout());
      assert.equal(result.outcome, 'passed');
      assert.equal(result.baseDigest, f.baseDigest);
      assert.match(c.stderr(), /^from-cli$/m, 'with --json the output streams to stderr');
      assert.equal((await readHistory(path.join(f.dir, 'cli-history'))).length, 1);
    });

    it('the CLI exits 1 when the tests fail and says why', async () => {
      const dockerfile = await f.dockerfile('cli-fail', [`FROM ${f.base}`]);
      const c = captureIo(f.env);
      const code = await runRebuildCli([dockerfile, '--engine', f.common.engine!, '--test=exit 9', '--history-dir', path.join(f.dir, 'cli-history')], c.io);
      assert.equal(code, 1);
      assert.match(c.stderr(), /^TESTS-FAILED: Test command exited with code 9/m);
    });

    it('the CLI exits 1 on a build error and names the line', async () => {
      const dockerfile = await f.dockerfile('cli-build-fail', [`FROM ${f.base}`, 'RUN exit 2']);
      const c = captureIo(f.env);
      const code = await runRebuildCli([dockerfile, '--engine', f.common.engine!, '--history-dir', path.join(f.dir, 'cli-history')], c.io);
      assert.equal(code, 1);
      assert.match(c.stderr(), /^BUILD-FAILED: The build failed at line 2/m);
    });

    it('the CLI exits 2 for usage errors and for a missing engine', async () => {
      const dockerfile = await f.dockerfile('cli-usage', [`FROM ${f.base}`]);
      for (const argv of [[], ['--bogus', dockerfile], [dockerfile, '--build-arg', 'NOEQUALS'], [path.join(f.dir, 'missing', 'Dockerfile')]]) {
        const c = captureIo(f.env);
        assert.equal(await runRebuildCli(argv, c.io), 2, `argv ${JSON.stringify(argv)}`);
        assert.match(c.stderr(), /Usage: rebuild <Dockerfile>/);
      }
      const c = captureIo(f.env);
      assert.equal(await runRebuildCli([dockerfile, '--engine', path.join(f.dir, 'nope', 'docker')], c.io), 2);
      assert.match(c.stderr(), /ENGINE-UNAVAILABLE: .*install Docker Engine/);
    });

    it('Ctrl-C on the CLI cancels the test, removes its container and exits 130', async () => {
      const dockerfile = await f.dockerfile('cli-sigint', [`FROM ${f.base}`]);
      const cli = require.resolve('../../server/src/rebuild/cliCommand');
      const script = `require(${JSON.stringify(cli)}).runRebuildCli(process.argv.slice(1), process).then((c) => process.exit(c))`;
      const child = spawn(process.execPath, ['-e', script, dockerfile, '--engine', f.common.engine!, '--test', 'echo test-started; sleep 120', '--history-dir', path.join(f.dir, 'cli-history')], {
        env: f.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.stdout.on('data', (c: Buffer) => {
        if (/^test-started$/m.test(c.toString())) child.kill('SIGINT');
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 130, stderr);
      assert.match(stderr, /^CANCELLED: /m);
      assert.deepEqual(await f.containers(), []);
    });

    it('a rebuild after the base tag was re-pushed reports the new base digest against the previous one', async () => {
      const historyDir = path.join(f.dir, 'history');
      const dockerfile = await f.dockerfile('repushed', [`FROM ${f.base}`, 'RUN echo app > /app']);
      const first = await rebuildAndTest({ ...f.common, dockerfile, historyDir, test: 'test -f /app' });
      assert.equal(first.outcome, 'passed', first.message);
      assert.equal(first.baseDigest, f.baseDigest);
      assert.equal(first.previous, undefined);

      // An older copy of the base in the image store must not be taken for the one the build used
      // (BuildKit never reads the store; the classic builder and Podman pull over it).
      assert.equal((await f.cli(['pull', f.base])).code, 0);
      const repushed = await repushWithPatches(f.registry, 'library/busybox', '1.36', { patch: 'CVE fix' });
      assert.equal(repushed.previousDigest, f.baseDigest);

      const second = await rebuildAndTest({ ...f.common, dockerfile, historyDir, test: 'test -f /app' });
      assert.equal(second.outcome, 'passed', second.message);
      assert.equal(second.baseDigest, repushed.digest);
      assert.equal(second.previous?.baseDigest, f.baseDigest);
      assert.notEqual(second.previous?.baseDigest, second.baseDigest);
      assert.equal(second.previous?.imageSize, first.imageSize);
      assert.equal(second.previous?.imageId, first.imageId);
      assert.notEqual(second.imageId, first.imageId);

      const records = await readHistory(historyDir, dockerfile);
      assert.deepEqual(records.map((r) => [r.outcome, r.baseDigest]), [['passed', f.baseDigest], ['passed', repushed.digest]]);
      assert.equal(records[0].dockerfile, dockerfile);

      const tags = await f.tags(rebuildRepository(dockerfile));
      assert.deepEqual(tags, [second.image], 'only the latest run image of a Dockerfile is kept');
    });

    it('the history skips a torn line and filters by Dockerfile', async () => {
      const historyDir = path.join(f.dir, 'torn');
      await mkdir(historyDir, { recursive: true });
      const a = await f.dockerfile('hist-a', [`FROM ${f.base}`]);
      const b = await f.dockerfile('hist-b', [`FROM ${f.base}`]);
      await rebuildAndTest({ ...f.common, dockerfile: a, historyDir });
      await writeFile(path.join(historyDir, 'rebuild-history.jsonl'), '{"time":"2026-', { flag: 'a' });
      await writeFile(path.join(historyDir, 'rebuild-history.jsonl'), '\n', { flag: 'a' });
      await rebuildAndTest({ ...f.common, dockerfile: b, historyDir });
      assert.equal((await readHistory(historyDir)).length, 2);
      assert.deepEqual((await readHistory(historyDir, b)).map((r) => r.dockerfile), [b]);
    });
  });
}
