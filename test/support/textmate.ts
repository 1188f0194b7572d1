import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = path.resolve(__dirname, '..', '..', '..');
export const GRAMMAR_FILE = path.join(root, 'syntaxes', 'dockerfile.tmLanguage.json');

/** One token of a tokenised line: its text and its scopes, outermost first. */
export interface ScopedToken {
  text: string;
  scopes: string[];
}

let registry: Promise<textmate.Registry> | undefined;

function loadRegistry(): Promise<textmate.Registry> {
  registry ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    return new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName) => {
        const raw = fs.readFileSync(GRAMMAR_FILE, 'utf8');
        const grammar = textmate.parseRawGrammar(raw, GRAMMAR_FILE);
        return grammar.scopeName === scopeName ? grammar : null;
      },
    });
  })();
  return registry;
}

/** Tokenises `text` line by line with the project's grammar, carrying state across lines (heredocs, continuations). */
export async function tokenize(text: string): Promise<ScopedToken[][]> {
  const raw = JSON.parse(fs.readFileSync(GRAMMAR_FILE, 'utf8')) as { scopeName: string };
  const grammar = await (await loadRegistry()).loadGrammar(raw.scopeName);
  if (!grammar) throw new Error(`no grammar for ${raw.scopeName}`);
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}
