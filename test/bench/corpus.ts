import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { generateDockerfile } from '../support/generateDockerfile';

/** Realistic sizes: most Dockerfiles are 20 to 120 lines. Deterministic, so runs compare. */
export function corpusTexts(count: number): string[] {
  return Array.from({ length: count }, (_, i) => generateDockerfile(i + 1, 20 + ((i * 37) % 100)));
}

/** One `svc-NNNN/Dockerfile` per text, as in a monorepo. */
export async function writeCorpus(dir: string, texts: string[]): Promise<void> {
  await Promise.all(texts.map(async (text, i) => {
    const folder = path.join(dir, `svc-${String(i).padStart(4, '0')}`);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'Dockerfile'), text);
  }));
}
