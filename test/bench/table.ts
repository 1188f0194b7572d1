/** One benchmark section: a table for people, the same figures as JSON for machines. */
export interface Section {
  title: string;
  /** What was run, so a reader can reproduce one figure by hand. */
  notes: string[];
  columns: string[];
  rows: Array<Array<string | number>>;
  figures: Record<string, unknown>;
}

export function renderTable(section: Section): string {
  const cells = [section.columns, ...section.rows.map((row) => row.map(String))];
  const widths = section.columns.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [
    `== ${section.title} ==`,
    ...section.notes.map((n) => `   ${n}`),
    line(cells[0]),
    rule,
    ...cells.slice(1).map(line),
    '',
  ].join('\n');
}

/** "met" / "MISSED" against a target, or "-" when the figure could not be measured. */
export function verdict(ok: boolean | undefined): string {
  return ok === undefined ? '-' : ok ? 'met' : 'MISSED';
}
