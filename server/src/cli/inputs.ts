import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { findDockerfiles } from './discover';
import type { CliIo } from './io';

/** One Dockerfile to check or fix. */
export interface InputFile {
  /** As reports show it: relative to the working directory with `/`, or `<stdin>`. */
  display: string;
  /** Absolute path; undefined for stdin. */
  path?: string;
  /** Where the configuration search starts. */
  configDir: string;
  /** Read from stdin (`-`); fixed text goes to stdout. */
  stdin: boolean;
}

/** A Dockerfile's text without its byte order mark, which is put back on write. */
export interface LoadedFile extends InputFile {
  text: string;
  bom: boolean;
}

export const STDIN_NAME = '<stdin>';

/**
 * Expands the command-line paths: files as given, directories searched, `-` for stdin (once).
 * Paths that do not exist become problems, reported beside the files that do.
 */
export async function resolveInputs(paths: string[], io: CliIo, stdinFilename?: string): Promise<{ files: InputFile[]; problems: string[] }> {
  const files: InputFile[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (file: InputFile) => {
    const key = file.stdin ? '-' : file.path!;
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const arg of paths.length > 0 ? paths : ['.']) {
    if (arg === '-') {
      const named = stdinFilename ? path.resolve(io.cwd, stdinFilename) : undefined;
      add({ display: named ? displayPath(named, io.cwd) : STDIN_NAME, configDir: named ? path.dirname(named) : io.cwd, stdin: true });
      continue;
    }
    const full = path.resolve(io.cwd, arg);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(full)).isDirectory();
    } catch (err) {
      problems.push(`${arg}: ${describeError(err)}`);
      continue;
    }
    if (!isDirectory) {
      add(fileInput(full, io.cwd));
      continue;
    }
    let found: string[];
    try {
      found = await findDockerfiles(full);
    } catch (err) {
      problems.push(`${arg}: ${describeError(err)}`);
      continue;
    }
    if (found.length === 0) problems.push(`${arg}: no Dockerfile, Dockerfile.*, *.dockerfile or Containerfile found in this directory.`);
    for (const file of found) add(fileInput(file, io.cwd));
  }
  return { files, problems };
}

/** Reads a file or stdin as UTF-8; throws an Error whose message is ready for stderr. */
export async function loadInput(file: InputFile, io: CliIo): Promise<LoadedFile> {
  let raw: string;
  if (file.stdin) {
    raw = await readStream(io.stdin);
  } else {
    try {
      // Synchronous: Dockerfiles are small, and the promise form costs four thread-pool round trips
      // (open, stat, read, close) per file.
      raw = readFileSync(file.path!, 'utf8');
    } catch (err) {
      throw new Error(`${file.display}: cannot read: ${describeError(err)}`);
    }
  }
  const bom = raw.startsWith('\uFEFF');
  return { ...file, text: bom ? raw.slice(1) : raw, bom };
}

function fileInput(full: string, cwd: string): InputFile {
  return { display: displayPath(full, cwd), path: full, configDir: path.dirname(full), stdin: false };
}

export function displayPath(full: string, cwd: string): string {
  const relative = path.relative(cwd, full);
  return (relative === '' ? full : relative).split(path.sep).join('/');
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or directory.';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied.';
    case 'EISDIR':
      return 'is a directory.';
    case 'ENOTDIR':
      return 'a part of the path is not a directory.';
    case 'ELOOP':
      return 'too many levels of symbolic links.';
    default:
      return e.message ?? String(err);
  }
}
