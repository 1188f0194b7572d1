import * as vscode from 'vscode';

/** Resolves with the diagnostics of `uri` once `accept` holds for them; waits on onDidChangeDiagnostics, not on time. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const current = vscode.languages.getDiagnostics(uri);
      if (!accept(current)) return false;
      done();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);
      reject(new Error(`no matching diagnostics on ${uri.fsPath} after ${timeoutMs} ms; seen: ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const done = () => {
      subscription.dispose();
      clearTimeout(timer);
    };
    check();
  });
}
