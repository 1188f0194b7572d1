#!/usr/bin/env node
// Generates server/src/data/hardened.json: the hardened bases the `dhi` and `chainguard` minimal
// targets switch to, read from the publishers' own sources, never typed by hand.
//
//   node scripts/gen-hardened.mjs --dhi <bare snapshot of docker-hardened-images/catalog> \
//                                 --dfc <bare snapshot of chainguard-dev/dfc>
//
// Docker Hardened Images: every image/<name>/<os>/<line>[-dev].yaml of the catalog names the
// image, its variant (runtime, dev) and every tag it is pushed under. We keep, for each Docker Hub
// official image the catalog mirrors under the same name (and .NET's ASP.NET Core), one tag per
// version line, distribution and variant: `<line>-<os>` and `<line>-<os>-dev`, as the catalog writes
// them. The Socket-firewall and enterprise variants (`-sfw`, `-ent`) need a paid subscription.
//
// Chainguard: dfc's builtin-mappings.yaml maps Docker Hub names to Chainguard image names; an
// image it does not list keeps its name, as dfc does (so the fix pins through the registry, which
// says whether the image exists). The free tier publishes `latest` and
// `latest-dev` only, so no tag is stored: the fix pins the digest from the registry.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { gitIn, headOf, writeJson } from './snapshot.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}server/src/data/hardened.json`;
const published = JSON.parse(readFileSync(`${root}server/src/data/publishedTags.json`, 'utf8'));

/** Repositories outside Docker Hub's official images whose hardened counterpart has another name. */
const OTHER_NAMES = { 'mcr.microsoft.com/dotnet/aspnet': 'aspnetcore' };
/** Variants a free account cannot pull. */
const PAID = /-(sfw|swf|ent|fips)(-|$)|(^|-)fips-/;

function argument(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || !process.argv[i + 1]) {
    console.error(`usage: node scripts/gen-hardened.mjs --dhi <catalog snapshot> --dfc <dfc snapshot> (missing ${name})`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

/** `debian-13` → `debian13`, `alpine-3.23` → `alpine3.23`: how the tags write the distribution. */
const osWord = (dir) => dir.replace('-', '');

function dhiImages(repo) {
  const git = gitIn(repo);
  const files = git('ls-tree', '-r', '--name-only', 'HEAD', 'image/').split('\n');
  const wanted = new Map([...Object.keys(published.images).map((n) => [n, n]), ...Object.entries(OTHER_NAMES).map(([k, v]) => [v, k])]);
  const images = {};
  for (const file of files) {
    const m = /^image\/([^/]+)\/((?:debian|alpine)-[\d.]+)\/([^/]+)\.yaml$/.exec(file);
    if (!m || !wanted.has(m[1]) || PAID.test(m[3])) continue;
    const doc = yaml.load(git('show', `HEAD:${file}`));
    const variant = doc?.variant;
    if (variant !== 'runtime' && variant !== 'dev') continue;
    const os = osWord(m[2]);
    const tags = (doc.tags ?? []).map(String);
    const suffix = variant === 'dev' ? `-${os}-dev` : `-${os}`;
    // The version line is what the tag carrying the distribution starts with: `22-debian13` → 22.
    const lineTags = tags.filter((t) => t.endsWith(suffix) && /^\d+(\.\d+)?$/.test(t.slice(0, -suffix.length)));
    lineTags.sort((a, b) => a.length - b.length);
    const tag = lineTags[0];
    if (!tag) continue;
    const line = tag.slice(0, -suffix.length);
    const key = wanted.get(m[1]);
    const entry = (images[key] ??= { name: m[1], lines: [] });
    let row = entry.lines.find((l) => l.line === line && l.os === os);
    if (!row) entry.lines.push((row = { line, os }));
    row[variant] = tag;
    const eol = doc.dates?.['end-of-life'];
    if (eol) row.eol = String(eol);
  }
  for (const entry of Object.values(images)) {
    entry.lines = entry.lines.filter((l) => l.runtime || l.dev);
    entry.lines.sort((a, b) => a.line.localeCompare(b.line, 'en', { numeric: true }) || a.os.localeCompare(b.os, 'en', { numeric: true }));
  }
  return { source: 'github.com/docker-hardened-images/catalog image/*/*/*.yaml', registry: 'dhi.io', ...headOf(git), images: sorted(images) };
}

function chainguardImages(repo) {
  const git = gitIn(repo);
  const mappings = yaml.load(git('show', 'HEAD:pkg/dfc/builtin-mappings.yaml')).images ?? {};
  const names = [...Object.keys(published.images), ...Object.keys(OTHER_NAMES)];
  const globs = Object.entries(mappings).filter(([k]) => k.endsWith('*'));
  const images = {};
  for (const name of names) {
    const base = name.slice(name.lastIndexOf('/') + 1);
    // dfc's order: the whole name, the last component, then `prefix*` globs; otherwise the name stays.
    const mapped = String(mappings[name] ?? mappings[base] ?? globs.find(([k]) => base.startsWith(k.slice(0, -1)))?.[1] ?? base);
    // A mapping to a tagged image (`debian: chainguard-base:latest`) is a distribution's stand-in, not a runtime.
    if (mapped.includes(':')) continue;
    images[name] = mapped;
  }
  return { source: 'github.com/chainguard-dev/dfc pkg/dfc/builtin-mappings.yaml', registry: 'cgr.dev/chainguard', ...headOf(git), images: sorted(images) };
}

function sorted(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}

writeJson(out, { dhi: dhiImages(argument('--dhi')), chainguard: chainguardImages(argument('--dfc')) }, 1);
console.log(`wrote ${out}`);
