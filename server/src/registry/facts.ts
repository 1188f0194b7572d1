import type { ImageFacts, RegistryFacts } from '../core/types';
import type { ImageLookup, RegistryClient } from './client';

/** One reference to look up, with the platform of its FROM --platform, if any. */
export interface FactRequest extends ImageLookup {
  platform?: string;
}

/** RegistryFacts plus what the caller needs to republish when late answers arrive. */
export interface GatheredFacts extends RegistryFacts {
  /** True when every reference was answered within the budget. */
  complete: boolean;
  /** Resolves with all answers, the late ones too (the client keeps going after the budget). */
  settled: Promise<RegistryFacts>;
}

/** The lookup key: canonical reference (implicit `latest` made explicit) and platform. */
export function factKey(ref: ImageLookup, platform?: string): string {
  const tag = ref.tag ?? (ref.digest ? '' : 'latest');
  return `${ref.registry}/${ref.repository}${tag ? `:${tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}|${(platform ?? '').toLowerCase()}`;
}

/**
 * Asks the registry about each distinct reference in parallel and returns what arrived within
 * `budgetMs`. A reference without an answer yet reads as undefined, so its rules stay silent.
 */
export async function gatherFacts(
  refs: Iterable<FactRequest>,
  client: RegistryClient,
  opts: { budgetMs: number; tags?: boolean },
): Promise<GatheredFacts> {
  const answers = new Map<string, ImageFacts>();
  const asks: Array<Promise<void>> = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const key = factKey(ref, ref.platform);
    if (seen.has(key)) continue;
    seen.add(key);
    const lookup: ImageLookup = { registry: ref.registry, repository: ref.repository, tag: ref.tag, digest: ref.digest };
    asks.push(client.imageFacts(lookup, { platform: ref.platform, tags: opts.tags ?? true }).then((facts) => {
      answers.set(key, facts);
    }));
  }
  const lookup = (source: Map<string, ImageFacts>): RegistryFacts => ({
    image: (ref, platform) => source.get(factKey(ref, platform)),
  });
  const all = Promise.all(asks).then(() => lookup(new Map(answers)));
  let timer: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([
    all.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), opts.budgetMs);
    }),
  ]);
  clearTimeout(timer);
  return { ...lookup(new Map(answers)), complete: inTime, settled: all };
}

/**
 * Facts without cache misses: when the user chose offline, "not in the cache" is not news, so the
 * registry rules stay silent instead of reporting an unavailable registry.
 */
export function hideCacheMisses(facts: RegistryFacts): RegistryFacts {
  return {
    image: (ref, platform) => {
      const found = facts.image(ref, platform);
      return found?.problem?.kind === 'not-cached' ? undefined : found;
    },
  };
}
