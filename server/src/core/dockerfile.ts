import { DockerfileParser, type Instruction as AstInstruction, type Arg } from 'dockerfile-ast';
import { envPairs } from './envPairs';
import { parseImageRef, type ImageRef } from './imageRef';
import { concat, editOf, literal, rangeOf, slice, type MappedText, type Segment } from './mappedText';
import { execFormCommands, splitCommands } from './shell';
import { substitute, type ArgDefault } from './substitute';
import type { Position, Range, ShellCommand, TextEdit } from './types';

/** What a FROM names once ARG defaults are applied. */
export type FromKind = 'image' | 'scratch' | 'stage' | 'unresolved' | 'invalid';

export interface FromImage {
  kind: FromKind;
  /** The FROM instruction. */
  range: Range;
  /** The image argument as written (`$BASE`, `node:20`). */
  written: string;
  writtenRange: Range;
  /** The reference after ARG substitution, mapped back to where each character was written. */
  resolved: MappedText;
  /** Parsed reference when `kind === 'image'`. */
  ref?: ImageRef;
  /** Index of the earlier stage when `kind === 'stage'`. */
  stage?: number;
  /** Literal `--platform` value; undefined when absent or built from variables like $BUILDPLATFORM. */
  platform?: string;
  /** ARG names the reference used; a user may override them with --build-arg. */
  args: string[];
  /** ARG names without a default: the reference is not guessed. */
  unresolvedArgs: string[];
}

export interface Instruction {
  keyword: string;
  range: Range;
  /** Arguments with line continuations joined. */
  args: string;
  argsRange?: Range;
  /** Exec-form JSON array, when the instruction uses it. */
  json?: string[];
}

export interface Stage {
  index: number;
  /** Lower-cased `AS name`, as Docker matches stage names case-insensitively. */
  alias?: string;
  from: FromImage;
  /** Instructions after FROM, in order. */
  instructions: Instruction[];
  /** Simple commands of every RUN of the stage (shell, exec form and heredocs). */
  commands: ShellCommand[];
  /** `COPY --from=<x>` sources named by the stage. */
  copiesFrom: string[];
  isFinal: boolean;
  range: Range;
}

export interface Comment {
  line: number;
  text: string;
}

/**
 * An image the build pulls other than a stage's base: `COPY --from=<image>`, a `RUN --mount` with
 * `from=<image>`, and the `# syntax=` frontend. Its `from` has the shape of a FROM's, so the
 * mutable-reference and registry rules, their fixes and the editor treat it the same way.
 */
export interface ImageReference {
  kind: 'copy-from' | 'mount-from' | 'syntax';
  /** The stage the instruction is in; undefined for the syntax directive. */
  stage?: number;
  from: FromImage;
}

export interface DockerfileModel {
  text: string;
  escape: string;
  stages: Stage[];
  /** Images pulled by COPY --from, RUN --mount from= and the syntax directive, in document order. */
  references: ImageReference[];
  finalStage?: Stage;
  comments: Comment[];
  /** ARGs declared before the first FROM, the only ones a FROM can use. */
  globalArgs: Map<string, ArgDefault>;
  /** Instructions that are not inside any stage (global ARGs, misplaced instructions). */
  preamble: Instruction[];
}

