import type { ImageFacts, RegistryFacts } from '../../server/src/core/types';

/** Registry facts keyed like `docker.io/library/node:20` (add `|linux/arm64` for a platform). */
export function factsFrom(table: Record<string, ImageFacts>): RegistryFacts {
  return {
    image: (ref, platform) =>
      table[`${ref.registry}/${ref.repository}:${ref.tag ?? 'latest'}${platform ? `|${platform}` : ''}`] ??
      table[`${ref.registry}/${ref.repository}:${ref.tag ?? 'latest'}`],
  };
}

export const D1 = `sha256:${'1'.repeat(64)}`;
export const D2 = `sha256:${'2'.repeat(64)}`;
