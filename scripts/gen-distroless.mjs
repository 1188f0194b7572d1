#!/usr/bin/env node
// Generates server/src/data/distroless.json from a snapshot of GoogleContainerTools/distroless: the
// images of its README table with their tags, and the Python minor version of the newest Debian's
// python3 image (from its package lock), so nothing about distroless is typed by hand.
//
//   node scripts/gen-distroless.mjs /work/.mirror/GoogleContainerTools+distroless/repo
import { fileURLToPath } from 'node:url';
import { gitIn, headOf, writeJson } from './snapshot.mjs';

const repo = process.argv[2];
if (!repo) {
  console.error('usage: gen-distroless.mjs <bare distroless repository>');
  process.exit(64);
}
const git = gitIn(repo);
const { commit, date } = headOf(git);
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
const data = { source: 'https://github.com/GoogleContainerTools/distroless (README image table; private/repos/deb python lock)', commit, date, newestDebian: newest, python3Minor, images };
writeJson(out, data, 1);
console.log(`${Object.keys(images).length} distroless images, newest debian${newest}, python3 ${python3Minor}, from ${commit.slice(0, 12)} -> ${out}`);
