import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseDockerfile } from '../../server/src/core/dockerfile';
import { factQueries } from '../../server/src/core/registryQueries';
import { createRegistryClient, gatherFacts, type RegistryClient } from '../../server/src/registry';
import { pushImage, startRegistry, tagExisting, type TestRegistry } from '../support/registry';
import { timeCli } from './cliProcess';
import { median, round, timedAsync } from './stats';
import { verdict, type Section } from './table';

export interface RegistryOptions {
  files: number;
  rounds: number;
  workDir: string;
  cli: string;
}

/** Repositories and the tags the workspace uses; `=x` makes a tag an alias of tag x (one digest, one config). */
const REPOSITORIES: Record<string, string[]> = {
  'library/node': ['20.18.1', '20=20.18.1', '22.1.0', '20.18.1-alpine'],
  'library/python': ['3.12.4-slim', '3.12-slim=3.12.4-slim', '3.11'],
  'library/alpine': ['3.20', '3.19', 'latest=3.20'],
  'library/debian': ['bookworm-slim', 'bookworm', 'bullseye'],
  'library/golang': ['1.23', '1.22', '1.23-alpine'],
  'team/api': ['1.4.2', '1.4.3', 'stable=1.4.3'],
  'team/web': ['2.0.0', '2.1.0', '2.1.1'],
  'tools/builder': ['2024.06', '2024.11', '2025.01'],
};
/** Tags nobody references, so tag lists look like a real repository's. */
const UNREFERENCED = ['0.9.0', '1.0.0', '1.1.0', 'edge'];

interface Seeded {
  refs: string[];
  repositories: number;
  images: number;
}

async function seed(reg: TestRegistry): Promise<Seeded> {
  const refs: string[] = [];
  let images = 0;
  await Promise.all(Object.entries(REPOSITORIES).map(async ([repo, tags]) => {
    for (const spec of [...tags, ...UNREFERENCED]) {
      const [tag, aliasOf] = spec.split('=');
      if (aliasOf) await tagExisting(reg, repo, aliasOf, tag);
      else await pushImage(reg, repo, tag, { created: `2024-0${1 + (images++ % 9)}-15T10:00:00Z` });
      if (!UNREFERENCED.includes(spec)) refs.push(`${repo}:${tag}`);
    }
  }));
  const referencedImages = Object.values(REPOSITORIES).flat().filter((t) => !t.includes('=')).length;
  return { refs: refs.sort(), repositories: Object.keys(REPOSITORIES).length, images: referencedImages };
}

/** N Dockerfiles, each with one to three stages on the seeded references; every reference is used. */
function workspace(host: string, refs: string[], files: number): string[] {
  return Array.from({ length: files }, (_, i) => {
    const stages = 1 + (i % 3);
    const lines: string[] = [];
    for (let s = 0; s < stages; s++) {
      const ref = refs[(i + s * 7) % refs.length];
      lines.push(`FROM ${host}/${ref} AS stage${s}`, 'WORKDIR /app', `RUN echo building ${i}`, '');
    }
    lines.push('CMD ["./app"]');
    return lines.join('\n') + '\n';
  });
}

interface Counts {
  token: number;
  manifest: number;
  tags: number;
  blob: number;
  total: number;
  challenges: number;
}

function countsOf(reg: TestRegistry): Counts {
  // A 401 is the registry teaching the token realm, counted apart from the answers it stands in front of.
  const kind = (part: string) => reg.requests.filter((r) => r.path.includes(part) && r.status !== 401).length;
  return {
    token: reg.tokenRequests.length,
    manifest: kind('/manifests/'),
    tags: kind('/tags/list'),
    blob: kind('/blobs/'),
    total: reg.requests.length + reg.tokenRequests.length,
    challenges: reg.requests.filter((r) => r.status === 401).length,
  };
}

