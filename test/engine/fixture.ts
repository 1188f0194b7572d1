import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { strict as assert } from 'node:assert';
import { DOCKER_CLI, startDockerd, type TestDockerd } from '../support/engine';
import { pushBusybox } from '../support/registry/busybox';
import { startRegistry, type TestRegistry } from '../support/registry/start-registry';
import type { RebuildOptions } from '../../server/src/rebuild/types';

/** A private dockerd, a loopback registry holding `library/busybox:1.36`, and a scratch folder. */
export interface EngineFixture {
  dockerd: TestDockerd;
  registry: TestRegistry;
  /** `127.0.0.1:<port>/library/busybox:1.36` */
  base: string;
  baseDigest: string;
  dir: string;
  /** What our code gets: the daemon through DOCKER_HOST, a throwaway docker config, the classic builder. */
  env: NodeJS.ProcessEnv;
  /** Options every run shares: the Debian client by path (it matches dockerd 20.10) and the env. */
  common: Pick<RebuildOptions, 'engine' | 'env'>;
  /** Writes a Dockerfile (lines joined) into its own folder and returns its path. */
  dockerfile(name: string, lines: string[], folder?: string): Promise<string>;
  /** Every container the daemon holds, running or not. */
  containers(): Promise<string[]>;
}

/** Starts the parts in `before` and stops them in `after`; fields are valid inside tests. */
export function useEngine(): EngineFixture {
  const fixture = {} as EngineFixture;
  before(async function () {
    this.timeout(120_000);
    fixture.dockerd = await startDockerd();
    fixture.registry = await startRegistry();
    const pushed = await pushBusybox(fixture.registry, 'library/busybox', '1.36');
    fixture.base = `${fixture.registry.host}/library/busybox:1.36`;
    fixture.baseDigest = pushed.digest;
    fixture.dir = await mkdtemp(path.join(os.tmpdir(), 'dph-rebuild-'));
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: fixture.dockerd.host, DOCKER_CONFIG: path.join(fixture.dir, '.docker') };
    delete env.DOCKER_BUILDKIT;
    delete env.DOCKER_CONTEXT;
    fixture.env = env;
    fixture.common = { engine: DOCKER_CLI, env };
    fixture.dockerfile = async (name, lines, folder = name) => {
      const dir = path.join(fixture.dir, folder);
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, name === folder ? 'Dockerfile' : name);
      await writeFile(file, `${lines.join('\n')}\n`);
      return file;
    };
    fixture.containers = async () => {
      const r = await fixture.dockerd.docker(['ps', '-a', '-q']);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.split('\n').filter(Boolean);
    };
  });
  afterEach(async function () {
    if (!fixture.dockerd) return;
    this.timeout(30_000);
    const left = await fixture.containers();
    if (left.length > 0) await fixture.dockerd.docker(['rm', '-f', ...left]);
    assert.deepEqual(left, [], 'the run left containers behind');
  });
  after(async function () {
    this.timeout(60_000);
    await fixture.registry?.stop();
    await fixture.dockerd?.stop();
    if (fixture.dir) await rm(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}

/** Collects streamed output and resolves a promise when a line matching `pattern` appears. */
export function outputWatcher(pattern?: RegExp): { lines: string[]; onOutput: (line: string) => void; seen: Promise<void>; text(): string } {
  const lines: string[] = [];
  let resolveSeen: () => void = () => undefined;
  const seen = new Promise<void>((resolve) => (resolveSeen = resolve));
  return {
    lines,
    seen,
    text: () => lines.join('\n'),
    onOutput: (line) => {
      lines.push(line);
      if (pattern?.test(line)) resolveSeen();
    },
  };
}
