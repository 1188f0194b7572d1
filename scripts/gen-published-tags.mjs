#!/usr/bin/env node
// Generates server/src/data/publishedTags.json from a snapshot of docker-library/official-images:
// for every official image, the tags its library file lists today (published and maintained, one
// space-separated string) and the floating tags it listed in the past, grouped by the day they were
// last listed (published once, no longer rebuilt). Reads the git history with plumbing commands only; nothing is typed by hand.
//
//   node scripts/gen-published-tags.mjs /work/.mirror/docker-library+official-images/repo
//
// Both library formats are read: `Tags: a, b` / `SharedTags:` (2016 on) and `tag: git://…` (before).
import { fileURLToPath } from 'node:url';
import { gitIn, headOf, writeJson } from './snapshot.mjs';

const repo = process.argv[2];
if (!repo) {
  console.error('usage: gen-published-tags.mjs <bare official-images repository>');
  process.exit(64);
}
const git = gitIn(repo);

const head = headOf(git);
const tagsOf = (text) => {
  const tags = [];
  for (const line of text.split('\n')) {
    const modern = /^(?:Tags|SharedTags):\s*(.*)$/.exec(line);
    if (modern) tags.push(...modern[1].split(',').map((t) => t.trim()).filter(Boolean));
    const legacy = /^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}):\s+(?:git|https?):\/\//.exec(line);
    if (legacy) tags.push(legacy[1]);
  }
  return tags;
};

// Kept out to hold the table near 1 MB: Windows tags (never a Linux FROM), and retired tags that pin
// one build (a full patch version, a JDK update, a date, a pre-release), which nothing suggests and a
// user's own tag of that kind was published when it was written.
const WINDOWS = /windows|nanoserver|ltsc/;
const PINNED_BUILD = /^\d+\.\d+\.\d+|^\d+u\d+|\d{8}|^\d+\.\d+-\d|rc\d|beta|alpha|preview/;
const images = {};
// Every library file there ever was: a removed one (centos, java, django) is an image whose tags
// are all retired, which is what a FROM naming it most needs to hear.
const atHead = new Set(git('ls-tree', '--name-only', 'HEAD', 'library/').trim().split('\n'));
const ever = git('log', '--format=', '--name-only', '--no-renames', '--', 'library/').split('\n').filter((p) => /^library\/[a-z0-9][a-z0-9._-]*$/.test(p));
const names = [...new Set([...atHead, ...ever])].sort();
for (const path of names) {
  const name = path.slice('library/'.length);
  const current = new Set(atHead.has(path) ? tagsOf(git('show', `HEAD:${path}`)) : []);
  // Newest commit first: the first time a tag is seen in a version of the file is its last listing.
  const lastListed = new Map();
  // For an image whose `latest` is no longer listed: the tags listed with it the last time it was,
  // so `FROM centos` can be read as the CentOS 8 it last pulled.
  let latestWas;
  const log = git('log', '--format=C %cI', '-p', '--no-renames', '--unified=0', '--', path);
  let day = '';
  for (const line of log.split('\n')) {
    if (line.startsWith('C ')) {
      day = line.slice(2, 12);
      continue;
    }
    if (!line.startsWith('-') || line.startsWith('---')) continue;
    // A removed line lists tags as they were before this commit, i.e. on the commit's parent; its
    // date is the last day they were listed, give or take the gap to the next change.
    const removed = tagsOf(line.slice(1));
    if (!current.has('latest') && latestWas === undefined && removed.includes('latest')) latestWas = removed.filter((t) => t !== 'latest');
    for (const tag of removed) if (!current.has(tag) && !lastListed.has(tag)) lastListed.set(tag, day);
  }
  const retired = {};
  for (const [tag, when] of [...lastListed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!PINNED_BUILD.test(tag) && !WINDOWS.test(tag)) retired[when] = retired[when] ? `${retired[when]} ${tag}` : tag;
  }
  images[name] = { current: [...current].filter((t) => !WINDOWS.test(t)).sort().join(' '), retired };
  if (latestWas) images[name].latestWas = latestWas.join(' ');
}

const out = fileURLToPath(new URL('../server/src/data/publishedTags.json', import.meta.url));
const data = {
  source: 'https://github.com/docker-library/official-images (library/<image>: Tags, SharedTags; git history for retired tags)',
  commit: head.commit,
  date: head.date,
  images,
};
writeJson(out, data);
const total = Object.values(images).reduce((n, i) => n + i.current.split(' ').length + Object.values(i.retired).join(' ').split(' ').length, 0);
console.log(`${names.length} images (${atHead.size} published today), ${total} tags, from ${head.commit.slice(0, 12)} (${data.date}) -> ${out}`);
