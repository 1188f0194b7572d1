import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { editorSection } from './editor';
import { engineSections } from './engine';
import { registrySection } from './registry';
import { renderTable, type Section } from './table';

/**
 * `npm run bench`: prints figures next to their targets, every figure against a baseline measured
 * in the same run, and writes them to test-results/bench.json. Not a test: nothing fails on speed.
 *   --only engine,registry,editor   --files N   --rounds N   --profile auto|always|never
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: 'engine,registry,editor' },
      files: { type: 'string', default: '1500' },
      rounds: { type: 'string', default: '3' },
      profile: { type: 'string', default: 'auto' },
    },
  });
  const only = new Set(values.only!.split(','));
  const root = path.resolve(__dirname, '../../..');
  const resultsDir = path.join(root, 'test-results');
  await mkdir(resultsDir, { recursive: true });
  const cli = path.join(root, 'server/out/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing; run npm run build first.`);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'dph-bench-'));
  const began = performance.now();
  const sections: Section[] = [];
  const show = (s: Section) => {
    sections.push(s);
    process.stdout.write(renderTable(s) + '\n');
  };
  try {
    if (only.has('engine')) {
      const profileMode = values.profile as 'auto' | 'always' | 'never';
      // The real corpus first: it is what users' files look like; the generated set stays for comparison with earlier runs.
      for (const corpus of ['real', 'generated'] as const) {
        const sections = await engineSections({ files: Number(values.files), rounds: Number(values.rounds), latencyIterations: 400, profile: corpus === 'real' ? profileMode : 'never', workDir, resultsDir, cli, corpus });
        for (const s of corpus === 'real' ? sections : sections.slice(0, 1)) show(s);
      }
    }
    if (only.has('registry')) show(await registrySection({ files: 200, rounds: Number(values.rounds), workDir, cli }));
    if (only.has('editor')) show(await editorSection({ edits: 200, documents: 1000, workDir }));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const report = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    totalSeconds: Math.round((performance.now() - began) / 100) / 10,
    sections: Object.fromEntries(sections.map((s) => [s.title, { notes: s.notes, columns: s.columns, rows: s.rows, figures: s.figures }])),
  };
  await writeFile(path.join(resultsDir, 'bench.json'), JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`figures written to ${path.relative(process.cwd(), path.join(resultsDir, 'bench.json'))} (${report.totalSeconds} s)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});
