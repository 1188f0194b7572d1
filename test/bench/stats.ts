/** Small statistics for benchmark figures: medians of rounds, percentiles of samples. */

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile; `p` in 0..100. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** A figure rounded for a table: 3 significant digits, integers kept whole. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  if (Math.abs(value) >= 10 ** digits) return Math.round(value);
  return Number(value.toPrecision(digits));
}

export function timed<T>(run: () => T): { ms: number; value: T } {
  const began = performance.now();
  const value = run();
  return { ms: performance.now() - began, value };
}

export async function timedAsync<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const began = performance.now();
  const value = await run();
  return { ms: performance.now() - began, value };
}
