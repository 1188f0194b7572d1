import { refRange } from '../dockerfile';
import type { RawFinding, RuleMeta } from '../types';
import type { RuleContext } from './rule';
import { imageReferences } from './support';

export const meta: RuleMeta = {
  code: 'DPH010',
  name: 'allowed-registries',
  defaultSeverity: 'error',
  description: 'An image comes from a registry the team\'s allowedRegistries (or hadolint\'s trustedRegistries) does not list.',
  hadolint: ['DL3026'],
};

/** Names Docker Hub answers to: an unqualified image is docker.io's. */
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** True when `registry` is listed: exactly, or under a `*.` pattern (`*.gcr.io` takes `eu.gcr.io`). */
export function registryAllowed(registry: string, allowed: readonly string[]): boolean {
  const host = DOCKER_HUB_ALIASES.has(registry.toLowerCase()) ? 'docker.io' : registry.toLowerCase();
  return allowed.some((pattern) => {
    const p = DOCKER_HUB_ALIASES.has(pattern) ? 'docker.io' : pattern;
    return p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p;
  });
}

/** Silent without a policy: the list is the team's, there is no sensible default. */
export function check({ model, allowedRegistries }: RuleContext): RawFinding[] {
  if (!allowedRegistries) return [];
  return imageReferences(model)
    .filter(({ ref }) => !registryAllowed(ref.registry, allowedRegistries))
    .map(({ from, ref }) => {
      const end = ref.offsets.path[1];
      const listed = allowedRegistries.length > 0 ? allowedRegistries.join(', ') : 'nothing';
      return {
        message: `${ref.raw} is pulled from ${ref.registry}, which allowedRegistries does not list (${listed}); use a mirror on an allowed registry, or add ${ref.registry} to the list.`,
        range: refRange(from, 0, end),
        subject: from.range,
      };
    });
}
