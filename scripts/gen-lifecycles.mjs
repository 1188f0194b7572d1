#!/usr/bin/env node
// Generates server/src/data/lifecycles.json, the release cycles behind eol-base, from endoflife.date
// (products/<slug>.md front matter). Nothing about dates is typed by hand.
//
//   node scripts/gen-lifecycles.mjs --from-git /work/.mirror/endoflife-date+endoflife.date/repo
//       reads a bare snapshot, copies the products used to scripts/data-sources/endoflife/ (with the
//       commit and date) and writes the table;
//   node scripts/gen-lifecycles.mjs --nodejs-release <bare snapshot of nodejs/Release>
//       copies its schedule.json to scripts/data-sources/nodejs-release/ (with the commit and date):
//       Node's 0.x lines, which endoflife.date does not list, come from there;
//   node scripts/gen-lifecycles.mjs --from-copies
//       regenerates the table from the copies alone;
//   node scripts/gen-lifecycles.mjs --check
//       regenerates from the copies in scripts/data-sources/endoflife/ and exits 1 if the committed
//       table differs (the unit tests run this).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { gitIn, headOf, writeJson } from './snapshot.mjs';

/**
 * The products read, and how each writes what a free container image gets: `eolField` names the
 * date when it is not `eol` (Debian: the LTS end, `eoes`, which the official images keep getting).
 */
const PRODUCTS = {
  nodejs: {}, python: {}, go: {}, ruby: {}, php: {}, 'eclipse-temurin': {}, 'amazon-corretto': {}, dotnet: {},
  postgresql: {}, mysql: {}, mariadb: {}, debian: { eolField: 'eoes' }, ubuntu: {}, 'alpine-linux': {}, centos: {},
  almalinux: {}, 'rocky-linux': {}, fedora: {}, 'amazon-linux': {}, nginx: {}, tomcat: {}, elasticsearch: {},
  'apache-http-server': {}, mongodb: {}, redis: {}, rabbitmq: {}, haproxy: {}, traefik: {}, rust: {}, perl: {},
  erlang: {}, elixir: {}, 'docker-engine': {}, memcached: {}, composer: {}, wordpress: {}, django: {}, jenkins: {},
};

const root = fileURLToPath(new URL('..', import.meta.url));
const copies = `${root}scripts/data-sources/endoflife`;
const out = `${root}server/src/data/lifecycles.json`;

function day(value) {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return undefined;
}

/** One product's cycles, newest first as endoflife.date lists them. */
function cyclesOf(slug, text) {
  const front = /^---\n([\s\S]*?)\n---/.exec(text);
  if (!front) throw new Error(`${slug}: no front matter`);
  const doc = yaml.load(front[1]);
  const field = PRODUCTS[slug].eolField ?? 'eol';
  return (doc.releases ?? []).map((r) => {
    const eolValue = r[field] ?? r.eol;
    const cycle = { cycle: String(r.releaseCycle) };
    if (r.codename) cycle.codename = String(r.codename).split(/\s+/)[0].toLowerCase();
    if (day(r.releaseDate)) cycle.released = day(r.releaseDate);
    // `eol: false` is a line still supported with no end announced; `true` an ended one without a date.
    cycle.eol = eolValue === false ? null : (day(eolValue) ?? (eolValue === true ? '1970-01-01' : null));
    // An LTS date is when the line becomes LTS (Node's odd-even schedule): kept, so a future one is not LTS yet.
    if (r.lts === true || day(r.lts)) cycle.lts = day(r.lts) ?? true;
    return cycle;
  });
}

const nodeCopies = `${root}scripts/data-sources/nodejs-release`;

/**
 * Node's lines that endoflife.date leaves out (0.8, 0.10, 0.12: images people still find in old
 * Dockerfiles), from the Node.js Release working group's schedule, appended after the oldest.
 */
