import { createTwoFilesPatch } from 'diff';
import { analyzeModel } from '../core/analyze';
import { parseDockerfile, type DockerfileModel } from '../core/dockerfile';
import type { Finding } from '../core/types';
import { startAnalysis, type AnalyzedFile } from './analyzeFiles';
import { writeFileAtomic } from './atomicWrite';
import { applyEdits, pinAndRefreshEdits, updateEdits, type Planned } from './fixPlan';
import { describeError } from './inputs';
import type { CliIo } from './io';
import { parseFixOptions, type FixOptions } from './options';
import type { RegistrySession } from './registrySession';
import { FIX_USAGE } from './usage';

/** `fix`: 0 every requested fix applied, 1 one could not be (registry failure and the like), 2 usage or unreadable file. */
export async function runFix(argv: string[], io: CliIo): Promise<number> {
  const options = parseFixOptions(argv);
  if (!options) {
    io.stdout.write(`${FIX_USAGE}\n`);
    return 0;
  }
  const run = await startAnalysis(options, io);
  // With --dry-run or stdin, stdout carries the diff or the fixed text; the narrative goes to stderr.
  const narrate = options.dryRun || run.stdin ? io.stderr : io.stdout;
  let failed = 0;
  let changed = 0;
  let changedFiles = 0;
  try {
    const files = await run.forEach(async (file) => {
      const result = await fixFile(file, options, run.session);
      failed += result.failures.length;
      for (const failure of result.failures) io.stderr.write(`${failure}\n`);
      const before = file.file.text;
      const bom = file.file.bom ? '\uFEFF' : '';
      const moves = describeMoves(file, result.model, options.dryRun);
      if (result.text !== before) {
        changed += moves.length;
        changedFiles++;
        for (const line of moves) narrate.write(`${line}\n`);
      }
      if (options.dryRun) {
        if (result.text !== before) io.stdout.write(createTwoFilesPatch(`a/${file.file.display}`, `b/${file.file.display}`, bom + before, bom + result.text));
      } else if (file.file.stdin) {
        io.stdout.write(bom + result.text);
      } else if (result.text !== before) {
        try {
          await writeFileAtomic(file.file.path!, bom + result.text);
        } catch (err) {
          io.stderr.write(`${file.file.display}: could not write the fixed file: ${describeError(err)} Nothing was changed.\n`);
          failed++;
        }
      }
    });
    narrate.write(`${summary(changed, changedFiles, files, failed, options.dryRun)}\n`);
    for (const line of run.unreadable) io.stderr.write(`error: ${line}\n`);
    if (run.unreadable.length > 0) return 2;
    return failed > 0 ? 1 : 0;
  } finally {
    await run.session.close();
  }
}

/**
 * Tag updates first, then pins and refreshes on the updated text, re-analysed: so
 * `--update --pin` pins the digest of the new tag, not the old one.
 */
async function fixFile(file: AnalyzedFile, options: FixOptions, session: RegistrySession): Promise<{ text: string; model: DockerfileModel; failures: string[] }> {
  let text = file.file.text;
  let model = file.model;
  let findings: Finding[] = file.findings;
  const failures: string[] = [];
  const step = (planned: Planned) => {
    failures.push(...planned.failures);
    if (planned.edits.length === 0) return;
    text = applyEdits(text, planned.edits);
    model = parseDockerfile(text);
    findings = analyzeModel(model, { now: options.now, rules: file.config.rules, facts: file.facts, allowedRegistries: file.config.allowedRegistries, eolSoonDays: file.config.eolSoonDays, minimalTargets: file.config.minimalTargets });
  };
  const context = { display: file.file.display, registries: file.config.registries, session };
  if (options.update) step(await updateEdits(model, findings, context, options.updateLevel));
  if (options.pin || options.refresh) step(await pinAndRefreshEdits(model, findings, { pin: options.pin, refresh: options.refresh }, context));
  return { text, model, failures };
}

/** `path:line:col: pinned node:20 -> node:20@sha256:…`, one line per image reference that changed (FROM, COPY --from, mount, syntax). */
function describeMoves(file: AnalyzedFile, after: DockerfileModel, dryRun: boolean): string[] {
  const lines: string[] = [];
  const pairs = [
    ...file.model.stages.map((stage, i) => [stage.from, after.stages[i]?.from] as const),
    ...file.model.references.map((r, i) => [r.from, after.references[i]?.from] as const),
  ].sort(([a], [b]) => a.writtenRange.start.line - b.writtenRange.start.line || a.writtenRange.start.character - b.writtenRange.start.character);
  for (const [before, now] of pairs) {
    const old = before.ref;
    const changed = now?.ref;
    if (!old || !changed || old.raw === changed.raw) continue;
    const [verb, done] = old.tag !== changed.tag ? ['update', 'updated'] : old.digest ? ['refresh', 'refreshed'] : ['pin', 'pinned'];
    const said = dryRun ? `would ${verb}` : done;
    const at = before.writtenRange.start;
    lines.push(`${file.file.display}:${at.line + 1}:${at.character + 1}: ${said} ${old.raw} -> ${changed.raw}`);
  }
  return lines;
}

function summary(changed: number, files: number, checked: number, failed: number, dryRun: boolean): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const failures = failed > 0 ? `; ${count(failed, 'reference')} could not be fixed` : '';
  if (changed === 0) return failed > 0 ? `nothing fixed${failures}` : `nothing to fix in ${count(checked, 'file')}`;
  const refs = `${count(changed, 'reference')} in ${count(files, 'file')}`;
  return dryRun ? `would fix ${refs} (dry run: nothing written)${failures}` : `fixed ${refs}${failures}`;
}
