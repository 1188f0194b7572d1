// What the data generators share: reading a bare snapshot with git plumbing, and writing a table
// so that a reader never sees it half-written.
import { execFileSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';

/** `git -C repo …` as a function of its arguments, output as text. */
export function gitIn(repo) {
  return (...args) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
}

/** The HEAD commit of a snapshot and its day. */
export function headOf(git) {
  const [commit, when] = git('log', '-1', '--format=%H %cI').trim().split(' ');
  return { commit, date: when.slice(0, 10) };
}

/** JSON to `file` through a temporary file and a rename. */
export function writeJson(file, data, indent) {
  writeFileSync(`${file}.tmp`, JSON.stringify(data, null, indent) + '\n');
  renameSync(`${file}.tmp`, file);
}
