import type { ImageFacts, RegistryProblem } from '../core/types';
import type { RegistryStateName, RegistryStateParams } from './protocol';

const STATE_OF_PROBLEM: Record<RegistryProblem['kind'], RegistryStateName> = {
  unreachable: 'unreachable',
  timeout: 'unreachable',
  'bad-response': 'unreachable',
  'rate-limited': 'rate-limited',
  auth: 'auth-failed',
  'not-cached': 'offline',
};

/** Sends `dockerfilePatchHygiene/registryState` only when the state changes. */
export class RegistryStateReporter {
  private last = '';

  constructor(private readonly send: (params: RegistryStateParams) => void) {}

  /** After a round of lookups: the first problem wins, otherwise the registry answered. */
  fromFacts(answers: Array<ImageFacts | undefined>, offline: boolean): void {
    const problem = answers.find((a) => a?.problem)?.problem;
    if (problem) return this.fromProblem(problem);
    if (offline) return this.report({ state: 'offline', message: 'Offline mode is on: registry facts come from the cache only.' });
    if (answers.some((a) => a && !a.problem)) this.report({ state: 'online' });
  }

  fromProblem(problem: Pick<RegistryProblem, 'kind' | 'registry' | 'message'>): void {
    this.report({ state: STATE_OF_PROBLEM[problem.kind] ?? 'unreachable', registry: problem.registry, message: problem.message });
  }

  report(params: RegistryStateParams): void {
    const key = JSON.stringify(params);
    if (key === this.last) return;
    this.last = key;
    this.send(params);
  }
}
