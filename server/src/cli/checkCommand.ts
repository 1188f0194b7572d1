import { ANALYSIS_FAILED } from '../core/analysisFailed';
import { startAnalysis } from './analyzeFiles';
import { reachesFailLevel } from './failLevel';
import { jsonReport } from './format/json';
import type { ReportWriter } from './format/reportWriter';
import { sarifReport } from './format/sarif';
import { textReport } from './format/text';
import type { CliIo } from './io';
import { parseCheckOptions } from './options';
import { reportFindings } from './reportedFindings';
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
    const write = (text: string) => void io.stdout.write(text);
    const report: ReportWriter =
      options.format === 'json' ? jsonReport(write)
      : options.format === 'sarif' ? sarifReport(write, { cwd: io.cwd, version: packageVersion() })
      : textReport(write, { quietWhenEmpty: () => run.unreadable.length > 0 });
    // Each file's findings are written as its batch ends; what decides the exit status is counted on the way.
    const said = new Set<string>();
    const failed: string[] = [];
    let failing = false;
    await run.forEach(async (file) => {
      const reported = await reportFindings(file, run.session);
      report.file(reported);
      for (const f of reported.findings) {
        if (f.rule === 'registry-unavailable') said.add(f.message);
        if (f.rule === ANALYSIS_FAILED.name) failed.push(reported.display);
        failing ||= reachesFailLevel(f.severity, options.failLevel);
      }
    });
    report.end();
    // The registry-unavailable rule already says it in the report; stderr is for when it is off.
    for (const problem of run.session.reportableProblems()) {
      if ([...said].some((m) => m.includes(problem.message))) continue;
      io.stderr.write(`warning: registry checks skipped for ${problem.registry}: ${problem.message}\n`);
    }
    for (const line of run.unreadable) io.stderr.write(`error: ${line}\n`);
    // A file the analysis could not finish is reported with the rest, then fails the run as an unreadable one does.
    for (const file of failed) io.stderr.write(`error: ${file}: analysis did not finish (see its ${ANALYSIS_FAILED.name} finding)\n`);
    if (run.unreadable.length > 0 || failed.length > 0) return 2;
    return failing ? 1 : 0;
  } finally {
    await run.session.close();
  }
}
