import type { Position, Range, TextEdit } from './types';

/**
 * Text produced by ARG substitution that remembers where in the document its characters came
 * from. It lets a fix computed on `node:20.10.0-alpine` land in `ARG NODE_VERSION=20.10.0` when
 * that is where the changed characters were written.
 */
export interface MappedText {
  text: string;
  /** Runs of characters written contiguously on one document line; characters outside any run have no single source. */
  segments: Segment[];
}

export interface Segment {
  /** Offsets in `text`, end exclusive. */
  start: number;
  end: number;
  /** Where `text[start]` is in the document. */
  line: number;
  character: number;
}

export function literal(text: string, start: Position | null): MappedText {
  if (!start || text.length === 0) return { text, segments: [] };
  return { text, segments: [{ start: 0, end: text.length, line: start.line, character: start.character }] };
}

export function concat(parts: MappedText[]): MappedText {
  let text = '';
  const segments: Segment[] = [];
  for (const part of parts) {
    const shift = text.length;
    for (const s of part.segments) segments.push({ ...s, start: s.start + shift, end: s.end + shift });
    text += part.text;
  }
  return { text, segments };
}

export function slice(source: MappedText, start: number, end = source.text.length): MappedText {
  const segments: Segment[] = [];
  for (const s of source.segments) {
    const from = Math.max(s.start, start);
    const to = Math.min(s.end, end);
    if (from < to) segments.push({ start: from - start, end: to - start, line: s.line, character: s.character + (from - s.start) });
  }
  return { text: source.text.slice(start, end), segments };
}

/** Document position of the character at `offset`, if it has one. */
export function positionAt(source: MappedText, offset: number): Position | undefined {
  const s = segmentAt(source, offset);
  return s && { line: s.line, character: s.character + (offset - s.start) };
}

/** Segments are in text order and do not overlap: a binary search, since a long RUN has thousands. */
function segmentAt(source: MappedText, offset: number): Segment | undefined {
  const segments = source.segments;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = segments[mid];
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** The document range of `[start, end)`, when those characters are contiguous on one line. */
export function rangeOf(source: MappedText, start: number, end: number): Range | undefined {
  if (start === end) {
    const at = insertionPoint(source, start);
    return at ? { start: at, end: at } : undefined;
  }
  const s = segmentAt(source, start);
  if (!s || end > s.end) return undefined;
  const first = { line: s.line, character: s.character + (start - s.start) };
  return { start: first, end: { line: s.line, character: first.character + (end - start) } };
}

function insertionPoint(source: MappedText, offset: number): Position | undefined {
  const before = positionAt(source, offset - 1);
  if (before) return { line: before.line, character: before.character + 1 };
  return positionAt(source, offset);
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
