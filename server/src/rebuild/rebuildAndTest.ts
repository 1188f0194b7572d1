import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { buildImage } from './buildImage';
import { baseImageOf, finalStage, hasHealthcheck, hasStage, readDockerfileFacts, stageAtLine, type DockerfileFacts, type StageFacts } from './dockerfileFacts';
import { detectEngine } from './engine';
import type { BaseDigestTracker } from './baseDigest';
import { digestForReference, inspectImage, isPodman, listRepositoryTags, removeContainers, removeImages, type Engine } from './engineCommands';
import { appendHistory, previousRun } from './history';
import { newRunId, rebuildRepository } from './imageTag';
import { runHealthcheck, runTestCommand, type TestRun } from './testRunners';
import type { RebuildOptions, RebuildResult, TestKind } from './types';

const DEFAULT_HEALTH_TIMEOUT_MS = 60_000;

function chooseTestKind(options: RebuildOptions, facts: DockerfileFacts, stage: StageFacts): TestKind {
  if (options.test) return 'command';
  if (hasStage(facts, 'test')) return 'target';
  if (hasHealthcheck(facts, stage)) return 'healthcheck';
  return 'none';
}

/**
 * Rebuilds the image of a Dockerfile on a freshly pulled base and runs its tests: the configured
 * command, else a `test` stage, else the final stage's HEALTHCHECK, else the build alone.
 *
 * Leaves behind only the image of the latest run of each Dockerfile (`dph-rebuild/<name>:<run id>`),
 * so it can be run or pushed; older run images, the `test`-stage image and every container are removed.
 */
export async function rebuildAndTest(options: RebuildOptions): Promise<RebuildResult> {
  const env = options.env ?? process.env;
  const onOutput = options.onOutput ?? (() => undefined);
  const dockerfile = path.resolve(options.dockerfile);
  const durations = { buildMs: 0, testMs: 0 };
  const result = (fields: Omit<RebuildResult, 'durations' | 'testKind'> & { testKind?: TestKind }): RebuildResult => ({
    testKind: 'none',
    durations,
    ...fields,
  });

  const status = await detectEngine(options.engine, env);
  if (!status.ok) return result({ outcome: 'engine-unavailable', message: status.message });
  const engine: Engine = { path: status.path, env };

  let text: string;
  try {
    text = await readFile(dockerfile, 'utf8');
  } catch (err) {
    return result({ outcome: 'build-failed', message: `Cannot read ${dockerfile}: ${(err as Error).message}` });
  }
  const facts = readDockerfileFacts(text);
  const stage = finalStage(facts, options.target);
  if (!stage) {
    const message = options.target
      ? `${dockerfile} has no stage named "${options.target}"; use one of: ${facts.stages.map((s) => s.name).filter(Boolean).join(', ') || '(no named stages)'}.`
      : `${dockerfile} has no FROM instruction.`;
    return result({ outcome: 'build-failed', message });
  }
  const testKind = chooseTestKind(options, facts, stage);
  const baseImage = baseImageOf(facts, stage, options.buildArgs);
  const previous = options.historyDir ? await previousRun(options.historyDir, dockerfile) : undefined;
  const repository = rebuildRepository(dockerfile);
  const runId = newRunId();
  const image = `${repository}:${runId}`;
  const context = path.resolve(options.context ?? path.dirname(dockerfile));
  const common = { dockerfile, context, platform: options.platform, network: options.network, buildArgs: options.buildArgs };

  const finish = async (fields: Omit<RebuildResult, 'durations' | 'testKind' | 'baseImage' | 'previous'>): Promise<RebuildResult> => {
    const final: RebuildResult = { ...fields, testKind, durations, baseImage, previous };
    if (options.historyDir) {
      await appendHistory(options.historyDir, {
        time: new Date().toISOString(),
        dockerfile,
        outcome: final.outcome,
        testKind,
        image: final.image,
        imageId: final.imageId,
        imageSize: final.imageSize,
        baseImage,
        baseDigest: final.baseDigest,
        failingLine: final.failingLine,
        durations,
      });
    }
    return final;
  };

  const buildStarted = Date.now();
  const build = await buildImage(engine, { ...common, tag: image, pull: true, noCache: options.noCache, target: options.target }, facts, stage, options.signal, onOutput);
  durations.buildMs = Date.now() - buildStarted;
  await removeContainers(engine, build.leftovers);
  if (build.cancelled) return finish({ outcome: 'cancelled', message: 'Cancelled during the build; no container was left behind.' });
  if (!build.ok && testKind === 'target' && build.failingLine && stageAtLine(facts, build.failingLine)?.name === 'test') {
    // The classic builder builds every stage, the test stage included, even without --target.
    return finish({ outcome: 'tests-failed', failingLine: build.failingLine, message: `The test stage failed at line ${build.failingLine}: ${build.reason ?? `exit code ${build.exitCode}`}` });
  }
  if (!build.ok) {
    const where = build.failingLine ? ` at line ${build.failingLine}` : '';
    const hint = build.plainHttpRegistry ? ` ${plainHttpHint(engine, build.plainHttpRegistry)}` : '';
    return finish({ outcome: 'build-failed', failingLine: build.failingLine, message: `The build failed${where}: ${build.reason ?? `exit code ${build.exitCode}`}${hint}` });
  }

  const built = await inspectImage(engine, image);
  const figures = {
    image,
    imageId: built?.id,
    imageSize: built?.size,
    baseDigest: baseImage && baseImage !== 'scratch' ? await usedBaseDigest(engine, baseImage, build.bases) : undefined,
  };
  await removeOlderRunImages(engine, repository, image);

  const testStarted = Date.now();
  const test = await runTest(engine, testKind, options, { ...common, image, runId, stage, facts });
  durations.testMs = Date.now() - testStarted;
  if (test.status === 'cancelled') return finish({ outcome: 'cancelled', message: test.message, ...figures });
  if (test.status === 'failed') return finish({ outcome: 'tests-failed', message: test.message, failingLine: test.failingLine, ...figures });
  return finish({ outcome: 'passed', message: test.message, ...figures });
}

