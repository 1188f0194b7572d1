import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { analyze } from '../../server/src/core/analyze';
import { isDockerfileName } from '../../server/src/cli/discover';

/**
 * The peers as processes, run by the benchmark exactly as the CLI is: `node peerProcess.js
 * parse|validate|analyze <dir> <YYYY-MM-DD>` finds the Dockerfiles under <dir>, reads each and
 * parses it (dockerfile-ast), validates it (dockerfile-utils) or analyzes it (our core, one thread,
 * no CLI around it), and prints how many files and results. Process start and reading the files
 * are in its time, as they are in the CLI's.
 */
const [method, dir, day] = process.argv.slice(2);
const now = new Date(`${day}T00:00:00Z`);
const run: Record<string, (text: string) => number> = {
  parse: (text) => DockerfileParser.parse(text).getInstructions().length,
  validate: (text) => validate(text).length,
  analyze: (text) => analyze(text, { now }).findings.length,
};
if (!run[method] || !dir || Number.isNaN(now.getTime())) {
  process.stderr.write('usage: node peerProcess.js parse|validate|analyze <dir> <YYYY-MM-DD>\n');
  process.exit(2);
}
const files: string[] = [];
const walk = (current: string): void => {
  for (const entry of readdirSync(current, { withFileTypes: true })) {
    const full = path.join(current, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (isDockerfileName(entry.name)) files.push(full);
  }
};
walk(dir);
let results = 0;
for (const file of files.sort()) results += run[method](readFileSync(file, 'utf8'));
process.stdout.write(`${JSON.stringify({ files: files.length, results })}\n`);
