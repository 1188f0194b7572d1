import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError } from './configError';
import type { HygieneConfig } from './types';
import { validateConfig } from './validateConfig';

const PROBLEMS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected "," (or a closing bracket)',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/**
 * Parses the text of a configuration file and validates it. Pure: `file` only names the source in
 * messages. Invalid JSON and invalid settings both throw a ConfigError with a 1-based line:column.
 */
export function parseConfigText(text: string, file: string): HygieneConfig {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const errors: ParseError[] = [];
  const options = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };
  const value: unknown = parse(source, errors, options);
  if (errors.length > 0) {
    const first = errors[0];
    const at = positionAt(source, first.offset);
    const code = printParseErrorCode(first.error);
    throw new ConfigError(`${file}:${at.line}:${at.column}: invalid JSON at line ${at.line}, column ${at.column}: ${PROBLEMS[code] ?? code}.`, file, undefined, at);
  }
  const tree = parseTree(source, [], options);
  return validateConfig(value, file, (path) => {
    const node = tree && findNodeAtLocation(tree, path);
    // Point at the property name rather than its value: that is what the user has to change.
    const target = node?.parent?.type === 'property' ? node.parent : node;
    return target ? positionAt(source, target.offset) : undefined;
  });
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
