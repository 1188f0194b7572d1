import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One real Dockerfile of the development corpus (test/corpus/manifest.json, built by scripts/build-corpus.mjs). */
export interface CorpusFile {
  id: number;
  repo: string;
  commit?: string;
  path: string;
  license: string;
  text: string;
}

/** The repository root, from build/test/corpus/ or test/corpus/. */
function corpusDir(): string {
  const here = __dirname.split(path.sep);
  const buildAt = here.lastIndexOf('build');
  const root = buildAt >= 0 ? here.slice(0, buildAt).join(path.sep) : path.resolve(__dirname, '../..');
  return path.join(root, 'test', 'corpus');
}

let loaded: CorpusFile[] | undefined;

/** Every corpus file, in manifest order. */
export function corpusFiles(): CorpusFile[] {
  if (loaded) return loaded;
  const dir = corpusDir();
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: Array<Omit<CorpusFile, 'text'>> };
  const texts = JSON.parse(gunzipSync(readFileSync(path.join(dir, 'dockerfiles.json.gz'))).toString('utf8')) as string[];
  loaded = manifest.files.map((f) => ({ ...f, text: texts[f.id] }));
  return loaded;
}

/** Where a corpus file is written on disk: `<owner>+<name>/<path>`, the key the judged table uses. */
export function corpusKey(file: Pick<CorpusFile, 'repo' | 'path'>): string {
  return `${file.repo.replace('/', '+')}/${file.path}`;
}

/** Writes the corpus under `dir` as `<owner>+<name>/<path>`, so the CLI discovers it as it would a checkout. */
export async function writeCorpusFiles(dir: string, files: CorpusFile[] = corpusFiles()): Promise<void> {
  for (const f of files) {
    const target = path.join(dir, corpusKey(f));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, f.text);
  }
}
