import type { Instruction } from '../dockerfile';
import type { Position, TextEdit } from '../types';

/** The document as lines, for edits that move whole instructions with the comments above them. */
export class DocumentLines {
  readonly lines: string[];
  readonly eol: string;
  readonly endsWithNewline: boolean;

  constructor(readonly text: string) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
    this.endsWithNewline = text.endsWith('\n');
  }

  get lineCount(): number {
    return this.lines.length;
  }

  get end(): Position {
    return { line: this.lines.length - 1, character: this.lines[this.lines.length - 1].length };
  }

  lineLength(line: number): number {
    return this.lines[line]?.length ?? 0;
  }

  slice(at: Position, length: number): string {
    return (this.lines[at.line] ?? '').slice(at.character, at.character + length);
  }

  /** The instruction as written, continuation lines included. */
  textOf(instruction: Instruction): string {
    const { start, end } = instruction.range;
    if (start.line === end.line) return this.lines[start.line].slice(start.character, end.character);
    const middle = this.lines.slice(start.line + 1, end.line);
    return [this.lines[start.line].slice(start.character), ...middle, this.lines[end.line].slice(0, end.character)].join(this.eol);
  }

  isComment(line: number): boolean {
    return /^\s*#/.test(this.lines[line] ?? '');
  }

  /** The first line of the comments directly above `line` (no blank line between), never at or above `floor`. */
  blockStart(line: number, floor: number): number {
    let start = line;
    while (start - 1 > floor && this.isComment(start - 1)) start--;
    return start;
  }

  /** The last line above `line` that is neither blank nor a comment. */
  lastContentLineBefore(line: number): number {
    let at = line - 1;
    while (at > 0 && (this.lines[at].trim() === '' || this.isComment(at))) at--;
    return Math.max(at, 0);
  }

  /** Comment lines in `[from, to)`. */
  commentLines(from: number, to: number): string[] {
    const out: string[] = [];
    for (let line = from; line < to; line++) if (this.isComment(line)) out.push(this.lines[line].trimStart());
    return out;
  }

  insertLinesAt(line: number, lines: string[]): TextEdit {
    const at = { line, character: 0 };
    return { range: { start: at, end: at }, newText: lines.map((l) => l + this.eol).join('') };
  }

  /** Removes lines `[first, last]` with their line breaks. */
  deleteLines(first: number, last: number): TextEdit {
    if (last + 1 < this.lines.length) {
      return { range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' };
    }
    const start = first > 0 ? { line: first - 1, character: this.lineLength(first - 1) } : { line: 0, character: 0 };
    return { range: { start, end: this.end }, newText: '' };
  }
}
