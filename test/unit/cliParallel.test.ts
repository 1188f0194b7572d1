import { strict as assert } from 'node:assert';
import { OfflineAnalyzer, analyzeWithFacts, PARALLEL_THRESHOLD } from '../../server/src/cli/parallel';
import { analyzeModel } from '../../server/src/core/analyze';
import { parseDockerfile, type DockerfileModel, type Instruction } from '../../server/src/core/dockerfile';
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
      tags: [ref.tag ?? 'latest', '99.0.0', '20.18.1-alpine', '3.12.9-slim', '22-alpine', '22-slim'],
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

describe('CLI two-pass analysis and worker pool', function () {
  this.timeout(60_000);
  const texts = Array.from({ length: PARALLEL_THRESHOLD * 3 }, (_, i) => generateDockerfile(i + 1, 20 + ((i * 37) % 100)));
  const options = texts.map((_, i) => (i % 2 ? { now } : { now, rules: { 'unpinned-digest': 'off' as const } }));
  const facts = movedTags();

  it('offline pass, then the fact rules, gives exactly what one analysis with facts gives, in workers and here', async () => {
    const expected = texts.map((t, i) => analyzeModel(parseDockerfile(t), { ...options[i], facts }));
    for (const workers of [1, 2]) {
      const analyzer = new OfflineAnalyzer(texts.length, workers);
      const batch = await analyzer.analyze(texts, options).finally(() => analyzer.close());
      const found = texts.map((_, i) => analyzeWithFacts(batch, i, { ...options[i], facts }));
      assert.deepEqual(found, expected, `${workers} worker(s)`);
      assert.deepEqual(batch.models.map(plain), texts.map((t) => plain(parseDockerfile(t))), 'lazily completed models are the full models');
    }
    assert.ok(expected.flat().some((f) => f.rule === 'stale-digest' || f.rule === 'stale-tag'), 'the facts reached the rules');
  });

  it('the fact rules read nothing but FROMs and comments: they run on a model whose instructions are gone', () => {
    for (const text of texts) {
      const model = parseDockerfile(text);
      const hasPragma = model.comments.some((c) => /ignore\s*=/.test(c.text));
      if (hasPragma) continue;
      for (const stage of model.stages) {
        Object.defineProperty(stage, 'instructions', { get: () => assert.fail('a fact rule read instructions') });
        Object.defineProperty(stage, 'commands', { get: () => assert.fail('a fact rule read commands') });
      }
      analyzeModel(model, { now, facts, only: 'facts' });
    }
  });
});
