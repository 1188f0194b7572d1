import type { Severity } from '../../core/types';
import type { ReportWriter } from './reportWriter';

const ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];

/**
 * Compiler-style lines, `path:line:col severity rule message` (1-based), then one summary line.
 * `quietWhenEmpty`: no summary when no file was checked (every input unreadable: stderr says why).
 */
export function textReport(write: (text: string) => void, opts: { quietWhenEmpty: () => boolean }): ReportWriter {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let files = 0;
  let filesWithProblems = 0;
  return {
    file: (file) => {
      files++;
      if (file.findings.length > 0) filesWithProblems++;
      let lines = '';
      for (const f of file.findings) {
        counts[f.severity]++;
        lines += `${file.display}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${f.message}\n`;
      }
      if (lines) write(lines);
    },
    end: () => {
      const total = ORDER.reduce((sum, s) => sum + counts[s], 0);
      if (total === 0) {
        if (files > 0 || !opts.quietWhenEmpty()) write(`no problems in ${plural(files, 'file')}\n`);
        return;
      }
      const parts = ORDER.filter((s) => counts[s] > 0).map((s) => (s === 'info' ? `${counts[s]} info` : plural(counts[s], s)));
      write(`\n${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(filesWithProblems, 'file')}\n`);
    },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
