import { positionAt, type MappedText } from './mappedText';
import type { Position, Range, ShellCommand } from './types';

const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '\n', '(', ')'];
/** Characters that start an operator: most characters do not, and are not looked up further. */
const OPERATOR_START = new Set(OPERATORS.map((o) => o[0]));
/** Characters that end an unquoted word. */
const WORD_END = /[\s;&|()'"\\]/g;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const PREFIXES = new Set(['sudo', 'env', 'exec', 'time', 'nohup', 'command', 'then', 'do', 'else', '{', '}', '!']);
const DECLARATIONS = new Set(['export', 'local', 'readonly', 'declare', 'typeset']);

interface Word {
  text: string;
  start: number;
  end: number;
}

/** Shell variables a RUN starts with: the stage's ENV and ARG values, by name. */
export type ShellVariables = ReadonlyMap<string, string>;

/**
 * Splits shell text into simple commands. Not a full shell parser: enough to see which programs a
 * RUN invokes and with which words, which is all the rules need. Quotes are removed, `$(...)` and
 * backticks stay inside their word. Assignments (`buildDeps='gcc make'`, `export X=1`) are
 * remembered and `$X`/`${X}` expanded in later words, split on blanks as the shell does; commands
 * run only on some distributions (inside `if [ "$ID" = alpine ]`, `case $ID in`, after
 * `command -v apk &&`) are marked `guarded`.
 */
export function splitCommands(source: MappedText, fallback: Range, variables?: ShellVariables): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const vars = new Map(variables ?? []);
  const guards = new GuardTracker();
  let words: Word[] = [];
  const flush = (op: string | undefined) => {
    const argv = stripPrefixes(words);
    if (argv.length === 0) {
      for (const w of words) assign(vars, w.text);
    } else if (DECLARATIONS.has(argv[0].text) && argv.length > 1 && argv.slice(1).every((w) => w.text.startsWith('-') || ASSIGNMENT.test(w.text))) {
      for (const w of argv.slice(1)) assign(vars, w.text);
    } else {
      const expanded = expandWords(argv, vars);
      const guarded = guards.command(expanded, argv);
      // `if apt-get install …; then` runs the command of its condition.
      const body = CONDITIONS.has(argv[0].text) ? stripPrefixes(argv.slice(1)) : argv;
      const run = body === argv ? expanded : expandWords(body, vars);
      if (run.length > 0 && !CONTROL_ONLY.has(run[0])) {
        commands.push({ argv: run, range: wordsRange(source, body, fallback), ...(guarded ? { guarded: true } : {}) });
      }
    }
    guards.separator(op);
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
      flush(op);
      i += op.length;
      continue;
    }
    const word = readWord(text, i);
    words.push(word);
    i = Math.max(word.end, i + 1);
  }
  flush(undefined);
  return commands;
}

const CONDITIONS = new Set(['if', 'elif', 'while', 'until']);
/** Words that only open or close a compound command. */
const CONTROL_ONLY = new Set(['fi', 'done', 'esac', 'if', 'elif', 'case', 'while', 'until', 'for']);

function assign(vars: Map<string, string>, word: string): void {
  const eq = word.indexOf('=');
  if (eq <= 0 || !ASSIGNMENT.test(word)) return;
  vars.set(word.slice(0, eq), expandWord(word.slice(eq + 1), vars).join(' '));
}

const EXPANSION = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** expandWord of each word, into one array: most words hold no `$`, and a flatMap made an array for each. */
function expandWords(words: readonly Word[], vars: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const { text } of words) {
    if (text.includes('$')) out.push(...expandWord(text, vars));
    else out.push(text);
  }
  return out;
}

/**
 * `$X`, `${X}` and `${X:-default}` with the values known so far; unknown names stay as written, so
 * they match no package. A word that expands to several (`$buildDeps`) is split on blanks, as an
 * unquoted expansion is.
 */
function expandWord(word: string, vars: ReadonlyMap<string, string>): string[] {
  if (!word.includes('$')) return [word];
  let changed = false;
  const out = word.replace(EXPANSION, (whole, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const value = vars.get(braced ?? bare!);
    if (value === undefined && fallback === undefined) return whole;
    changed = true;
    return value ?? fallback!;
  });
  if (!changed) return [word];
  return out.split(/\s+/).filter((w) => w.length > 0);
}

/** Words in a test that ask which distribution this is. */
const OS_TEST = /\$\{?(ID|ID_LIKE|VERSION_CODENAME|DISTRIB_ID|OS|os|distro|DISTRO)\b|os-release|alpine-release|debian_version|redhat-release|fedora-release|centos-release|system-release|lsb_release|lsb-release/;
const PACKAGE_PROGRAMS = /(^|\/)(apt-get|apt|aptitude|apk|dnf|dnf5|yum|microdnf|tdnf|zypper|pacman|dpkg|rpm)$/;
const LOOKUPS = new Set(['command', 'which', 'type', 'hash']);

function isOsTest(words: readonly string[]): boolean {
  return words.some((w, i) => OS_TEST.test(w) || (PACKAGE_PROGRAMS.test(w) && (LOOKUPS.has(words[i - 1] ?? '') || words[i - 1] === '-v' || /^-[xfe]$/.test(words[i - 1] ?? ''))));
}

/**
 * Tracks `if`/`case` blocks and `&&`/`||` lists whose condition tests the distribution: what runs
 * inside them is not a mismatch with the base image, whichever branch it is.
 */
class GuardTracker {
  private readonly frames: boolean[] = [];
  private list = false;
  /** The last command's words, tested only if `&&` or `||` follows (few commands are); kept across separators with no command between, as after `)` and `}`. */
  private last: readonly string[] = [];

  /** Called for each simple command with its words; returns whether it runs under a distribution test. */
  command(expanded: readonly string[], words: readonly Word[]): boolean {
    const head = words[0].text;
    const inside = this.frames.some((f) => f) || this.list;
    const raw = () => words.map((w) => w.text);
    if (head === 'if' || head === 'while' || head === 'until') this.frames.push(inside || isOsTest(raw()));
    else if (head === 'elif') {
      if (this.frames.length > 0) this.frames[this.frames.length - 1] ||= isOsTest(raw());
    } else if (head === 'case') this.frames.push(inside || isOsTest(raw()));
    else if (head === 'fi' || head === 'esac' || head === 'done') this.frames.pop();
    this.last = expanded;
    return inside;
  }

  separator(op: string | undefined): void {
    if (op === '&&' || op === '||') this.list ||= isOsTest(this.last);
    else if (op !== '|') this.list = false;
  }
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
