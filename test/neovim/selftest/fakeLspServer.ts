// HARNESS SELF-TEST ONLY: a stand-in language server that proves nvimClient.ts works.
// It flags ':latest' on the first line and offers one fix. Tests of the real server use server/out/server.js.
import { CodeActionKind, createConnection, Diagnostic, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, codeActionProvider: true },
}));

function latestTag(document: TextDocument): Diagnostic[] {
  const line = document.getText().split('\n')[0] ?? '';
  const at = line.indexOf(':latest');
  if (at < 0) return [];
  const range = { start: { line: 0, character: at + 1 }, end: { line: 0, character: at + 7 } };
  return [{ range, message: 'selftest: avoid :latest', severity: DiagnosticSeverity.Warning, source: 'selftest', code: 'SELF001' }];
}

documents.onDidChangeContent(({ document }) =>
  connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: latestTag(document) }));

connection.onCodeAction(({ textDocument, context }) =>
  context.diagnostics
    .filter((d) => d.code === 'SELF001')
    .map((d) => ({
      title: 'Selftest: pin to 1.0',
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: { changes: { [textDocument.uri]: [{ range: d.range, newText: '1.0' }] } },
    })));

documents.listen(connection);
connection.listen();
