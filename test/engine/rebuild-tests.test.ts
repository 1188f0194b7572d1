import { strict as assert } from 'node:assert';
import { rebuildAndTest } from '../../server/src/rebuild';
import { ENGINE_MODES, outputWatcher, useEngine } from './fixture';

for (const mode of ENGINE_MODES) {
  describe(`rebuild and test on a real engine: the tests that run (${mode})`, function () {
    this.timeout(120_000);
    const f = useEngine(mode);

    it('a passing test command runs inside the built image and reports size, id and base digest', async () => {
      const dockerfile = await f.dockerfile('passing', [`FROM ${f.base}`, 'RUN echo built > /marker']);
      const out = outputWatcher();
      const r = await rebuildAndTest({ ...f.common, dockerfile, test: 'cat /marker && echo test-ran', onOutput: out.onOutput });
      assert.equal(r.outcome, 'passed', r.message);
      assert.equal(r.testKind, 'command');
      assert.match(out.text(), /^built$/m);
      assert.match(out.text(), /^test-ran$/m);
      assert.equal(r.baseImage, f.base);
      assert.equal(r.baseDigest, f.baseDigest);
      assert.match(r.imageId ?? '', /^sha256:[0-9a-f]{64}$/);
      assert.ok((r.imageSize ?? 0) > 500_000, `busybox alone is over 0.5 MB, got ${r.imageSize}`);
      assert.match(r.image ?? '', /^dph-rebuild\/passing-dockerfile-[0-9a-f]{8}:\d{8}t\d{6}-[0-9a-f]{6}$/);
      assert.ok(r.durations.buildMs > 0 && r.durations.testMs > 0);
    });

    it('a failing test command is tests-failed with its exit code', async () => {
      const dockerfile = await f.dockerfile('failing', [`FROM ${f.base}`]);
      const r = await rebuildAndTest({ ...f.common, dockerfile, test: 'echo checking; exit 3' });
      assert.equal(r.outcome, 'tests-failed');
      assert.equal(r.testKind, 'command');
      assert.match(r.message, /exited with code 3/);
      assert.ok(r.imageId, 'the image built, so its figures are reported');
    });

    it('the test command replaces an ENTRYPOINT rather than being passed to it', async () => {
      const dockerfile = await f.dockerfile('entrypoint', [`FROM ${f.base}`, 'ENTRYPOINT ["false"]']);
      const r = await rebuildAndTest({ ...f.common, dockerfile, test: 'true' });
      assert.equal(r.outcome, 'passed', r.message);
    });

    it('a stage named test is built as the test', async () => {
      const dockerfile = await f.dockerfile('target', [
        `FROM ${f.base} AS app`,
        'RUN echo app > /app',
        'FROM app AS test',
        'RUN test -f /app && echo test-stage-ran',
        'FROM app',
      ]);
      const out = outputWatcher();
      const r = await rebuildAndTest({ ...f.common, dockerfile, onOutput: out.onOutput });
      assert.equal(r.outcome, 'passed', r.message);
      assert.equal(r.testKind, 'target');
      assert.match(out.text(), /(^|\s)test-stage-ran$/m, 'BuildKit prefixes a step\'s output with its vertex');
      const images = await f.tags(r.image!.split(':')[0]);
      assert.ok(!images.some((t) => t.endsWith('-test')), `the test-stage image is removed:\n${images.join('\n')}`);
    });

    it('a failing test stage is tests-failed at its line', async () => {
      const dockerfile = await f.dockerfile('target-failing', [
        `FROM ${f.base} AS app`,
        'FROM app AS test',
        '# the check',
        'RUN test -f /does-not-exist',
        'FROM app',
      ]);
      const r = await rebuildAndTest({ ...f.common, dockerfile });
      assert.equal(r.outcome, 'tests-failed', r.message);
      assert.equal(r.testKind, 'target');
      assert.equal(r.failingLine, 4);
    });

    it('a HEALTHCHECK that succeeds is passed', async () => {
      const dockerfile = await f.dockerfile('healthy', [
        `FROM ${f.base}`,
        'HEALTHCHECK --interval=1s --timeout=3s --retries=1 CMD test -f /bin/sh',
        'CMD ["sleep", "300"]',
      ]);
      const r = await rebuildAndTest({ ...f.common, dockerfile, healthTimeoutMs: 30_000 });
      assert.equal(r.outcome, 'passed', r.message);
      assert.equal(r.testKind, 'healthcheck');
    });

    it('a HEALTHCHECK that fails is tests-failed with the probe output', async () => {
      const dockerfile = await f.dockerfile('unhealthy', [
        `FROM ${f.base}`,
        'HEALTHCHECK --interval=1s --timeout=3s --retries=1 CMD echo probe-says-no; false',
        'CMD ["sleep", "300"]',
      ]);
      const r = await rebuildAndTest({ ...f.common, dockerfile, healthTimeoutMs: 30_000 });
      assert.equal(r.outcome, 'tests-failed', r.message);
      assert.equal(r.testKind, 'healthcheck');
      assert.match(r.message, /unhealthy.*probe-says-no/);
    });

    it('a container that exits before it is healthy is tests-failed', async () => {
      const dockerfile = await f.dockerfile('exits', [
        `FROM ${f.base}`,
        'HEALTHCHECK --interval=1s CMD true',
        'CMD ["sh", "-c", "echo crashing; exit 4"]',
      ]);
      const out = outputWatcher();
      const r = await rebuildAndTest({ ...f.common, dockerfile, onOutput: out.onOutput });
      assert.equal(r.outcome, 'tests-failed', r.message);
      assert.match(r.message, /exited with code 4/);
      assert.match(out.text(), /^crashing$/m, 'the container log is streamed');
    });

    it('a HEALTHCHECK still starting when the health timeout ends is tests-failed', async () => {
      const dockerfile = await f.dockerfile('slow-health', [`FROM ${f.base}`, 'HEALTHCHECK --interval=60s CMD true', 'CMD ["sleep", "300"]']);
      const r = await rebuildAndTest({ ...f.common, dockerfile, healthTimeoutMs: 1500 });
      assert.equal(r.outcome, 'tests-failed', r.message);
      assert.match(r.message, /did not report healthy within 2 s \(status: starting\); raise the health timeout/);
    });

    it('the default engine comes from PATH; build args, target and platform reach the build', async () => {
      const dockerfile = await f.dockerfile('default-engine', [
        `FROM ${f.base} AS app`,
        'ARG GREETING',
        'RUN echo "$GREETING" > /greeting',
        'FROM app AS extra',
        'RUN touch /extra',
      ]);
      // Docker is the default engine, found on PATH (Debian's first: a newer client elsewhere on PATH may lack buildx); Podman is named.
      const r = await rebuildAndTest({
        env: mode === 'podman' ? f.env : { ...f.env, PATH: `/usr/bin:${f.env.PATH}` },
        ...(mode === 'podman' ? { engine: f.common.engine } : {}),
        network: f.common.network,
        dockerfile,
        target: 'app',
        platform: 'linux/amd64',
        buildArgs: { GREETING: 'hello; $(not run)' },
        test: 'grep -qxF "hello; \\$(not run)" /greeting && test ! -e /extra',
      });
      assert.equal(r.outcome, 'passed', r.message);
    });

    it('cleanup removes only our older run images: a tag the user put on one survives', async () => {
      const dockerfile = await f.dockerfile('user-tag', [`FROM ${f.base}`, 'RUN echo v1 > /v']);
      const first = await rebuildAndTest({ ...f.common, dockerfile });
      assert.equal(first.outcome, 'passed', first.message);
      const userTag = `mine/user-tag-${mode}:keep`;
      assert.equal((await f.cli(['tag', first.image!, userTag])).code, 0);
      const second = await rebuildAndTest({ ...f.common, dockerfile, noCache: true });
      assert.equal(second.outcome, 'passed', second.message);
      assert.deepEqual(await f.tags(first.image!.split(':')[0]), [second.image], 'the older run image is gone, the new one stays');
      const kept = await f.cli(['image', 'inspect', userTag]);
      assert.equal(kept.code, 0, `the user's tag survives: ${kept.stderr}`);
      assert.deepEqual(await f.tags(`mine/user-tag-${mode}`), [userTag]);
    });

    it('without a test command, test stage or HEALTHCHECK the build alone decides', async () => {
      const dockerfile = await f.dockerfile('build-only', [`FROM ${f.base}`, 'RUN true']);
      const r = await rebuildAndTest({ ...f.common, dockerfile });
      assert.equal(r.outcome, 'passed', r.message);
      assert.equal(r.testKind, 'none');
      assert.equal(r.durations.testMs >= 0, true);
    });
  });
}
