import { createTwoFilesPatch } from 'diff';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatImageRef } from '../core/imageRef';
import { registryFixEdits, registryFixTarget } from '../core/registryFixes';
import type { RegistryFixRequest, TextEdit } from '../core/types';
import { analyzeFiles, type AnalyzedFile } from './analyzeFiles';
import { writeFileAtomic } from './atomicWrite';
import { describeError } from './inputs';
import type { CliIo } from './io';
import { parseFixOptions, type FixOptions } from './options';
import type { RegistrySession } from './registrySession';
import { FIX_USAGE } from './usage';

type Action = RegistryFixRequest['action'];

/** When two requested fixes edit the same FROM, the bigger move wins; a requested pin is kept on it. */
const PRIORITY: Partial<Record<Action, number>> = { pin: 1, refresh: 2, 'update-tag': 3 };
const DONE: Record<Action, string> = { pin: 'pinned', refresh: 'refreshed', 'update-tag': 'updated', 'switch-tag': 'switched' };

interface Change {
  line: number;
  character: number;
  action: Action;
  from: string;
  to: string;
  edits: TextEdit[];
}

/** `fix`: 0 every requested fix applied, 1 one could not be (registry failure and the like), 2 usage or unreadable file. */
export async function runFix(argv: string[], io: CliIo): Promise<number> {
  const options = parseFixOptions(argv);
  if (!options) {
    io.stdout.write(`${FIX_USAGE}\n`);
    return 0;
  }
  const run = await analyzeFiles(options, io);
  // With --dry-run or stdin, stdout carries the diff or the fixed text; the narrative goes to stderr.
  const say = (line: string, quiet: boolean) => (quiet ? io.stderr : io.stdout).write(`${line}\n`);
  let failed = 0;
  let changed = 0;
  let changedFiles = 0;
  try {
    for (const file of run.files) {
      const quiet = options.dryRun || file.file.stdin;
      const { changes, failures } = await plan(file, options, run.session);
      failed += failures.length;
      for (const failure of failures) io.stderr.write(`${failure}\n`);
      const edits = changes.flatMap((c) => c.edits);
      const before = file.file.text;
      const after = edits.length > 0 ? TextDocument.applyEdits(TextDocument.create('file:///Dockerfile', 'dockerfile', 0, before), edits) : before;
      const bom = file.file.bom ? '\uFEFF' : '';
      if (after !== before) {
        changed += changes.length;
        changedFiles++;
        for (const c of changes) say(`${file.file.display}:${c.line + 1}:${c.character + 1}: ${options.dryRun ? `would be ${DONE[c.action]}` : DONE[c.action]} ${c.from} -> ${c.to}`, quiet);
      }
      if (options.dryRun) {
        if (after !== before) io.stdout.write(createTwoFilesPatch(`a/${file.file.display}`, `b/${file.file.display}`, bom + before, bom + after));
      } else if (file.file.stdin) {
        io.stdout.write(bom + after);
      } else if (after !== before) {
        try {
          await writeFileAtomic(file.file.path!, bom + after);
        } catch (err) {
          io.stderr.write(`${file.file.display}: could not write the fixed file: ${describeError(err)} Nothing was changed.\n`);
          failed++;
        }
      }
    }
    const quietSummary = options.dryRun || run.files.some((f) => f.file.stdin);
    say(summary(changed, changedFiles, run.files.length, failed, options.dryRun), quietSummary);
    for (const line of run.unreadable) io.stderr.write(`error: ${line}\n`);
    if (run.unreadable.length > 0) return 2;
    return failed > 0 ? 1 : 0;
  } finally {
    await run.session.close();
  }
}

/** The edits the requested fixes make in one file, one per FROM, and why any could not be made. */
async function plan(file: AnalyzedFile, options: FixOptions, session: RegistrySession): Promise<{ changes: Change[]; failures: string[] }> {
  const wanted = new Set<Action>([...(options.pin ? ['pin' as const] : []), ...(options.refresh ? ['refresh' as const] : []), ...(options.update ? ['update-tag' as const] : [])]);
  const chosen = new Map<number, RegistryFixRequest>();
  const pinAsked = new Set<number>();
  for (const finding of file.findings) {
    for (const fix of finding.fixes) {
      const request = fix.registry;
      if (!request || !wanted.has(request.action)) continue;
      if (request.action === 'pin') pinAsked.add(request.stage);
      const current = chosen.get(request.stage);
      if (!current || (PRIORITY[request.action] ?? 0) > (PRIORITY[current.action] ?? 0)) chosen.set(request.stage, request);
    }
  }
  const changes: Change[] = [];
  const failures: string[] = [];
  const seenEdits = new Set<string>();
  for (const [stage, picked] of [...chosen].sort((a, b) => a[0] - b[0])) {
    const request = { ...picked, pin: picked.pin || pinAsked.has(stage) };
    const from = file.model.stages[stage].from;
    const at = `${file.file.display}:${from.writtenRange.start.line + 1}:${from.writtenRange.start.character + 1}`;
    const shown = from.ref?.raw ?? from.written;
    const target = registryFixTarget(file.model, request);
    if (!target) continue;
    let digest: string | undefined;
    if (request.pin) {
      try {
        digest = await session.resolveDigest(target, file.config.registries);
      } catch (err) {
        failures.push(`${at}: could not ${request.action === 'pin' ? 'pin' : request.action === 'refresh' ? 'refresh' : 'update'} ${shown}: ${(err as Error).message}`);
        continue;
      }
    }
    const edits = registryFixEdits(file.model, request, digest);
    if (!edits) {
      failures.push(`${at}: cannot rewrite ${shown} in place: the reference is assembled from ARG values written in several places; edit it by hand.`);
      continue;
    }
    // Two FROMs using one ARG default ask for the same edit; make it once.
    const fresh = edits.filter((e) => {
      const key = JSON.stringify(e);
      if (seenEdits.has(key)) return false;
      seenEdits.add(key);
      return true;
    });
    changes.push({
      line: from.writtenRange.start.line,
      character: from.writtenRange.start.character,
      action: request.action,
      from: shown,
      to: from.ref ? formatImageRef(from.ref, { tag: request.tag ?? from.ref.tag ?? null, digest: request.pin ? digest ?? null : null }) : shown,
      edits: fresh,
    });
  }
  return { changes: changes.filter((c) => c.from !== c.to || c.edits.length > 0), failures };
}

function summary(changed: number, files: number, checked: number, failed: number, dryRun: boolean): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const failures = failed > 0 ? `; ${count(failed, 'reference')} could not be fixed` : '';
  if (changed === 0) return failed > 0 ? `nothing fixed${failures}` : `nothing to fix in ${count(checked, 'file')}`;
  const refs = `${count(changed, 'reference')} in ${count(files, 'file')}`;
  return dryRun ? `would fix ${refs} (dry run: nothing written)${failures}` : `fixed ${refs}${failures}`;
}
