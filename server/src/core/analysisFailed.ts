import { parseDockerfile, type DockerfileModel } from './dockerfile';
import type { Finding, RuleMeta } from './types';

/**
 * Not a rule: what a file gets when a rule (or the parser) throws on it. The other rules' findings
 * still stand, the CLI prints it with them and exits 2 once every file is out, the editor shows it
 * as a diagnostic, so one pathological file never costs the results of the rest.
 */
export const ANALYSIS_FAILED: RuleMeta = {
  code: 'DPH000',
  name: 'analysis-failed',
  defaultSeverity: 'error',
  description: 'The analysis of this file did not finish: a bug in dockerfile-patch-hygiene, not in the Dockerfile. The findings shown are those of the rules that did finish.',
};

export function analysisFailed(what: string, err: unknown): Finding {
  const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return {
    rule: ANALYSIS_FAILED.name,
    code: ANALYSIS_FAILED.code,
    severity: 'error',
    message: `${what} failed on this file (${reason.slice(0, 300)}); its findings are missing, the other rules' are shown. Please report this file.`,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    fixes: [],
  };
}

/** Parses, or on a parser failure returns the model of an empty file with the failure to report. */
export function parseOrFail(text: string): { model: DockerfileModel; failure?: Finding } {
  try {
    return { model: parseDockerfile(text) };
  } catch (err) {
    return { model: parseDockerfile(''), failure: analysisFailed('Parsing', err) };
  }
}
