import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import { DOCKER_CLI, startDockerd, type TestDockerd } from '../support/engine';
import { pushBusybox } from '../support/registry/busybox';
import { startRegistry, type TestRegistry } from '../support/registry/start-registry';
import type { RebuildOptions } from '../../server/src/rebuild/types';

/** The engines Rebuild and Test is run on: Docker's classic builder, Docker with BuildKit, Podman. */
export type EngineMode = 'classic' | 'buildkit' | 'podman';
export const ENGINE_MODES: readonly EngineMode[] = ['classic', 'buildkit', 'podman'];

/** A private engine (dockerd, or Podman with its own storage), a loopback registry holding `library/busybox:1.36`, and a scratch folder. */
export interface EngineFixture {
  mode: EngineMode;
  /** Set in the Docker modes. */
  dockerd?: TestDockerd;
  registry: TestRegistry;
  /** `127.0.0.1:<port>/library/busybox:1.36` */
  base: string;
  baseDigest: string;
  dir: string;
  /** What our code gets: the daemon through DOCKER_HOST (or Podman's config files), a throwaway docker config, the builder of the mode. */
  env: NodeJS.ProcessEnv;
  /** Options every run shares: the engine by path, the env, and the network BuildKit needs on a bridge-less daemon. */
  common: Pick<RebuildOptions, 'engine' | 'env' | 'network'>;
  /** Runs the engine's CLI as a user would; never throws on a non-zero exit. */
  cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Writes a Dockerfile (lines joined) into its own folder and returns its path. */
  dockerfile(name: string, lines: string[], folder?: string): Promise<string>;
  /** Every container the engine holds, running or not. */
  containers(): Promise<string[]>;
  /** `repo:tag` names the engine holds in a repository, without the `localhost/` Podman adds. */
  tags(repository: string): Promise<string[]>;
}

export const PODMAN_CLI = '/usr/bin/podman';

/** Starts the parts in `before` and stops them in `after`; fields are valid inside tests. */
export function useEngine(mode: EngineMode = 'classic'): EngineFixture {
  const fixture = { mode } as EngineFixture;
  before(async function () {
    this.timeout(120_000);
    fixture.registry = await startRegistry();
    const pushed = await pushBusybox(fixture.registry, 'library/busybox', '1.36');
    fixture.base = `${fixture.registry.host}/library/busybox:1.36`;
    fixture.baseDigest = pushed.digest;
    fixture.dir = await mkdtemp(path.join(os.tmpdir(), 'dph-rebuild-'));
    if (mode === 'podman') {
      const env = await podmanEnvironment(path.join(fixture.dir, '.podman'), fixture.registry.host);
      fixture.env = env;
      fixture.common = { engine: PODMAN_CLI, env };
      fixture.cli = (args) => run(PODMAN_CLI, args, env);
    } else {
      fixture.dockerd = await startDockerd();
      const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: fixture.dockerd.host, DOCKER_CONFIG: path.join(fixture.dir, '.docker') };
      delete env.DOCKER_BUILDKIT;
      delete env.DOCKER_CONTEXT;
      // Debian's BuildKit needs a network for RUN steps, and the test daemon has no bridge.
      if (mode === 'buildkit') env.DOCKER_BUILDKIT = '1';
      fixture.env = env;
      fixture.common = { engine: DOCKER_CLI, env, ...(mode === 'buildkit' ? { network: 'host' } : {}) };
      fixture.cli = (args) => fixture.dockerd!.docker(args);
    }
    fixture.dockerfile = async (name, lines, folder = name) => {
      const dir = path.join(fixture.dir, folder);
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, name === folder ? 'Dockerfile' : name);
      await writeFile(file, `${lines.join('\n')}\n`);
      return file;
    };
    fixture.containers = async () => {
      const r = await fixture.cli(['ps', '-a', '-q']);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.split('\n').filter(Boolean);
    };
    fixture.tags = async (repository) => {
      const r = await fixture.cli(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.split('\n').map((l) => l.trim().replace(/^localhost\//, '')).filter((l) => l.startsWith(`${repository}:`));
    };
  });
  afterEach(async function () {
    if (!fixture.cli) return;
    this.timeout(30_000);
    const left = await fixture.containers();
    if (left.length > 0) await fixture.cli(['rm', '-f', ...left]);
    assert.deepEqual(left, [], 'the run left containers behind');
  });
  after(async function () {
    this.timeout(60_000);
    await fixture.registry?.stop();
    await fixture.dockerd?.stop();
    // Everything in this storage is the tests' own; removing it unmounts its layers so the folder can go.
    if (mode === 'podman' && fixture.env) {
      await run(PODMAN_CLI, ['rm', '-a', '-f'], fixture.env);
      await run(PODMAN_CLI, ['rmi', '-a', '-f'], fixture.env);
    }
    if (fixture.dir) await rm(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}

/**
 * Podman as root in this sandbox, configured only through its environment (see
 * ../shared/ENVIRONMENT.md): its own storage under `dir`, no network namespace, ulimits the
 * sandbox allows, cgroupfs and file events (no systemd), and the loopback registry as insecure.
 */
async function podmanEnvironment(dir: string, registry: string): Promise<NodeJS.ProcessEnv> {
  await mkdir(path.join(dir, 'tmp'), { recursive: true });
  // The sandbox refuses rlimits at its own hard limit; well below it every container starts.
  const limit = (resource: string) => Math.min(4096, Number(execFileSync('bash', ['-c', `ulimit -H${resource}`], { encoding: 'utf8' }).trim()) || 4096);
  const files = {
    'storage.conf': `[storage]\ndriver = "overlay"\ngraphroot = "${dir}/root"\nrunroot = "${dir}/run"\n`,
    'containers.conf':
      `[containers]\nnetns = "none"\ndefault_ulimits = ["nofile=${limit('n')}:${limit('n')}", "nproc=${limit('u')}:${limit('u')}"]\n` +
      `[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\nevents_logfile_path = "${dir}/events.log"\ntmp_dir = "${dir}/tmp"\n`,
    'registries.conf': `[[registry]]\nlocation = "${registry}"\ninsecure = true\n`,
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return {
    ...process.env,
    CONTAINERS_STORAGE_CONF: path.join(dir, 'storage.conf'),
    CONTAINERS_CONF: path.join(dir, 'containers.conf'),
    CONTAINERS_REGISTRIES_CONF: path.join(dir, 'registries.conf'),
  };
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
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
