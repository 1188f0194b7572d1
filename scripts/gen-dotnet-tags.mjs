#!/usr/bin/env node
// Generates server/src/data/dotnetTags.json from a snapshot of dotnet/dotnet-docker: the tags of
// each mcr.microsoft.com/dotnet/<repo> image today, from manifest.json with the variables of
// manifest.versions.json resolved (architecture-specific tags left out), so a .NET move is
// checked against what Microsoft publishes instead of being built from parts.
//
//   node scripts/gen-dotnet-tags.mjs /work/.mirror/dotnet+dotnet-docker/repo
import { fileURLToPath } from 'node:url';
import { gitIn, headOf, writeJson } from './snapshot.mjs';

const repo = process.argv[2];
if (!repo) {
  console.error('usage: gen-dotnet-tags.mjs <bare dotnet-docker repository>');
  process.exit(64);
}
const git = gitIn(repo);
const { commit, date } = headOf(git);
// The files carry comments and blank lines between entries: JSON with `//` comments removed.
const json = (path) => JSON.parse(git('show', `HEAD:${path}`).replace(/^\s*\/\/.*$/gm, ''));
const manifest = json('manifest.json');
const variables = { ...json('manifest.versions.json').variables, ...(manifest.variables ?? {}) };
const resolve = (text, depth = 0) =>
  depth > 10 ? text : text.replace(/\$\(([^)]+)\)/g, (whole, name) => (name in variables ? resolve(String(variables[name]), depth + 1) : whole));

const ARCH = /-(amd64|arm64v8|arm32v7|arm64|arm32|x64)$/;
const images = {};
for (const r of manifest.repos ?? []) {
  const name = resolve(r.name);
  const tags = new Set();
  for (const image of r.images ?? []) {
    for (const tag of Object.keys(image.sharedTags ?? {})) tags.add(resolve(tag));
    for (const platform of image.platforms ?? []) for (const tag of Object.keys(platform.tags ?? {})) tags.add(resolve(tag));
  }
  images[`mcr.microsoft.com/${name}`] = [...tags].filter((t) => !t.includes('$(') && !ARCH.test(t)).sort().join(' ');
}
const out = fileURLToPath(new URL('../server/src/data/dotnetTags.json', import.meta.url));
const data = { source: 'https://github.com/dotnet/dotnet-docker (manifest.json, manifest.versions.json)', commit, date, images };
writeJson(out, data, 1);
console.log(`${Object.keys(images).length} repositories from ${commit.slice(0, 12)} (${data.date}) -> ${out}`);
