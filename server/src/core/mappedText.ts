import type { Position, Range, TextEdit } from './types';

/**
 * Text produced by ARG substitution that remembers, per character, where in the document it came
 * from. It lets a fix computed on `node:20.10.0-alpine` land in `ARG NODE_VERSION=20.10.0` when
 * that is where the changed characters were written.
 */
export interface MappedText {
  text: string;
  /** Document position of each character, or null when it has no single source. */
  map: (Position | null)[];
}

export function literal(text: string, start: Position | null): MappedText {
  const map: (Position | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    map.push(start ? { line: start.line, character: start.character + i } : null);
  }
  return { text, map };
}

export function concat(parts: MappedText[]): MappedText {
  return { text: parts.map((p) => p.text).join(''), map: parts.flatMap((p) => p.map) };
}

export function slice(source: MappedText, start: number, end?: number): MappedText {
  return { text: source.text.slice(start, end), map: source.map.slice(start, end) };
}

/** The document range of `[start, end)`, when those characters are contiguous on one line. */
export function rangeOf(source: MappedText, start: number, end: number): Range | undefined {
  if (start === end) {
    const at = insertionPoint(source, start);
    return at ? { start: at, end: at } : undefined;
  }
  const first = source.map[start];
  if (!first) return undefined;
  for (let i = start + 1; i < end; i++) {
    const p = source.map[i];
    if (!p || p.line !== first.line || p.character !== first.character + (i - start)) return undefined;
  }
  return { start: first, end: { line: first.line, character: first.character + (end - start) } };
}

function insertionPoint(source: MappedText, offset: number): Position | undefined {
  const before = source.map[offset - 1];
  if (before) return { line: before.line, character: before.character + 1 };
  const after = source.map[offset];
  return after ?? undefined;
}

/**
 * The document edit that turns `source.text[start, end)` into `newText`, touching only the
 * characters that change. Undefined when those characters are not written in one place.
 */
export function editOf(source: MappedText, start: number, end: number, newText: string): TextEdit | undefined {
  const old = source.text.slice(start, end);
  let prefix = 0;
  while (prefix < old.length && prefix < newText.length && old[prefix] === newText[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < old.length - prefix &&
    suffix < newText.length - prefix &&
    old[old.length - 1 - suffix] === newText[newText.length - 1 - suffix]
  ) {
    suffix++;
  }
  const range = rangeOf(source, start + prefix, end - suffix);
  if (!range) return undefined;
  return { range, newText: newText.slice(prefix, newText.length - suffix) };
}
