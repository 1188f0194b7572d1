import { ANALYSIS_FAILED } from '../core/analysisFailed';
import { startAnalysis } from './analyzeFiles';
import { reachesFailLevel } from './failLevel';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import type { CliIo } from './io';
import { parseCheckOptions } from './options';
import { reportFindings, type ReportedFile } from './reportedFindings';
import { CHECK_USAGE } from './usage';
import { packageVersion } from './version';

/** `check`: 0 nothing at or above the fail level, 1 something is, 2 usage error, unreadable file or a file whose analysis failed. */
export async function runCheck(argv: string[], io: CliIo): Promise<number> {
  const options = parseCheckOptions(argv);
  if (!options) {
    io.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  const run = await startAnalysis(options, io);
  try {
    // Only the findings outlive their batch: a report holds no text and no syntax tree.
    const reported: ReportedFile[] = [];
    const analyzed = await run.forEach(async (file) => void reported.push(await reportFindings(file, run.session)));
    if (options.format === 'json') io.stdout.write(formatJson(reported));
    else if (options.format === 'sarif') io.stdout.write(formatSarif(reported, { cwd: io.cwd, version: packageVersion() }));
    else if (analyzed > 0 || run.unreadable.length === 0) io.stdout.write(formatText(reported));
    // The registry-unavailable rule already says it in the report; stderr is for when it is off.
    const said = new Set(reported.flatMap((f) => f.findings).filter((f) => f.rule === 'registry-unavailable').map((f) => f.message));
    for (const problem of run.session.reportableProblems()) {
      if ([...said].some((m) => m.includes(problem.message))) continue;
      io.stderr.write(`warning: registry checks skipped for ${problem.registry}: ${problem.message}\n`);
    }
    for (const line of run.unreadable) io.stderr.write(`error: ${line}\n`);
    // A file the analysis could not finish is reported with the rest, then fails the run as an unreadable one does.
    const failed = reported.flatMap((file) => file.findings.filter((f) => f.rule === ANALYSIS_FAILED.name).map(() => file.display));
    for (const file of failed) io.stderr.write(`error: ${file}: analysis did not finish (see its ${ANALYSIS_FAILED.name} finding)\n`);
    if (run.unreadable.length > 0 || failed.length > 0) return 2;
    const failing = reported.some((file) => file.findings.some((f) => reachesFailLevel(f.severity, options.failLevel)));
    return failing ? 1 : 0;
  } finally {
    await run.session.close();
  }
}
