import type { Severity } from '../../core/types';
import type { ReportedFile } from '../reportedFindings';

const ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];

/** Compiler-style lines, `path:line:col severity rule message` (1-based), then one summary line. */
export function formatText(files: ReportedFile[]): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let filesWithProblems = 0;
  for (const file of files) {
    if (file.findings.length > 0) filesWithProblems++;
    for (const f of file.findings) {
      counts[f.severity]++;
      lines.push(`${file.display}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${f.message}`);
    }
  }
  const total = ORDER.reduce((sum, s) => sum + counts[s], 0);
  if (total === 0) {
    lines.push(`no problems in ${plural(files.length, 'file')}`);
  } else {
    const parts = ORDER.filter((s) => counts[s] > 0).map((s) => (s === 'info' ? `${counts[s]} info` : plural(counts[s], s)));
    if (lines.length > 0) lines.push('');
    lines.push(`${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(filesWithProblems, 'file')}`);
  }
  return `${lines.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
