import type { ImageRef } from './imageRef';

/**
 * Caches a pure function of an image reference by its text. A workspace names the same few bases
 * in hundreds of FROMs; the tables behind these lookups need not be walked for each. Results are
 * shared: callers must not mutate them.
 */
export function memoizeByRef<A extends Pick<ImageRef, 'raw'>, R>(fn: (ref: A) => R, limit = 4096): (ref: A) => R {
  const cache = new Map<string, R>();
  return (ref) => {
    if (cache.has(ref.raw)) return cache.get(ref.raw) as R;
    if (cache.size >= limit) cache.clear();
    const result = fn(ref);
    cache.set(ref.raw, result);
    return result;
  };
}
