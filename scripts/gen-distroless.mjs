#!/usr/bin/env node
// Generates server/src/data/distroless.json from a snapshot of GoogleContainerTools/distroless: the
// images of its README table with their tags, and the Python minor version of the newest Debian's
// python3 image (from its package lock), so nothing about distroless is typed by hand.
//
//   node scripts/gen-distroless.mjs /work/.mirror/GoogleContainerTools+distroless/repo
import { execFileSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = process.argv[2];
if (!repo) {
  console.error('usage: gen-distroless.mjs <bare distroless repository>');
  process.exit(64);
}
const git = (...args) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
const [commit, date] = git('log', '-1', '--format=%H %cI').trim().split(' ');
const images = {};
for (const line of git('show', 'HEAD:README.md').split('\n')) {
  const row = /^\|\s*(gcr\.io\/distroless\/[a-z0-9.-]+)\s*\|\s*([^|]+)\|/.exec(line);
  if (row) images[row[1]] = row[2].split(',').map((t) => t.trim()).filter(Boolean);
}
const debians = Object.keys(images).map((i) => Number(/-debian(\d+)$/.exec(i)?.[1])).filter(Number.isFinite);
const newest = Math.max(...debians);
const codename = { 11: 'bullseye', 12: 'bookworm', 13: 'trixie', 14: 'forky' }[newest];
let python3Minor;
try {
  const lock = git('show', `HEAD:private/repos/deb/${codename}_python.lock.json`);
  python3Minor = /"name":\s*"python(3\.\d+)-minimal"/.exec(lock)?.[1];
} catch {
  python3Minor = undefined;
}
const out = fileURLToPath(new URL('../server/src/data/distroless.json', import.meta.url));
const data = { source: 'https://github.com/GoogleContainerTools/distroless (README image table; private/repos/deb python lock)', commit, date: date.slice(0, 10), newestDebian: newest, python3Minor, images };
writeFileSync(`${out}.tmp`, JSON.stringify(data, null, 1) + '\n');
renameSync(`${out}.tmp`, out);
console.log(`${Object.keys(images).length} distroless images, newest debian${newest}, python3 ${python3Minor}, from ${commit.slice(0, 12)} -> ${out}`);
