import { busyboxLayer, pushBusybox } from './busybox';
import { DEFAULT_PATH_ENV, pushImage, pushIndex, tagExisting, type Platform } from './push-image';
import type { TestRegistry } from './start-registry';

/** What one seeded tag points at. */
export interface SeededTag {
  digest: string;
  mediaType: string;
  /** The config `created` (for an index, that of its images). */
  created: string;
  platforms: Platform[];
  /** The tag this one was pushed as an alias of, as `node:20` is of `node:20.18.1`. */
  aliasOf?: string;
}

export interface SeededFixtures {
  /** Keyed `repo:tag`, e.g. `library/node:20-alpine`. */
  tags: Record<string, SeededTag>;
  /** The digest of `repo:tag`; throws for a tag that was not seeded. */
  digestOf(repoAndTag: string): string;
}

interface FixtureImage {
  repo: string;
  tag: string;
  created: string;
  env?: string;
  aliases?: string[];
  multiArch?: boolean;
}

const AMD64: Platform = { os: 'linux', architecture: 'amd64' };
const ARM64: Platform = { os: 'linux', architecture: 'arm64', variant: 'v8' };

/** Realistic tags and dates (release days of the real images), aliases sharing one digest as on Docker Hub. */
export const STANDARD_IMAGES: FixtureImage[] = [
  { repo: 'library/node', tag: '20.10.0', created: '2023-11-22T10:00:00Z', env: 'NODE_VERSION=20.10.0' },
  { repo: 'library/node', tag: '20.11.1', created: '2024-02-14T10:00:00Z', env: 'NODE_VERSION=20.11.1' },
  { repo: 'library/node', tag: '20.18.1', created: '2024-11-20T10:00:00Z', env: 'NODE_VERSION=20.18.1', aliases: ['20'] },
  { repo: 'library/node', tag: '20.10.0-alpine', created: '2023-11-22T11:00:00Z', env: 'NODE_VERSION=20.10.0' },
  { repo: 'library/node', tag: '20-alpine3.18', created: '2024-03-15T11:00:00Z', env: 'NODE_VERSION=20.11.1' },
  { repo: 'library/node', tag: '20-alpine3.19', created: '2024-10-03T11:00:00Z', env: 'NODE_VERSION=20.18.0' },
  {
    repo: 'library/node',
    tag: '20.18.1-alpine',
    created: '2024-11-20T11:00:00Z',
    env: 'NODE_VERSION=20.18.1',
    aliases: ['20-alpine', '20-alpine3.20'],
    multiArch: true,
  },
  { repo: 'library/node', tag: '22.0.0-rc.1', created: '2024-04-10T10:00:00Z', env: 'NODE_VERSION=22.0.0-rc.1' },
  { repo: 'library/node', tag: '22.1.0', created: '2024-05-02T10:00:00Z', env: 'NODE_VERSION=22.1.0', aliases: ['latest'] },
  { repo: 'library/node', tag: '22-alpine', created: '2024-05-03T11:00:00Z', env: 'NODE_VERSION=22.1.0' },
  { repo: 'library/node', tag: '22-slim', created: '2024-05-03T12:00:00Z', env: 'NODE_VERSION=22.1.0' },
  { repo: 'library/python', tag: '3.12', created: '2024-06-07T10:00:00Z', env: 'PYTHON_VERSION=3.12.4' },
  { repo: 'library/python', tag: '3.12.1-slim', created: '2023-12-08T10:00:00Z', env: 'PYTHON_VERSION=3.12.1' },
  { repo: 'library/python', tag: '3.12.4-slim', created: '2024-06-07T11:00:00Z', env: 'PYTHON_VERSION=3.12.4', aliases: ['3.12-slim'] },
  { repo: 'library/python', tag: '3.12-alpine', created: '2024-06-07T12:00:00Z', env: 'PYTHON_VERSION=3.12.4' },
  { repo: 'library/debian', tag: 'bookworm', created: '2024-06-13T10:00:00Z' },
  { repo: 'library/debian', tag: 'bookworm-slim', created: '2024-06-13T11:00:00Z' },
  { repo: 'library/alpine', tag: '3.19', created: '2024-01-27T10:00:00Z' },
  { repo: 'library/alpine', tag: '3.20', created: '2024-05-22T10:00:00Z' },
];

/**
 * Seeds the tag set the registry, LSP and VS Code tests share, plus the runnable
 * `library/busybox:1.36`. With `runnable`, every amd64 image also carries the busybox layer, so
 * `FROM <host>/library/node:20` builds and runs under dockerd.
 */
export async function seedStandardFixtures(reg: TestRegistry, opts: { runnable?: boolean } = {}): Promise<SeededFixtures> {
  const base = opts.runnable ? [await busyboxLayer()] : [];
  const repos = [...new Set(STANDARD_IMAGES.map((i) => i.repo))];
  // Repositories in parallel, tags within one in order; the result keeps the table's order either way.
  const perRepo = await Promise.all([
    ...repos.map(async (repo) => {
      const entries: [string, SeededTag][] = [];
      for (const image of STANDARD_IMAGES.filter((i) => i.repo === repo)) entries.push(...(await seedImage(reg, image, base)));
      return entries;
    }),
    pushBusybox(reg).then((busybox): [string, SeededTag][] => [
      ['library/busybox:1.36', { digest: busybox.digest, mediaType: busybox.mediaType, created: busybox.config.created, platforms: [busybox.platform] }],
    ]),
  ]);
  const tags: Record<string, SeededTag> = Object.fromEntries(perRepo.flat());
  return {
    tags,
    digestOf(repoAndTag) {
      const tag = tags[repoAndTag];
      if (!tag) throw new Error(`${repoAndTag} is not a seeded fixture; seeded: ${Object.keys(tags).join(', ')}`);
      return tag.digest;
    },
  };
}

async function seedImage(reg: TestRegistry, image: FixtureImage, base: Buffer[]): Promise<[string, SeededTag][]> {
  const common = {
    created: image.created,
    env: [DEFAULT_PATH_ENV, ...(image.env ? [image.env] : [])],
    cmd: image.repo === 'library/node' ? ['node'] : image.repo === 'library/python' ? ['python3'] : ['sh'],
  };
  const key = `${image.repo}:${image.tag}`;
  let seeded: SeededTag;
  if (image.multiArch) {
    const images = [];
    for (const platform of [AMD64, ARM64]) {
      images.push(
        await pushImage(reg, image.repo, null, {
          ...common,
          platform,
          // The busybox binary is amd64-only; arm64 never runs here.
          layers: platform === AMD64 ? base : [],
          files: { 'etc/fixture-image': `${key} ${platform.architecture}\n` },
        }),
      );
    }
    const pushed = await pushIndex(reg, image.repo, image.tag, images);
    seeded = { digest: pushed.digest, mediaType: pushed.mediaType, created: image.created, platforms: [AMD64, ARM64] };
  } else {
    const pushed = await pushImage(reg, image.repo, image.tag, { ...common, layers: base, files: { 'etc/fixture-image': `${key}\n` } });
    seeded = { digest: pushed.digest, mediaType: pushed.mediaType, created: image.created, platforms: [AMD64] };
  }
  const entries: [string, SeededTag][] = [[key, seeded]];
  for (const alias of image.aliases ?? []) {
    await tagExisting(reg, image.repo, image.tag, alias);
    entries.push([`${image.repo}:${alias}`, { ...seeded, aliasOf: image.tag }]);
  }
  return entries;
}
