import type { ReportedFile } from '../reportedFindings';
import { JsonArrayWriter } from './jsonArrayWriter';
import type { ReportWriter } from './reportWriter';

/**
 * `{"version":1,"findings":[...]}` with zero-based LSP positions. Fixes that need a digest the run
 * could not get (offline, cache miss, registry down) carry `"requiresRegistry": true` and no edits.
 */
export function jsonReport(write: (text: string) => void): ReportWriter {
  const findings = new JsonArrayWriter({ version: 1, findings: JsonArrayWriter.ITEMS }, write);
  return {
    file: (file) => {
      for (const finding of jsonFindings(file)) findings.item(finding);
    },
    end: () => findings.end(),
  };
}

function jsonFindings(file: ReportedFile) {
  return file.findings.map((f) => ({
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
  }));
}