interface TestContext {
  dockerfile: string;
  context: string;
  platform?: string;
  network?: string;
  buildArgs?: Record<string, string>;
  image: string;
  runId: string;
  stage: StageFacts;
  facts: DockerfileFacts;
}

async function runTest(engine: Engine, kind: TestKind, options: RebuildOptions, ctx: TestContext): Promise<TestRun & { failingLine?: number }> {
  const onOutput = options.onOutput ?? (() => undefined);
  const container = { image: ctx.image, containerName: `dph-test-${ctx.runId}`, platform: ctx.platform, network: ctx.network, signal: options.signal, onOutput };
  switch (kind) {
    case 'command':
      return runTestCommand(engine, container, options.test ?? '');
    case 'healthcheck':
      return runHealthcheck(engine, container, options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS);
    case 'target': {
      // The base was pulled by the first build; the test stage reuses its cache.
      const testImage = `${ctx.image}-test`;
      const build = await buildImage(engine, { ...ctx, tag: testImage, pull: false, target: 'test' }, ctx.facts, ctx.facts.stages.find((s) => s.name === 'test'), options.signal, onOutput);
      await removeContainers(engine, build.leftovers);
      await removeImages(engine, [testImage]);
      if (build.cancelled) return { status: 'cancelled', message: 'Cancelled while the test stage was built.' };
      if (build.ok) return { status: 'passed', message: 'The test stage built successfully.' };
      const where = build.failingLine ? ` at line ${build.failingLine}` : '';
      return { status: 'failed', failingLine: build.failingLine, message: `The test stage failed${where}: ${build.reason ?? `exit code ${build.exitCode}`}` };
    }
    case 'none':
      return { status: 'passed', message: 'Built; no test command, test stage or HEALTHCHECK to run.' };
  }
}

/**
 * The digest of the base this build used, from the build's own output: BuildKit prints it, the
 * classic builder prints the pull's digest, Podman the id of what it pulled (looked up by id). The
 * image store is read by name only for the classic builder, whose `--pull` just put the base there;
 * BuildKit never puts its bases in the store, so an older copy found there would be a lie.
 */
async function usedBaseDigest(engine: Engine, baseImage: string, bases: BaseDigestTracker): Promise<string | undefined> {
  const printed = bases.digestOf(baseImage);
  if (printed) return printed;
  const pinned = digestForReference(baseImage, []);
  if (pinned) return pinned;
  const id = bases.imageIdOf(baseImage);
  if (id) {
    const pulled = await inspectImage(engine, id);
    return pulled ? digestForReference(baseImage, pulled.repoDigests) : undefined;
  }
  if (bases.builder === 'buildkit') return undefined;
  const stored = await inspectImage(engine, baseImage);
  return stored ? digestForReference(baseImage, stored.repoDigests) : undefined;
}

function plainHttpHint(engine: Engine, registry: string): string {
  return isPodman(engine)
    ? `${registry} serves plain HTTP: add a [[registry]] entry with location = "${registry}" and insecure = true to registries.conf (or CONTAINERS_REGISTRIES_CONF).`
    : `${registry} serves plain HTTP: add it to "insecure-registries" in the daemon's daemon.json and restart the daemon (loopback addresses are trusted already).`;
}

/** Tags of our own runs (`dph-rebuild/<name>:<run id>`): nothing else in the repository is ours to remove. */
const RUN_TAG = /:\d{8}t\d{6}-[0-9a-f]{6}$/;

async function removeOlderRunImages(engine: Engine, repository: string, keep: string): Promise<void> {
  const tags = await listRepositoryTags(engine, repository);
  // A `-test` tag belongs to a run still testing (maybe another process's); that run removes it.
  await removeImages(engine, tags.filter((t) => t !== keep && RUN_TAG.test(t)));
}
