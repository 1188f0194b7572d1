import { concat, literal, slice, type MappedText } from './mappedText';

/** An ARG visible to FROM: its default value, mapped to where it is written. */
export interface ArgDefault {
  name: string;
  value: MappedText | undefined;
}

export interface Substitution {
  result: MappedText;
  /** Names of the ARGs the text used. */
  used: string[];
  /** Names that had no default: the text cannot be resolved without guessing. */
  unresolved: string[];
}

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alt}` the way BuildKit expands FROM,
 * with the ARG defaults declared before the first FROM (the only ones FROM can see).
 */
export function substitute(source: MappedText, args: Map<string, ArgDefault>, escape = '\\', depth = 0): Substitution {
  const used: string[] = [];
  const unresolved: string[] = [];
  const parts: MappedText[] = [];
  let last = 0;
  const variable = new RegExp(VARIABLE.source, 'g');
  const text = source.text;
  let match: RegExpExecArray | null;
  while ((match = variable.exec(text))) {
    if (match.index > 0 && text[match.index - 1] === escape) continue;
    parts.push(slice(source, last, match.index));
    last = match.index + match[0].length;
    const name = match[1] ?? match[4];
    const operator = match[2];
    const word = match[3] ?? '';
    used.push(name);
    const arg = args.get(name);
    const value = arg?.value && depth < 8 ? substitute(arg.value, args, escape, depth + 1) : undefined;
    if (value) {
      used.push(...value.used);
      unresolved.push(...value.unresolved);
    }
    const isSet = value !== undefined && (operator?.startsWith(':') ? value.result.text !== '' : true);
    const wordStart = match.index + match[0].length - 1 - word.length;
    const wordText = slice(source, wordStart, wordStart + word.length);
    if (operator === ':-' || operator === '-') {
      parts.push(isSet ? value!.result : wordText);
    } else if (operator === ':+' || operator === '+') {
      parts.push(isSet ? wordText : literal('', null));
    } else if (value) {
      parts.push(value.result);
    } else {
      unresolved.push(name);
    }
  }
  parts.push(slice(source, last));
  return { result: concat(parts), used, unresolved };
}