/** Parses once; every rule reads this model rather than the text. */
export function parseDockerfile(text: string): DockerfileModel {
  const ast = DockerfileParser.parse(text);
  const escape = ast.getEscapeCharacter();
  const doc = new DocumentText(text);
  const globalArgs = new Map<string, ArgDefault>();
  const stages: Stage[] = [];
  const preamble: Instruction[] = [];
  // ENV and ARG values of the current stage, which its RUN lines see as shell variables.
  let vars = new Map<string, string>();
  // COPY --from and mount sources: images or stages, told apart once every stage name is known.
  const pending: PendingReference[] = [];
  for (const inst of ast.getInstructions()) {
    const keyword = inst.getKeyword();
    if (keyword === 'FROM') {
      const { from, alias } = readFrom(inst, doc, globalArgs, stages, escape);
      stages.push({
        index: stages.length,
        alias,
        from,
        instructions: [],
        commands: [],
        copiesFrom: [],
        isFinal: false,
        range: inst.getRange(),
      });
      vars = new Map();
      continue;
    }
    const instruction = new LazyInstruction(inst, doc, escape);
    const stage = stages[stages.length - 1];
    if (!stage) {
      preamble.push(instruction);
      if (keyword === 'ARG') readArgDefaults(inst as Arg, doc, globalArgs);
      continue;
    }
    stage.instructions.push(instruction);
    stage.range = { start: stage.range.start, end: inst.getRange().end };
    if (keyword === 'ENV') for (const [name, value] of envPairs(instruction.args)) vars.set(name, value);
    if (keyword === 'ARG') stageArgs(instruction.args, globalArgs, vars);
    if (keyword === 'RUN') {
      const line = instruction.range.start.line;
      for (const command of runCommands(instruction, instruction.mapped, doc, vars)) {
        command.runLine = line;
        stage.commands.push(command);
      }
    }
    if (keyword === 'COPY' || keyword === 'ADD') {
      const source = /(?:^|\s)--from=(\S+)/.exec(instruction.args)?.[1];
      if (source) stage.copiesFrom.push(source.toLowerCase());
      const word = flagValue(instruction.mapped, /(?:^|\s)--from=/g);
      if (word) pending.push({ kind: 'copy-from', stage: stage.index, range: instruction.range, word });
    }
    if (keyword === 'RUN') {
      for (const word of mountSources(instruction.mapped)) pending.push({ kind: 'mount-from', stage: stage.index, range: instruction.range, word });
    }
  }
  const finalStage = stages[stages.length - 1];
  if (finalStage) finalStage.isFinal = true;
  const references = [...syntaxReference(doc, ast), ...pending.flatMap((p) => imageReference(p, stages, globalArgs, escape))];
  // dockerfile-ast reads any leading `# word ...=` as a parser directive; Docker does not, so those are comments too.
  const directives = ast.getDirectives().map((d) => {
    const line = d.getRange().start.line;
    return { line, text: doc.textOf({ start: { line, character: 0 }, end: { line, character: 10_000 } }).replace(/^\s*#/, '') };
  });
  const comments = [...directives, ...ast.getComments().map((c) => ({ line: c.getRange().start.line, text: c.getContent() }))];
  return { text, escape, stages, references, finalStage, comments, globalArgs, preamble };
}

function readFrom(inst: AstInstruction, doc: DocumentText, args: Map<string, ArgDefault>, stages: Stage[], escape: string): { from: FromImage; alias?: string } {
  const range = inst.getRange();
  // FROM is tokenised here rather than through dockerfile-ast's accessors, which re-scan the
  // document on every call and dominated analysis time.
  const text = argumentsOf(inst, doc, escape);
  const tokens = words(text.text);
  let i = 0;
  let platformFlag: string | undefined;
  while (i < tokens.length && tokens[i].text.startsWith('--')) {
    const flag = /^--platform=(.*)$/.exec(tokens[i].text);
    if (flag) platformFlag = flag[1];
    i++;
  }
  const image = tokens[i];
  const alias = tokens[i + 1]?.text.toLowerCase() === 'as' ? tokens[i + 2]?.text.toLowerCase() : undefined;
  const imageText = image ? unquote(slice(text, image.start, image.end)) : literal('', null);
  const written = imageText.text;
  const writtenRange = (image && rangeOf(text, image.start, image.end)) ?? { start: range.end, end: range.end };
  const { result, used, unresolved } = substitute(imageText, args, escape);
  const platform = platformFlag && !platformFlag.includes('$') ? platformFlag : undefined;
  const base: FromImage = {
    kind: 'invalid',
    range,
    written,
    writtenRange,
    resolved: result,
    platform,
    args: [...new Set(used)],
    unresolvedArgs: [...new Set(unresolved)],
  };
  const from = (): FromImage => {
    if (written === '') return base;
    if (unresolved.length > 0) return { ...base, kind: 'unresolved' };
    const name = result.text;
    const stage = stages.find((s) => s.alias !== undefined && s.alias === name.toLowerCase());
    if (stage) return { ...base, kind: 'stage', stage: stage.index };
    if (name.toLowerCase() === 'scratch') return { ...base, kind: 'scratch' };
    const ref = parseImageRef(name);
    return ref ? { ...base, kind: 'image', ref } : base;
  };
  return { from: from(), alias };
}

interface Word {
  text: string;
  start: number;
  end: number;
}

interface PendingReference {
  kind: 'copy-from' | 'mount-from';
  stage: number;
  range: Range;
  /** The source as written, mapped to the document. */
  word: MappedText;
}

/** The value of the first `--flag=value` in an instruction's arguments, up to whitespace. */
function flagValue(args: MappedText, flag: RegExp): MappedText | undefined {
  flag.lastIndex = 0;
  const m = flag.exec(args.text);
  if (!m) return undefined;
  const start = m.index + m[0].length;
  const end = args.text.slice(start).search(/\s|$/) + start;
  return end > start ? unquote(slice(args, start, end)) : undefined;
}

/** `from=` of each `--mount=type=bind,from=node:22,…` of a RUN. */
function mountSources(args: MappedText): MappedText[] {
  const out: MappedText[] = [];
  for (const mount of args.text.matchAll(/(?:^|\s)--mount=(\S+)/g)) {
    const optionsStart = (mount.index ?? 0) + mount[0].indexOf('=') + 1;
    const from = /(?:^|,)from=([^,\s]+)/.exec(mount[1]);
    if (!from) continue;
    const start = optionsStart + from.index + from[0].indexOf('=') + 1;
    out.push(unquote(slice(args, start, start + from[1].length)));
  }
  return out;
}

/** A COPY --from or mount source that names an image: not a stage (by name or index), resolved through the global ARGs. */
function imageReference(p: PendingReference, stages: Stage[], args: Map<string, ArgDefault>, escape: string): ImageReference[] {
  const written = p.word.text;
  if (/^\d+$/.test(written) || stages.some((s) => s.alias !== undefined && s.alias === written.toLowerCase())) return [];
  const { result, used, unresolved } = substitute(p.word, args, escape);
  if (unresolved.length > 0 || stages.some((s) => s.alias !== undefined && s.alias === result.text.toLowerCase())) return [];
  const ref = parseImageRef(result.text);
  if (!ref) return [];
  const writtenRange = rangeOf(p.word, 0, written.length) ?? p.range;
  return [{ kind: p.kind, stage: p.stage, from: { kind: 'image', range: p.range, written, writtenRange, resolved: result, args: [...new Set(used)], unresolvedArgs: [], ref } }];
}

/** `# syntax=docker/dockerfile:1`: the frontend image BuildKit pulls first, read from the parser directives at the top. */
function syntaxReference(doc: DocumentText, ast: ReturnType<typeof DockerfileParser.parse>): ImageReference[] {
  for (const directive of ast.getDirectives()) {
    const line = directive.getRange().start.line;
    const text = doc.line(line);
    const m = /^(\s*#\s*syntax\s*=\s*)(\S+)\s*$/i.exec(text);
    if (!m) continue;
    const start = { line, character: m[1].length };
    const resolved = literal(m[2], start);
    const ref = parseImageRef(m[2]);
    if (!ref) return [];
    const range = { start: { line, character: 0 }, end: { line, character: text.length } };
    const writtenRange = { start, end: { line, character: start.character + m[2].length } };
    return [{ kind: 'syntax', from: { kind: 'image', range, written: m[2], writtenRange, resolved, args: [], unresolvedArgs: [], ref } }];
  }
  return [];
}

/** FROM words go through quote removal as shell words do: `debian:"${A}-${B}"` names `debian:${A}-${B}`. */
function unquote(source: MappedText): MappedText {
  if (!/["']/.test(source.text)) return source;
  const parts: MappedText[] = [];
  let from = 0;
  for (let i = 0; i < source.text.length; i++) {
    const c = source.text[i];
    if (c !== '"' && c !== "'") continue;
    if (i > from) parts.push(slice(source, from, i));
    from = i + 1;
  }
  if (from < source.text.length) parts.push(slice(source, from));
  return concat(parts);
}

function words(text: string): Word[] {
  const out: Word[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The instruction's arguments, continuations joined, mapped to the document. */
function argumentsOf(inst: AstInstruction, doc: DocumentText, escape: string): MappedText {
  const range = { start: inst.getInstructionRange().end, end: inst.getRange().end };
  const joined = doc.joined(range, escape);
  const lead = joined.text.length - joined.text.trimStart().length;
  return lead === 0 ? joined : slice(joined, lead);
}

function readArgDefaults(inst: Arg, doc: DocumentText, args: Map<string, ArgDefault>): void {
  for (const property of inst.getProperties()) {
    const valueRange = property.getValueRange();
    let value: MappedText | undefined;
    if (valueRange) {
      let raw = doc.textOf(valueRange);
      let start: Position | null = valueRange.start.line === valueRange.end.line ? valueRange.start : null;
      if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) {
        raw = raw.slice(1, -1);
        start = start && { line: start.line, character: start.character + 1 };
      }
      value = literal(raw, start);
    } else if (property.getAssignmentOperator() === '=') {
      value = literal('', null);
    }
    // A later ARG without a default keeps the earlier default, as Docker does.
    if (value || !args.has(property.getName())) args.set(property.getName(), { name: property.getName(), value });
  }
}

/**
 * An instruction whose arguments are read on first use: most rules look only at FROM and RUN, and
 * joining every COPY, ENV and LABEL up front cost as much as the rules themselves.
 */
class LazyInstruction implements Instruction {
  readonly keyword: string;
  readonly range: Range;
  private cached?: { mapped: MappedText; argsRange?: Range; json?: string[] };

  constructor(private readonly inst: AstInstruction, private readonly doc: DocumentText, private readonly escape: string) {
    this.keyword = inst.getKeyword();
    this.range = inst.getRange();
  }

  get mapped(): MappedText {
    return this.read().mapped;
  }
  get args(): string {
    return this.read().mapped.text;
  }
  get argsRange(): Range | undefined {
    return this.read().argsRange;
  }
  get json(): string[] | undefined {
    return this.read().json;
  }

  private read() {
    if (this.cached) return this.cached;
    const mapped = argumentsOf(this.inst, this.doc, this.escape);
    this.cached = { mapped, argsRange: mapped.text.length > 0 ? rangeOfWhole(mapped) : undefined, json: jsonArguments(mapped.text) };
    return this.cached;
  }
}

function jsonArguments(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string')) return parsed;
  } catch {
    // Not JSON: Docker runs it in a shell, so do we.
  }
  return undefined;
}

function rangeOfWhole(text: MappedText): Range | undefined {
  const first = text.segments[0];
  const last = text.segments[text.segments.length - 1];
  if (!first || !last) return undefined;
  return {
    start: { line: first.line, character: first.character },
    end: { line: last.line, character: last.character + (last.end - last.start) },
  };
}

/** `ARG A=1 B`: a default, or the global default of an ARG re-declared without one. */
function stageArgs(args: string, globals: Map<string, ArgDefault>, vars: Map<string, string>): void {
  for (const word of args.split(/\s+/).filter((w) => w.length > 0)) {
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    const value = eq < 0 ? globals.get(name)?.value?.text : word.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2');
    if (value !== undefined) vars.set(name, value);
  }
}

function runCommands(instruction: Instruction, args: MappedText, doc: DocumentText, vars: ReadonlyMap<string, string>): ShellCommand[] {
  const range = instruction.argsRange ?? instruction.range;
  if (instruction.json) {
    return execFormCommands(instruction.json, range, (script) => splitCommands(literal(script, null), range, vars));
  }
  const newline = args.text.indexOf('\n');
  const firstLine = newline >= 0 ? args.text.slice(0, newline) : args.text;
  const markers = firstLine.includes('<<') ? [...firstLine.matchAll(HEREDOC_START)] : [];
  // With heredocs, only the first line is shell; the lines after it are the heredoc bodies.
  const source = markers.length > 0 && newline >= 0 ? slice(args, 0, newline) : args;
  const split = splitCommands(source, range, vars);
  if (markers.length === 0) return split;
  const commands = split
    .map((c) => ({ ...c, argv: c.argv.filter((w) => !HEREDOC_MARKER.test(w)) }))
    .filter((c) => c.argv.length > 0);
  // `RUN <<EOF` runs the body as a script; `RUN cat <<EOF > f` feeds it as data, which runs nothing.
  if (HEREDOC_MARKER.test(split[0]?.argv[0] ?? '')) {
    const bodies = heredocBodies(markers, doc, instruction.range.start.line + 1, instruction.range.end.line);
    commands.unshift(...bodies.flatMap((body) => splitCommands(doc.joined(body, null), body, vars)));
  }
  return commands;
}

const HEREDOC_START = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

/** The body of each heredoc, in order: from the line after the previous one ends up to its delimiter. */
function heredocBodies(markers: RegExpMatchArray[], doc: DocumentText, firstLine: number, lastLine: number): Range[] {
  const bodies: Range[] = [];
  let line = firstLine;
  for (const marker of markers) {
    const stripTabs = marker[1] === '-';
    const start = line;
    while (line <= lastLine) {
      const text = doc.line(line);
      if ((stripTabs ? text.replace(/^\t+/, '') : text) === marker[3]) break;
      line++;
    }
    if (line > start) bodies.push({ start: { line: start, character: 0 }, end: { line: line - 1, character: doc.line(line - 1).length } });
    line++;
  }
  return bodies;
}

const HEREDOC_MARKER = /^<<-?["']?[A-Za-z_][A-Za-z0-9_]*["']?$/;

/** The document text with positions, and line continuations removed. */
class DocumentText {
  private readonly lineStarts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  offsetOf(p: Position): number {
    const start = this.lineStarts[p.line] ?? this.text.length;
    return Math.min(start + p.character, this.text.length);
  }

  /** One line without its line break. */
  line(n: number): string {
    const start = this.lineStarts[n] ?? this.text.length;
    const end = (this.lineStarts[n + 1] ?? this.text.length + 1) - 1;
    return this.text.slice(start, Math.max(start, end)).replace(/\r$/, '');
  }

  textOf(range: Range): string {
    const end = Math.min(this.offsetOf(range.end), (this.lineStarts[range.end.line + 1] ?? this.text.length + 1) - 1);
    return this.text.slice(this.offsetOf(range.start), Math.max(end, this.offsetOf(range.start)));
  }

  /** Text of `range` with `escape` + newline continuations (and comment lines inside them) removed. */
  joined(range: Range, escape: string | null): MappedText {
    // Built in one pass: this runs for every RUN and FROM, and intermediate pieces were garbage.
    let text = '';
    const segments: Segment[] = [];
    for (let line = range.start.line; line <= range.end.line; line++) {
      const lineStart = this.lineStarts[line] ?? this.text.length;
      const lineEnd = (this.lineStarts[line + 1] ?? this.text.length + 1) - 1;
      const from = line === range.start.line ? lineStart + range.start.character : lineStart;
      let to = line === range.end.line ? Math.min(lineStart + range.end.character, lineEnd) : lineEnd;
      if (to > from && this.text.charCodeAt(to - 1) === 13) to--;
      let content = this.text.slice(from, to);
      if (escape !== null && line > range.start.line && /^\s*#/.test(content)) continue;
      const continued = escape !== null && line < range.end.line && content.trimEnd().endsWith(escape);
      if (continued) content = content.trimEnd().slice(0, -1);
      if (content.length > 0) segments.push({ start: text.length, end: text.length + content.length, line, character: from - lineStart });
      text += content;
      if (!continued && line < range.end.line) text += '\n';
    }
    return { text, segments };
  }

}

/** The document range of characters `[start, end)` of the resolved reference, or where it was written. */
export function refRange(from: FromImage, start: number, end: number): Range {
  return rangeOf(from.resolved, start, end) ?? from.writtenRange;
}

/** The edit that replaces `[start, end)` of the resolved reference, wherever those characters were written. */
export function refEdit(from: FromImage, start: number, end: number, newText: string): TextEdit | undefined {
  return editOf(from.resolved, start, end, newText);
}

