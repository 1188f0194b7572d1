import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyze } from '../../server/src/core/analyze';
import type { Finding } from '../../server/src/core/types';
import { corpusFiles, corpusKey, writeCorpusFiles, type CorpusFile } from './corpus';
import { checkFixes } from './fixProperty';

/**
 * `npm run corpus`: the CLI over the real Dockerfiles of the development corpus, as a user would
 * run it (one process, offline), then each file analysed in-process to find the slowest.
 *   --sample N --rule NAME --seed S   print N random findings of a rule with the lines around them, to judge
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sample: { type: 'string' }, rule: { type: 'string' }, seed: { type: 'string', default: '1' }, now: { type: 'string', default: '2026-12-02' }, violations: { type: 'string', default: '40' } },
  });
  const files = corpusFiles();
  if (values.sample) return sample(files, Number(values.sample), values.rule, Number(values.seed), new Date(values.now!));
  const root = path.resolve(__dirname, '../../..');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dph-corpus-'));
  try {
    await writeCorpusFiles(dir, files);
    const began = performance.now();
    const cli = spawnSync(process.execPath, [path.join(root, 'server/out/cli.js'), 'check', '--offline', '--no-cache', '--now', values.now!, '--format', 'json', '--fail-level', 'none', dir], {
      maxBuffer: 512 * 1024 * 1024,
      encoding: 'utf8',
    });
    const wall = (performance.now() - began) / 1000;
    const report = JSON.parse(cli.stdout) as { findings: Array<{ rule: string; severity: string }>; errors?: Array<{ file: string; message: string }> };
    const perRule = new Map<string, { count: number; severity: string; files: Set<string> }>();
    for (const f of report.findings as Array<{ rule: string; severity: string; file: string }>) {
      const entry = perRule.get(f.rule) ?? { count: 0, severity: f.severity, files: new Set() };
      entry.count++;
      entry.files.add(f.file);
      perRule.set(f.rule, entry);
    }
    console.log(`corpus: ${files.length} files from ${new Set(files.map((f) => f.repo)).size} repositories (test/corpus/manifest.json)`);
    console.log(`CLI check --offline: exit ${cli.status}, ${wall.toFixed(2)} s wall, ${(files.length / wall).toFixed(0)} files/s, ${report.errors?.length ?? 0} file errors`);
    for (const e of report.errors ?? []) console.log(`  error: ${e.file}: ${e.message}`);
    if (cli.stderr.trim()) console.log(`  stderr: ${cli.stderr.trim().split('\n').slice(0, 5).join('\n  ')}`);
    console.log('\nfindings per rule (rule, severity, findings, files):');
    for (const [rule, e] of [...perRule].sort((a, b) => b[1].count - a[1].count)) {
      console.log(`  ${rule.padEnd(26)} ${e.severity.padEnd(8)} ${String(e.count).padStart(5)} ${String(e.files.size).padStart(5)}`);
    }
    const fixes = checkFixes(files, new Date(values.now!));
    console.log('\nfixes applied and re-analysed (offered, applied, finding gone, no new warning/error, tags published, tags unverified):');
    for (const [kind, c] of [...fixes.classes].sort((a, b) => b[1].offered - a[1].offered)) {
      console.log(`  ${kind.padEnd(32)} ${[c.offered, c.applied, c.findingGone, c.noNewProblems, c.tagsPublished, c.tagsUnverified].map((n) => String(n).padStart(5)).join(' ')}`);
    }
    console.log(`  violations: ${fixes.violations.length}`);
    for (const v of fixes.violations.slice(0, Number(values.violations))) console.log(`    ${v.file}:${v.line} ${v.rule} [${v.fix}]: ${v.problem}`);
    const timed = files.map((f) => ({ f, ms: timeAnalyze(f.text, new Date(values.now!), corpusKey(f)) })).sort((a, b) => b.ms - a.ms);
    console.log('\nslowest files, in-process analyze() (target: none over 100 ms):');
    for (const { f, ms } of timed.slice(0, 8)) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${corpusKey(f)} (${f.text.split('\n').length} lines)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function timeAnalyze(text: string, now: Date, path: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    try {
      analyze(text, { now, path });
    } catch {
      return Infinity;
    }
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** A seeded shuffle, so a sample can be drawn again and judged by someone else. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function sample(files: CorpusFile[], n: number, rule: string | undefined, seed: number, now: Date): void {
  const all: Array<{ file: CorpusFile; finding: Finding }> = [];
  for (const file of files) {
    for (const finding of analyze(file.text, { now, path: corpusKey(file) }).findings) if (!rule || finding.rule === rule) all.push({ file, finding });
  }
  console.log(`${all.length} findings${rule ? ` of ${rule}` : ''}; ${Math.min(n, all.length)} drawn with seed ${seed}\n`);
  for (const { file, finding } of shuffled(all, seed).slice(0, n)) {
    const line = finding.range.start.line;
    console.log(`### ${corpusKey(file)}:${line + 1} ${finding.rule}`);
    console.log(`message: ${finding.message}`);
    if (finding.fixes.length) console.log(`fixes: ${finding.fixes.map((f) => f.title).join(' | ')}`);
    console.log('');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
