#!/usr/bin/env node
// Builds the development corpus (test/corpus/) from bare snapshots of the repositories listed in
// ../shared/dev-corpus.md: every Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile and
// Containerfile at HEAD, with repository, commit, path and licence.
//
//   node scripts/build-corpus.mjs <mirror-dir> [<extra-dir>]
//
// <mirror-dir> holds one `<owner>+<name>/repo` bare git directory per repository (what the
// workplace's fetch tool writes). <extra-dir> holds files recovered one by one for repositories
// too big to fetch, as `<owner>+<name>/<path>` with a manifest.tsv (repo, commit, path) and
// licenses.tsv (repo, spdx).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

export const REPOSITORIES = [
  'bitnami/containers', 'linuxserver/docker-baseimage-alpine', 'linuxserver/docker-webtop', 'linuxserver/docker-plex',
  'linuxserver/docker-swag', 'linuxserver/docker-nextcloud', 'linuxserver/docker-code-server', 'linuxserver/docker-jellyfin',
  'linuxserver/docker-mariadb', 'linuxserver/docker-wireguard', 'linuxserver/docker-ffmpeg',
  'docker-library/ghost', 'docker-library/rabbitmq', 'docker-library/julia', 'docker-library/drupal', 'docker-library/redmine',
  'docker-library/elasticsearch', 'docker-library/cassandra', 'docker-library/haproxy', 'docker-library/pypy',
  'docker-library/memcached', 'docker-library/gcc', 'docker-library/busybox', 'docker-library/rails', 'docker-library/django',
  'docker-library/kibana', 'docker-library/logstash',
  'GoogleCloudPlatform/python-docs-samples', 'GoogleCloudPlatform/golang-samples', 'GoogleCloudPlatform/nodejs-docs-samples',
  'getsentry/self-hosted', 'dockersamples/example-voting-app', 'dockersamples/atsea-sample-shop-app',
  'dockersamples/labspace-dhi-node', 'dockersamples/build-cloud-cookbook', 'dockersamples/docker-init-demos', 'dockersamples/simspace',
];

const DOCKERFILE = /(^|\/)(Dockerfile(\.[^/]+)?|[^/]+\.[Dd]ockerfile|Containerfile(\.[^/]+)?)$/;
const TEMPLATE = /\.(template|tmpl|tpl|j2|jinja2?|erb|mustache|in|hbs)$/i;
const MAX_BYTES = 512 * 1024;

export function isCorpusPath(p) {
  return DOCKERFILE.test(p) && !TEMPLATE.test(p);
}

function git(gitDir, ...args) {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 256 * 1024 * 1024 });
}

/** The SPDX id of a licence text, from the phrases each licence is known by. */
function spdxOf(text) {
  if (!text) return 'NOASSERTION';
  if (/Apache License[\s,]+Version 2\.0/i.test(text)) return 'Apache-2.0';
  if (/Permission is hereby granted, free of charge/i.test(text)) return 'MIT';
  if (/GNU GENERAL PUBLIC LICENSE\s+Version 3/i.test(text)) return 'GPL-3.0';
  if (/GNU GENERAL PUBLIC LICENSE\s+Version 2/i.test(text)) return 'GPL-2.0';
  if (/Functional Source License/i.test(text)) return 'FSL-1.1';
  if (/BUSL|Business Source License/i.test(text)) return 'BUSL-1.1';
  if (/Redistribution and use in source and binary forms/i.test(text)) return 'BSD-3-Clause';
  return 'NOASSERTION';
}

function fromMirror(gitDir, repo) {
  const commit = git(gitDir, 'rev-parse', 'HEAD').toString().trim();
  const date = git(gitDir, 'log', '-1', '--format=%cI', 'HEAD').toString().trim();
  const tree = git(gitDir, 'ls-tree', '-r', '-l', 'HEAD').toString().split('\n');
  const entries = [];
  let licenseText = '';
  for (const line of tree) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\s+(\S+)\t(.*)$/.exec(line);
    if (!m || m[2] !== 'blob') continue;
    const [, mode, , blob, size, file] = m;
    if (!file.includes('/') && /^(LICEN[CS]E|COPYING)(\.md|\.txt)?$/i.test(file)) licenseText = git(gitDir, 'cat-file', 'blob', blob).toString();
    if (mode === '120000' || !isCorpusPath(file) || Number(size) > MAX_BYTES) continue;
    entries.push({ file, blob });
  }
  return {
    license: spdxOf(licenseText),
    commit,
    date,
    files: entries.map(({ file, blob }) => ({ path: file, text: git(gitDir, 'cat-file', 'blob', blob).toString('utf8') })),
  };
}

function fromExtra(extraDir, repo) {
  const manifest = path.join(extraDir, 'manifest.tsv');
  if (!existsSync(manifest)) return undefined;
  const rows = readFileSync(manifest, 'utf8').split('\n').map((l) => l.split('\t')).filter((r) => r[0] === repo);
  if (rows.length === 0) return undefined;
  const licenses = existsSync(path.join(extraDir, 'licenses.tsv')) ? readFileSync(path.join(extraDir, 'licenses.tsv'), 'utf8') : '';
  const license = licenses.split('\n').map((l) => l.split('\t')).find((r) => r[0] === repo)?.[1]?.trim() ?? 'NOASSERTION';
  const files = [];
  for (const [, commit, file] of rows) {
    const local = path.join(extraDir, repo.replace('/', '+'), file);
    if (!existsSync(local) || !isCorpusPath(file)) continue;
    files.push({ path: file, commit, text: readFileSync(local, 'utf8') });
  }
  return { license, commit: undefined, date: undefined, files };
}

function main() {
  const [mirrorDir, extraDir] = process.argv.slice(2);
  if (!mirrorDir) {
    console.error('usage: node scripts/build-corpus.mjs <mirror-dir> [<extra-dir>]');
    process.exit(2);
  }
  const manifest = { source: '../shared/dev-corpus.md', builtAt: new Date().toISOString().slice(0, 10), repositories: [], files: [] };
  const texts = [];
  for (const repo of REPOSITORIES) {
    const gitDir = path.join(mirrorDir, repo.replace('/', '+'), 'repo');
    let got;
    let how;
    if (existsSync(gitDir) && statSync(gitDir).isDirectory()) {
      got = fromMirror(gitDir, repo);
      how = 'snapshot';
    } else if (extraDir && (got = fromExtra(extraDir, repo))) {
      how = 'files recovered one by one (snapshot over the fetch size limit)';
    }
    if (!got) {
      manifest.repositories.push({ repo, status: 'not fetched' });
      console.error(`${repo}: not available, skipped`);
      continue;
    }
    manifest.repositories.push({ repo, commit: got.commit, date: got.date, license: got.license, files: got.files.length, how });
    for (const f of got.files) {
      manifest.files.push({ id: texts.length, repo, commit: f.commit ?? got.commit, path: f.path, license: got.license, bytes: Buffer.byteLength(f.text) });
      texts.push(f.text);
    }
    console.error(`${repo}: ${got.files.length} files (${got.license})`);
  }
  const out = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'test', 'corpus');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  writeFileSync(path.join(out, 'dockerfiles.json.gz'), gzipSync(JSON.stringify(texts), { level: 9 }));
  console.error(`${texts.length} files written to ${out}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) main();
