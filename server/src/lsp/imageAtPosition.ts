import type { Position } from 'vscode-languageserver/node';
import type { DockerfileModel, FromImage, Stage } from '../core/dockerfile';

/** The stage whose FROM image argument (as written, `$BASE` included) contains `position`. */
export function stageAt(model: DockerfileModel, position: Position): Stage | undefined {
  return model.stages.find((s) => s.from.kind === 'image' && s.from.ref && contains(s.from.writtenRange, position));
}

/** The image reference under `position`: a FROM's, or a COPY --from, mount source or syntax directive. */
export function imageAt(model: DockerfileModel, position: Position): FromImage | undefined {
  return stageAt(model, position)?.from ?? model.references.find((r) => r.from.ref && contains(r.from.writtenRange, position))?.from;
}

function contains(range: { start: Position; end: Position }, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}
