import type { DockerfileModel } from './dockerfile';
import type { RuleMeta } from './types';

/**
 * Inline and file-wide suppressions: our own `# dockerfile-hygiene ignore=...` and hadolint's
 * `# hadolint ignore=DL3006,DL3007`, each also in the `global ignore=` form for the whole file.
 */
export interface Ignores {
  isIgnored(meta: RuleMeta, line: number): boolean;
}

const PRAGMA = /^\s*(hadolint|dockerfile-hygiene|dph)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\s-]+)$/i;

export function readIgnores(model: DockerfileModel): Ignores {
  const fileWide = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  // Spans are needed only for a next-instruction pragma, which most files do not have.
  let spans: { start: number; end: number }[] | undefined;
  for (const comment of model.comments) {
    const match = PRAGMA.exec(comment.text);
    if (!match) continue;
    const ids = match[3].split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (match[2]) {
      ids.forEach((id) => fileWide.add(id));
      continue;
    }
    spans ??= instructionSpans(model);
    const next = spans.find((span) => span.start > comment.line);
    if (!next) continue;
    for (let line = next.start; line <= next.end; line++) {
      const set = byLine.get(line) ?? new Set<string>();
      ids.forEach((id) => set.add(id));
      byLine.set(line, set);
    }
  }
  const matches = (ids: Set<string> | undefined, meta: RuleMeta) =>
    !!ids &&
    (ids.has(meta.name) || ids.has(meta.code.toLowerCase()) || (meta.hadolint ?? []).some((h) => ids.has(h.toLowerCase())));
  return {
    isIgnored: (meta, line) => matches(fileWide, meta) || matches(byLine.get(line), meta),
  };
}

function instructionSpans(model: DockerfileModel): { start: number; end: number }[] {
  const spans = [
    ...model.preamble.map((i) => i.range),
    ...model.stages.flatMap((s) => [s.from.range, ...s.instructions.map((i) => i.range)]),
  ].map((r) => ({ start: r.start.line, end: r.end.line }));
  return spans.sort((a, b) => a.start - b.start);
}
