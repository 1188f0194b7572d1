import type { DockerfileModel, Instruction } from '../../server/src/core/dockerfile';
import { strict as assert } from 'node:assert';
import { parseFiles, PARALLEL_THRESHOLD } from '../../server/src/cli/parallel';
import type { AnalyzeOptions } from '../../server/src/core/analyze';
import { factQueries } from '../../server/src/core/registryQueries';
import type { ImageFacts, RegistryFacts } from '../../server/src/core/types';
import { generateDockerfile } from '../support/generateDockerfile';

const now = new Date('2025-06-01T00:00:00Z');

/** Facts that move every tag to a new digest and list newer tags, so the registry rules speak. */
function movedTags(): RegistryFacts {
  return {
    image: (ref, platform): ImageFacts => ({
      digest: `sha256:${'b'.repeat(64)}`,
      created: '2025-05-01T00:00:00Z',
      platforms: [platform ?? 'linux/amd64'],
      tags: [ref.tag ?? 'latest', '99.0.0', '20.18.1-alpine', '3.12.9-slim'],
    }),
  };
}

/** A model as data: instructions are lazy objects over the syntax tree, compared by what they expose. */
function plain(model: DockerfileModel) {
  const instruction = (i: Instruction) => ({ keyword: i.keyword, range: i.range, args: i.args, argsRange: i.argsRange, json: i.json });
  return {
    ...model,
    preamble: model.preamble.map(instruction),
    stages: model.stages.map((s) => ({ ...s, instructions: s.instructions.map(instruction), commands: s.commands })),
    finalStage: model.finalStage?.index,
  };
}

describe('CLI worker pool', function () {
  this.timeout(60_000);
  const texts = Array.from({ length: PARALLEL_THRESHOLD * 3 }, (_, i) => generateDockerfile(i + 1, 20 + ((i * 37) % 100)));

  it('parses and analyses in workers exactly as on one thread, registry facts included', async () => {
    const here = await parseFiles(texts, 1);
    const pooled = await parseFiles(texts, 2);
    try {
      assert.deepEqual(pooled.models.map(plain), here.models.map(plain), 'models, lazily completed instructions and commands included');
      assert.ok(pooled.models.every((m) => m.finalStage === undefined || m.finalStage === m.stages[m.stages.length - 1]));
      const facts = movedTags();
      const options: AnalyzeOptions[] = texts.map((_, i) => (i % 2 ? { now, facts } : { now, rules: { 'unpinned-digest': 'off' } }));
      const expected = await here.analyze(options);
      assert.deepEqual(await pooled.analyze(options), expected);
      assert.ok(expected.flat().some((f) => f.rule === 'stale-digest' || f.rule === 'stale-tag'), 'the facts reached the rules');
      assert.ok(pooled.models.some((m) => factQueries(m).length > 0));
    } finally {
      await pooled.close();
      await here.close();
    }
  });
});
