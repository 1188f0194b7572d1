// Throwaway stand-in for the real extension, used only by the harness self-test.
const vscode = require('vscode');

const TITLE = 'Fixture: pin :latest to :1.0';

function latestRanges(document) {
  const ranges = [];
  for (let line = 0; line < document.lineCount; line++) {
    const match = /^FROM\s+\S+?:(latest)\b/i.exec(document.lineAt(line).text);
    if (match) {
      const start = match[0].length - match[1].length;
      ranges.push(new vscode.Range(line, start, line, start + match[1].length));
    }
  }
  return ranges;
}

function activate(context) {
  const diagnostics = vscode.languages.createDiagnosticCollection('harness-fixture');
  const refresh = (document) => {
    if (!document.fileName.endsWith('Dockerfile')) return;
    diagnostics.set(document.uri, latestRanges(document).map((range) => {
      const d = new vscode.Diagnostic(range, 'fixture: avoid :latest', vscode.DiagnosticSeverity.Warning);
      d.source = 'harness-fixture';
      return d;
    }));
  };
  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document)),
    vscode.languages.registerCodeActionsProvider({ pattern: '**/Dockerfile' }, {
      provideCodeActions(document, range) {
        return latestRanges(document).filter((r) => r.intersection(range)).map((r) => {
          const action = new vscode.CodeAction(TITLE, vscode.CodeActionKind.QuickFix);
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(document.uri, r, '1.0');
          action.isPreferred = true;
          return action;
        });
      },
    }),
  );
  vscode.workspace.textDocuments.forEach(refresh);
}

module.exports = { activate, deactivate() {} };
