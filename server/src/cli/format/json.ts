import type { ReportedFile } from '../reportedFindings';

/**
 * `{"version":1,"findings":[...]}` with zero-based LSP positions. Fixes that need a digest the run
 * could not get (offline, cache miss, registry down) carry `"requiresRegistry": true` and no edits.
 */
export function formatJson(files: ReportedFile[]): string {
  const findings = files.flatMap((file) =>
    file.findings.map((f) => ({
      file: file.display,
      rule: f.rule,
      code: f.code,
      severity: f.severity,
      message: f.message,
      range: f.range,
      fixes: f.fixes.map((fix) => ({
        title: fix.title,
        safety: fix.safety,
        edits: fix.edits.map((e) => ({ range: e.range, newText: e.newText })),
        ...(fix.requiresRegistry ? { requiresRegistry: true } : {}),
      })),
    })),
  );
  return `${JSON.stringify({ version: 1, findings }, null, 2)}\n`;
}
