import type { DockerfileModel, Stage } from '../dockerfile';

/**
 * What the final image starts, from the last ENTRYPOINT (or else the last CMD) of the stages it is
 * made of; undefined when it has no start of its own (a base for other images).
 */
export function imageStart(chain: readonly Stage[]): string[] | undefined {
  const starts = chain.flatMap((s) => s.instructions).filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  const start = [...starts].reverse().find((i) => i.keyword === 'ENTRYPOINT') ?? [...starts].reverse().find((i) => i.keyword === 'CMD');
  return start && (start.json ?? start.args.split(/\s+/).filter((w) => w.length > 0));
}

/** True when a stage copies from the build context (a COPY or ADD without `--from`): it packages an app. */
export function copiesContext(chain: readonly Stage[]): boolean {
  return chain.some((s) => s.instructions.some((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !/(^|\s)--from=/.test(i.args)));
}

/** Starts of a test run: the image exists to run the suite, with whatever the full base brings. */
export const TEST_RUNNER_START = /^((\S*\/)?(pytest|py\.test|tox|nox|jest|mocha|vitest|rspec|phpunit)\b|(\S*\/)?(npm|yarn|pnpm) (run )?test\b|go test\b|(\S*\/)?python[\d.]* -m (pytest|unittest)\b|(bundle exec )?rake (test|spec)\b)/;

/** The stages the final image is made of: the final one and those it is built `FROM`, base first. */
export function finalChain(model: DockerfileModel): Stage[] {
  const chain: Stage[] = [];
  for (let stage = model.finalStage; stage && !chain.includes(stage); ) {
    chain.unshift(stage);
    stage = stage.from.kind === 'stage' && stage.from.stage !== undefined ? model.stages[stage.from.stage] : undefined;
  }
  return chain;
}