function olderNodeCycles(listed) {
  const schedule = JSON.parse(readFileSync(`${nodeCopies}/schedule.json`, 'utf8'));
  return Object.entries(schedule)
    .map(([version, r]) => ({ cycle: version.replace(/^v/, ''), r }))
    .filter(({ cycle }) => cycle.startsWith('0.') && !listed.has(cycle))
    .sort((a, b) => b.cycle.localeCompare(a.cycle, 'en', { numeric: true }))
    .map(({ cycle, r }) => ({ cycle, ...(day(r.start) ? { released: day(r.start) } : {}), eol: day(r.end) ?? null }));
}

function table(texts, commit, date) {
  const products = {};
  for (const slug of Object.keys(PRODUCTS)) products[slug] = cyclesOf(slug, texts[slug]);
  products.nodejs.push(...olderNodeCycles(new Set(products.nodejs.map((c) => c.cycle))));
  const node = JSON.parse(readFileSync(`${nodeCopies}/SOURCE.json`, 'utf8'));
  return {
    source: 'https://github.com/endoflife-date/endoflife.date (products/*.md)',
    commit,
    date,
    supplements: { nodejs: { source: 'https://github.com/nodejs/Release (schedule.json), 0.x lines', commit: node.commit, date: node.date } },
    products,
  };
}

function fromCopies() {
  const source = JSON.parse(readFileSync(`${copies}/SOURCE.json`, 'utf8'));
  const texts = Object.fromEntries(Object.keys(PRODUCTS).map((slug) => [slug, readFileSync(`${copies}/${slug}.md`, 'utf8')]));
  return table(texts, source.commit, source.date);
}

const [mode, gitDir] = process.argv.slice(2);
if (mode === '--nodejs-release' && gitDir) {
  const git = gitIn(gitDir);
  const { commit, date } = headOf(git);
  mkdirSync(nodeCopies, { recursive: true });
  writeFileSync(`${nodeCopies}/schedule.json`, git('show', 'HEAD:schedule.json'));
  writeJson(`${nodeCopies}/SOURCE.json`, { repository: 'https://github.com/nodejs/Release', commit, date }, 1);
  console.log(`nodejs/Release schedule from ${commit.slice(0, 12)} (${date}) -> ${nodeCopies}; now run --from-copies`);
} else if (mode === '--from-git' && gitDir) {
  const git = gitIn(gitDir);
  const { commit, date } = headOf(git);
  mkdirSync(copies, { recursive: true });
  const texts = {};
  for (const slug of Object.keys(PRODUCTS)) {
    texts[slug] = git('show', `HEAD:products/${slug}.md`);
    writeFileSync(`${copies}/${slug}.md`, texts[slug]);
  }
  writeFileSync(`${copies}/LICENSE`, git('show', 'HEAD:LICENSE'));
  writeJson(`${copies}/SOURCE.json`, { repository: 'https://github.com/endoflife-date/endoflife.date', commit, date }, 1);
  const data = table(texts, commit, date);
  writeJson(out, data, 1);
  console.log(`${Object.keys(PRODUCTS).length} products from ${commit.slice(0, 12)} (${data.date}) -> ${out}`);
} else if (mode === '--from-copies') {
  writeJson(out, fromCopies(), 1);
  console.log(`regenerated ${out} from scripts/data-sources`);
} else if (mode === '--check') {
  const expected = JSON.stringify(fromCopies(), null, 1) + '\n';
  if (readFileSync(out, 'utf8') !== expected) {
    console.error(`${out} differs from what scripts/data-sources/endoflife generates: run node scripts/gen-lifecycles.mjs --from-git <endoflife.date.git>`);
    process.exit(1);
  }
  console.log('lifecycles.json agrees with its sources');
} else {
  console.error('usage: gen-lifecycles.mjs --from-git <bare endoflife.date repository> | --nodejs-release <bare nodejs/Release repository> | --from-copies | --check');
  process.exit(64);
}