/** Issue 3: requests against the floor on a real token-auth registry, cold and warm, client and CLI. */
export async function registrySection(opts: RegistryOptions): Promise<Section> {
  const reg = await startRegistry({ auth: 'token' });
  try {
    const seeded = await seed(reg);
    const texts = workspace(reg.host, seeded.refs, opts.files);
    const dir = path.join(opts.workDir, 'registry-workspace');
    await Promise.all(texts.map(async (text, i) => {
      await mkdir(path.join(dir, `app-${i}`), { recursive: true });
      await writeFile(path.join(dir, `app-${i}`, 'Dockerfile'), text);
    }));
    const requests = texts.flatMap((t) => factQueries(parseDockerfile(t)));
    const unique = new Set(requests.map((r) => `${r.repository}:${r.tag}`)).size;
    const floor = { token: seeded.repositories, manifest: unique, tags: seeded.repositories, blob: seeded.images };

    const lookUp = async (cacheDir: string) => {
      const client = createRegistryClient({ cacheDir, env: {} });
      try {
        const { ms, value } = await timedAsync(async () => (await gatherFacts(requests, client, { budgetMs: 0, tags: true })).settled);
        const answered = requests.filter((r) => value.image(r, r.platform)?.digest).length;
        return { ms, stats: client.stats(), answered };
      } finally {
        await client.close();
      }
    };

    const cold: number[] = [];
    const warm: number[] = [];
    let coldCounts: Counts | undefined;
    let warmCounts: Counts | undefined;
    let coldStats: ReturnType<RegistryClient['stats']> = { requests: 0, byKind: {} };
    let warmRequests = 0;
    let answered = 0;
    for (let round = 0; round < opts.rounds; round++) {
      const cacheDir = await mkdtemp(path.join(opts.workDir, 'registry-cache-'));
      reg.clearRequests();
      const first = await lookUp(cacheDir);
      cold.push(first.ms);
      coldCounts = countsOf(reg);
      coldStats = first.stats;
      answered = first.answered;
      reg.clearRequests();
      // A second client on the same directory: everything must come from disk.
      const second = await lookUp(cacheDir);
      warm.push(second.ms);
      warmCounts = countsOf(reg);
      warmRequests = Math.max(warmRequests, second.stats.requests, warmCounts.total);
    }

    const cliCache = await mkdtemp(path.join(opts.workDir, 'cli-cache-'));
    reg.clearRequests();
    const cliCold = await runCli(opts.cli, dir, cliCache, opts.workDir);
    const cliColdCounts = countsOf(reg);
    reg.clearRequests();
    const cliWarm = await runCli(opts.cli, dir, cliCache, opts.workDir);
    const cliWarmCounts = countsOf(reg);

    const c = coldCounts!;
    const w = warmCounts!;
    const atFloor = (made: number, least: number) => `${made === least ? 'at floor' : made < least ? 'below?' : `+${made - least}`}`;
    return {
      title: 'Registry requests (issue 3)',
      notes: [
        `real docker-registry (distribution) with bearer-token auth on ${reg.host}; ${opts.files} Dockerfiles, ${requests.length} FROM lookups, ${unique} unique references across ${seeded.repositories} repositories (${seeded.images} distinct images: some tags are aliases)`,
        `client: createRegistryClient({ cacheDir }) + gatherFacts(tags: true), ${opts.rounds} rounds, fresh cache dir each cold round; warm = a second client on the same dir`,
        `floor: one 401 that teaches the token realm, one token per repository scope, one manifest GET per unique reference, one tags/list per repository, one config blob per distinct image`,
        `every lookup answered with a digest: ${answered === requests.length ? 'yes' : `NO (${answered}/${requests.length})`}`,
      ],
      columns: ['', 'token', 'manifest', 'tags/list', 'blob', '401', 'total', 'ms (median)', 'verdict'],
      rows: [
        ['floor', floor.token, floor.manifest, floor.tags, floor.blob, 1, 1 + floor.token + floor.manifest + floor.tags + floor.blob, '', ''],
        ['client, cold', c.token, c.manifest, c.tags, c.blob, c.challenges, c.total, round(median(cold)),
          `${c.total === 1 + floor.token + floor.manifest + floor.tags + floor.blob && c.token === floor.token ? 'at floor' : `token ${atFloor(c.token, floor.token)}, manifest ${atFloor(c.manifest, floor.manifest)}, tags ${atFloor(c.tags, floor.tags)}, blob ${atFloor(c.blob, floor.blob)}, 401 ${atFloor(c.challenges, 1)}`}`],
        ['client, warm (disk cache)', w.token, w.manifest, w.tags, w.blob, w.challenges, w.total, round(median(warm)), `0 requests: ${verdict(warmRequests === 0)}`],
        ['CLI check, cold', cliColdCounts.token, cliColdCounts.manifest, cliColdCounts.tags, cliColdCounts.blob, cliColdCounts.challenges, cliColdCounts.total, round(cliCold), 'wall, process start included'],
        ['CLI check, warm', cliWarmCounts.token, cliWarmCounts.manifest, cliWarmCounts.tags, cliWarmCounts.blob, cliWarmCounts.challenges, cliWarmCounts.total, round(cliWarm), `0 requests: ${verdict(cliWarmCounts.total === 0)}`],
      ],
      figures: {
        files: opts.files,
        lookups: requests.length,
        uniqueReferences: unique,
        repositories: seeded.repositories,
        floor,
        cold: { ...c, msMedian: round(median(cold)), ms: cold, clientStats: coldStats },
        warm: { ...w, msMedian: round(median(warm)), ms: warm, maxRequests: warmRequests },
        cli: { cold: { ...cliColdCounts, ms: round(cliCold) }, warm: { ...cliWarmCounts, ms: round(cliWarm) } },
      },
    };
  } finally {
    await reg.stop();
  }
}

/** `check --cache-dir` over the workspace, online; this machine's docker config and proxies kept out. */
function runCli(cli: string, dir: string, cacheDir: string, workDir: string): Promise<number> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: workDir, DOCKER_CONFIG: path.join(workDir, 'no-docker-config') };
  const args = ['check', '--format', 'json', '--fail-level', 'none', '--cache-dir', cacheDir, dir];
  return timeCli(cli, args, { env, stdout: 'ignore', failOnStderr: /warning/ });
}
