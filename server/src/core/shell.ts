import { positionAt, type MappedText } from './mappedText';
import type { Position, Range, ShellCommand } from './types';

const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '\n', '(', ')'];
/** Characters that start an operator: most characters do not, and are not looked up further. */
const OPERATOR_START = new Set(OPERATORS.map((o) => o[0]));
/** Characters that end an unquoted word. */
const WORD_END = /[\s;&|()'"\\]/g;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const PREFIXES = new Set(['sudo', 'env', 'exec', 'time', 'nohup', 'command', 'then', 'do', 'else', '{', '}', '!']);

interface Word {
  text: string;
  start: number;
  end: number;
}

/**
 * Splits shell text into simple commands. Not a full shell parser: enough to see which programs a
 * RUN invokes and with which words, which is all the rules need. Quotes are removed, `$(...)` and
 * backticks stay inside their word.
 */
export function splitCommands(source: MappedText, fallback: Range): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: Word[] = [];
  const flush = () => {
    const argv = stripPrefixes(words);
    if (argv.length > 0) {
      commands.push({ argv: argv.map((w) => w.text), range: wordsRange(source, argv, fallback) });
    }
    words = [];
  };
  const text = source.text;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' ) {
      // A comment runs to the end of the line.
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const op = OPERATOR_START.has(c) ? OPERATORS.find((o) => text.startsWith(o, i)) : undefined;
    if (op) {
      flush();
      i += op.length;
      continue;
    }
    const word = readWord(text, i);
    words.push(word);
    i = Math.max(word.end, i + 1);
  }
  flush();
  return commands;
}

function readWord(text: string, start: number): Word {
  let out = '';
  let i = start;
  while (i < text.length) {
    // Copy the plain run up to the next character that needs a decision in one slice.
    WORD_END.lastIndex = i;
    const next = WORD_END.exec(text);
    const stop = next ? next.index : text.length;
    if (stop > i) {
      out += text.slice(i, stop);
      i = stop;
      if (i >= text.length) break;
    }
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === ')' || c === '(') {
      if (c === '(' && text[i - 1] === '$') {
        const close = matchParen(text, i);
        out += text.slice(i, close);
        i = close;
        continue;
      }
      break;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? text.length : close;
      out += text.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        out += text[i];
        i++;
      }
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      out += text[i + 1];
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return { text: out, start, end: Math.min(i, text.length) };
}

function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

function stripPrefixes(words: Word[]): Word[] {
  let i = 0;
  while (i < words.length) {
    const w = words[i].text;
    if (ASSIGNMENT.test(w) || PREFIXES.has(w) || (words[i - 1]?.text === 'sudo' && w.startsWith('-'))) i++;
    else break;
  }
  return words.slice(i);
}

function wordsRange(source: MappedText, words: Word[], fallback: Range): Range {
  const start = firstMapped(source, words[0].start, words[words.length - 1].end);
  const end = lastMapped(source, words[0].start, words[words.length - 1].end);
  if (!start || !end) return fallback;
  return { start, end: { line: end.line, character: end.character + 1 } };
}

function firstMapped(source: MappedText, from: number, to: number): Position | undefined {
  for (let i = from; i < to; i++) {
    const p = positionAt(source, i);
    if (p) return p;
  }
  return undefined;
}

function lastMapped(source: MappedText, from: number, to: number): Position | undefined {
  for (let i = to - 1; i >= from; i--) {
    const p = positionAt(source, i);
    if (p) return p;
  }
  return undefined;
}

/** Exec form `RUN ["apt-get", "install", "gcc"]` is already argv; a shell in argv[0] runs argv[2]. */
export function execFormCommands(argv: string[], range: Range, parseShell: (script: string) => ShellCommand[]): ShellCommand[] {
  if (argv.length >= 3 && /(^|\/)(ba|da|a)?sh$/.test(argv[0]) && argv[1] === '-c') return parseShell(argv[2]);
  return argv.length > 0 ? [{ argv, range }] : [];
}
