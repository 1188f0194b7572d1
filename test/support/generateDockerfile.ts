/**
 * A deterministic generator of realistic Dockerfiles (multi-stage, ARGs, long RUN chains,
 * heredocs), shared by the fuzz test and the benchmark so both see the same shapes.
 */

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32: fast, deterministic, good enough to pick shapes.
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const BASES = [
  'node:20.10.0-alpine', 'node:22', 'node:16-bullseye', 'python:3.12-slim', 'python:3.8', 'golang:1.23',
  'maven:3.9-eclipse-temurin-21', 'eclipse-temurin:21-jre', 'ubuntu:22.04', 'debian:bookworm-slim', 'alpine:3.20',
  'nginx:1.27-alpine', 'ruby:3.3', 'rust:1.82', 'gcr.io/distroless/static-debian12', 'ubuntu:latest', 'busybox',
  `node:20-alpine@sha256:${'a'.repeat(64)}`, '127.0.0.1:5000/team/app:1.2.3', '${BASE_IMAGE}', 'scratch',
];
const PACKAGES = ['curl', 'ca-certificates', 'build-essential', 'gcc', 'git', 'libpq-dev', 'make', 'tzdata', 'openssl', 'python3-dev'];
const STEPS = [
  'npm ci', 'npm run build', 'go build -o /out/app ./cmd/app', 'mvn -B package -DskipTests', 'pip install -r requirements.txt',
  'cargo build --release', 'make -j4', 'echo done', 'chmod +x /entrypoint.sh', 'useradd -r app',
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

/** One Dockerfile of about `lines` lines. */
export function generateDockerfile(seed: number, lines = 60): string {
  const r = rng(seed);
  const out: string[] = [];
  if (r() < 0.3) out.push('# syntax=docker/dockerfile:1.7');
  out.push(`ARG BASE_IMAGE=${pick(r, BASES.filter((b) => !b.includes('$') && b !== 'scratch'))}`);
  if (r() < 0.5) out.push('ARG VERSION=1.0.0');
  let stage = 0;
  while (out.length < lines) {
    const alias = `stage${stage}`;
    const base = stage > 0 && r() < 0.2 ? `stage${stage - 1}` : pick(r, BASES);
    const platform = r() < 0.15 ? '--platform=$BUILDPLATFORM ' : r() < 0.1 ? '--platform=linux/arm64 ' : '';
    out.push(`FROM ${platform}${base} AS ${alias}`);
    out.push('WORKDIR /app');
    const steps = 2 + Math.floor(r() * 8);
    for (let i = 0; i < steps && out.length < lines; i++) {
      const roll = r();
      if (roll < 0.3) {
        const pm = r() < 0.7 ? 'apt-get' : 'apk';
        const pkgs = Array.from({ length: 2 + Math.floor(r() * 5) }, () => pick(r, PACKAGES));
        const install = pm === 'apt-get' ? `apt-get install -y --no-install-recommends ${pkgs.join(' ')}` : `apk add --no-cache ${pkgs.join(' ')}`;
        out.push(`RUN ${pm === 'apt-get' ? 'apt-get update && \\' : 'set -eux; \\'}`);
        out.push(`    ${install} && \\`);
        out.push(`    ${pick(r, STEPS)} && \\`);
        out.push(`    rm -rf /var/lib/apt/lists/*`);
      } else if (roll < 0.4) {
        out.push('RUN <<EOF', `set -e`, pick(r, STEPS), pick(r, STEPS), 'EOF');
      } else if (roll < 0.55) {
        out.push(`COPY ${r() < 0.3 && stage > 0 ? `--from=stage${stage - 1} ` : ''}. /app`);
      } else if (roll < 0.65) {
        out.push(`ENV APP_VERSION=$VERSION PATH=/app/bin:$PATH`);
      } else if (roll < 0.8) {
        out.push(`RUN ${pick(r, STEPS)} && ${pick(r, STEPS)}`);
      } else {
        out.push(`RUN ["sh", "-c", "${pick(r, STEPS)}"]`);
      }
    }
    if (r() < 0.5) out.push('EXPOSE 8080');
    out.push(pick(r, ['CMD ["node", "server.js"]', 'ENTRYPOINT ["/out/app"]', 'CMD python app.py', 'USER 1000']));
    stage++;
  }
  return out.join('\n') + '\n';
}

/** Random damage: byte flips, deletions, duplications, truncation and binary junk. */
export function mutate(text: string, seed: number): string {
  const r = rng(seed);
  let s = text;
  const edits = 1 + Math.floor(r() * 8);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (s.length + 1));
    const roll = r();
    if (roll < 0.25) s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x110)) + s.slice(at + 1);
    else if (roll < 0.45) s = s.slice(0, at) + s.slice(at + Math.floor(r() * 40));
    else if (roll < 0.6) s = s.slice(0, at) + s.slice(Math.max(0, at - 30), at) + s.slice(at);
    else if (roll < 0.7) s = s.slice(0, at);
    else if (roll < 0.85) s = s.slice(0, at) + pick(r, ['\\', '\\\n', '${', '$(', '"', "'", '<<EOF', '\r', '\u0000', '@sha256:', ':', '/', '#', '`']) + s.slice(at);
    else s = s.slice(0, at) + binaryJunk(r, 1 + Math.floor(r() * 64)) + s.slice(at);
  }
  return s;
}

export function binaryJunk(r: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(Math.floor(r() * 256));
  return s;
}
