import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { detectEngine, rebuildAndTest } from '../../server/src/rebuild';
import { ENGINE_MODES, outputWatcher, useEngine } from './fixture';

for (const mode of ENGINE_MODES) {
  describe(`rebuild and test on a real engine: failures, cancellation, missing engine (${mode})`, function () {
    this.timeout(120_000);
    const f = useEngine(mode);

    it('a failing RUN after a FROM <stage> is build-failed at its Dockerfile line, in this builder\'s own numbering', async () => {
      const dockerfile = await f.dockerfile('classic-error', [
        'ARG BASE',
        `FROM \${BASE} AS deps`,
        '# a comment and a blank line do not count as steps',
        '',
        'RUN echo one \\',
        '    two',
        'FROM deps',
        'RUN echo about to fail && exit 7',
        'RUN echo never',
      ]);
      const r = await rebuildAndTest({ ...f.common, dockerfile, buildArgs: { BASE: f.base } });
      assert.equal(r.outcome, 'build-failed');
      assert.equal(r.failingLine, 8);
      assert.match(r.message, /line 8: .*(non-zero code: 7|exit code: 7|exit status 7)/);
      assert.equal(r.baseImage, f.base, 'the base goes through the stage alias and the build arg');
    });

    it('a failing RUN after steps that make no layer (ENV, LABEL, USER) is reported on its own line', async () => {
      const dockerfile = await f.dockerfile('steps-error', [`FROM ${f.base}`, 'ENV A=1', 'LABEL x=y', 'RUN true', 'USER 0', '# fails next', 'RUN exit 5']);
      const r = await rebuildAndTest({ ...f.common, dockerfile });
      assert.equal(r.outcome, 'build-failed', r.message);
      assert.equal(r.failingLine, 7);
    });

    it('a one-step test stage that fails is reported on its RUN, not its FROM', async () => {
      const dockerfile = await f.dockerfile('test-stage-error', [`FROM ${f.base} AS app`, 'WORKDIR /srv', 'FROM app AS test', 'RUN exit 3', 'FROM app']);
      const r = await rebuildAndTest({ ...f.common, dockerfile });
      assert.equal(r.outcome, 'tests-failed', r.message);
      assert.equal(r.failingLine, 4);
    });

    it('cancelling during a RUN step stops the build and leaves no container', async () => {
      const dockerfile = await f.dockerfile('cancel-build', [`FROM ${f.base}`, 'RUN echo step-started && sleep 120']);
      const controller = new AbortController();
      const out = outputWatcher(/(^|\s)step-started$/);
      void out.seen.then(() => controller.abort());
      const began = Date.now();
      const r = await rebuildAndTest({ ...f.common, dockerfile, signal: controller.signal, onOutput: out.onOutput });
      assert.equal(r.outcome, 'cancelled', r.message);
      assert.ok(Date.now() - began < 60_000, 'cancellation does not wait for the step');
      assert.deepEqual(await f.containers(), []);
    });

    it('cancelling during the test command removes its container', async () => {
      const dockerfile = await f.dockerfile('cancel-test', [`FROM ${f.base}`]);
      const controller = new AbortController();
      const out = outputWatcher(/^test-started$/);
      void out.seen.then(() => controller.abort());
      const r = await rebuildAndTest({ ...f.common, dockerfile, test: 'echo test-started; sleep 120', signal: controller.signal, onOutput: out.onOutput });
      assert.equal(r.outcome, 'cancelled', r.message);
      assert.deepEqual(await f.containers(), []);
    });

    it('cancelling while waiting for a HEALTHCHECK removes the container', async () => {
      const dockerfile = await f.dockerfile('cancel-health', [
        `FROM ${f.base}`,
        'HEALTHCHECK --interval=60s CMD true',
        'CMD ["sleep", "300"]',
      ]);
      const controller = new AbortController();
      // `run -d` prints the new container's id: the container exists from then on.
      const out = outputWatcher(/^[0-9a-f]{64}$/);
      void out.seen.then(() => controller.abort());
      const r = await rebuildAndTest({ ...f.common, dockerfile, signal: controller.signal, onOutput: out.onOutput });
      assert.equal(r.outcome, 'cancelled', r.message);
      assert.equal(r.testKind, 'healthcheck');
      assert.deepEqual(await f.containers(), []);
    });

    if (mode === 'classic') it('an engine path that does not exist says to install Docker or set the path', async () => {
      const dockerfile = await f.dockerfile('no-engine', [`FROM ${f.base}`]);
      const r = await rebuildAndTest({ ...f.common, engine: path.join(f.dir, 'no such', 'docker'), dockerfile });
      assert.equal(r.outcome, 'engine-unavailable');
      assert.match(r.message, /install Docker Engine .*set the engine path/);
      const status = await detectEngine('definitely-not-an-engine', f.env);
      assert.equal(status.ok, false);
      assert.match(status.message, /"definitely-not-an-engine" was not found/);
    });

    if (mode === 'classic') it('a daemon that does not answer says to start it or check DOCKER_HOST', async () => {
      const env = { ...f.env, DOCKER_HOST: `unix://${path.join(f.dir, 'nobody-listens.sock')}` };
      const status = await detectEngine(f.common.engine, env);
      assert.equal(status.ok, false);
      assert.match(status.message, /not reachable .*start the Docker daemon \(systemctl start docker\) or check DOCKER_HOST\/context/);
      const dockerfile = await f.dockerfile('no-daemon', [`FROM ${f.base}`]);
      const r = await rebuildAndTest({ ...f.common, env, dockerfile });
      assert.equal(r.outcome, 'engine-unavailable');
    });

    if (mode === 'classic') it('the default engine name is found on PATH and honours DOCKER_HOST', async () => {
      const status = await detectEngine(undefined, { ...f.env, PATH: path.dirname(f.common.engine ?? '') });
      assert.equal(status.ok, true, status.message);
      assert.equal(status.path, f.common.engine);
    });

    if (mode === 'podman') it('a plain-http registry Podman was not told about gets a message naming the registries.conf entry', async () => {
      // The same registry under a name registries.conf does not mark insecure.
      const host = f.registry.host.replace(/^127\.0\.0\.1:/, 'localhost:');
      const dockerfile = await f.dockerfile('plain-http', [`FROM ${host}/library/busybox:1.36`]);
      const r = await rebuildAndTest({ ...f.common, dockerfile });
      assert.equal(r.outcome, 'build-failed', r.message);
      assert.match(r.message, new RegExp(`${host} serves plain HTTP: add a \\[\\[registry\\]\\] entry with location = "${host}" and insecure = true to registries.conf`));
    });

    it('a target that is not a stage is build-failed naming the stages', async () => {
      const dockerfile = await f.dockerfile('bad-target', [`FROM ${f.base} AS app`]);
      const r = await rebuildAndTest({ ...f.common, dockerfile, target: 'prod' });
      assert.equal(r.outcome, 'build-failed');
      assert.match(r.message, /no stage named "prod"; use one of: app/);
    });
  });
}
