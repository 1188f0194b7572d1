// Words for a rebuild result (no vscode import): the notification and the terminal's last lines.
import type { RebuildResult } from '../../../server/src/rebuild';

/** `45.2 MB`, in the decimal units `docker images` uses. */
export function formatSize(bytes: number | undefined): string | undefined {
  if (bytes === undefined || !Number.isFinite(bytes)) return undefined;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** `sha256:ab12cd34ef56` — enough to tell two digests apart at a glance. */
export function shortDigest(digest: string | undefined): string | undefined {
  if (!digest) return undefined;
  const at = digest.lastIndexOf('@');
  const bare = at >= 0 ? digest.slice(at + 1) : digest;
  const [algorithm, hex] = bare.split(':');
  return hex ? `${algorithm}:${hex.slice(0, 12)}` : bare;
}

/** "size 45.2 MB → 45.3 MB; base node:20-alpine sha256:ab12… → sha256:cd34…" (or without "before" on a first run). */
export function comparison(result: RebuildResult): string {
  const parts: string[] = [];
  const before = result.previous;
  const size = formatSize(result.imageSize);
  if (size) {
    const old = formatSize(before?.imageSize);
    parts.push(old ? `size ${old} → ${size}` : `size ${size}`);
  }
  const digest = shortDigest(result.baseDigest);
  if (digest) {
    const old = shortDigest(before?.baseDigest);
    const base = result.baseImage ? `base ${result.baseImage} ` : 'base ';
    if (!old) parts.push(`${base}${digest}`);
    else if (old === digest) parts.push(`${base}unchanged (${digest})`);
    else parts.push(`${base}${old} → ${digest}`);
  }
  return parts.join('; ');
}

const TEST_WORDS: Record<RebuildResult['testKind'], string> = {
  command: 'the test command',
  target: 'the test stage',
  healthcheck: 'the HEALTHCHECK',
  none: 'no tests (build only: set dockerfilePatchHygiene.rebuild.testCommand or add a `test` stage)',
};

/** The one-line summary of a run, for a notification. */
export function resultSummary(result: RebuildResult, file: string): string {
  const seconds = ((result.durations.buildMs + result.durations.testMs) / 1000).toFixed(1);
  switch (result.outcome) {
    case 'passed': {
      const facts = comparison(result);
      return `Rebuild and test passed for ${file} in ${seconds} s, with ${TEST_WORDS[result.testKind]}${facts ? `: ${facts}` : ''}.`;
    }
    case 'tests-failed':
    case 'build-failed':
      // The engine's message often names the line already ("The build failed at line 3: …").
      return `Rebuild and test failed for ${file}${result.failingLine && !/\bline \d/.test(result.message) ? ` (line ${result.failingLine})` : ''}: ${result.message}`;
    case 'cancelled':
      return `Rebuild and test of ${file} was cancelled; nothing was left running.`;
    case 'engine-unavailable':
      return `Cannot rebuild ${file}: ${result.message}`;
  }
}
