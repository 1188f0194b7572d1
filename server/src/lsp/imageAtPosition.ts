import type { Position } from 'vscode-languageserver/node';
import type { DockerfileModel, Stage } from '../core/dockerfile';

/** The stage whose FROM image argument (as written, `$BASE` included) contains `position`. */
export function stageAt(model: DockerfileModel, position: Position): Stage | undefined {
  return model.stages.find((s) => s.from.kind === 'image' && s.from.ref && contains(s.from.writtenRange, position));
}

function contains(range: { start: Position; end: Position }, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** A promise's value, or undefined when it takes longer than `ms` (it keeps going and fills the cache). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
