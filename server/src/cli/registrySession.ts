import * as os from 'node:os';
import * as path from 'node:path';
import type { DockerfileModel } from '../core/dockerfile';
import { factQueries } from '../core/registryQueries';
import type { RegistryFacts, RegistryProblem } from '../core/types';
import { RegistryError, createRegistryClient, gatherFacts, hideCacheMisses, type FactRequest, type RegistryClient, type RegistrySetting } from '../registry';

export interface SessionOptions {
  offline: boolean;
  /** Undefined: memory only (--no-cache). */
  cacheDir: string | undefined;
  env: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** `$XDG_CACHE_HOME/dockerfile-patch-hygiene`, else `~/.cache/dockerfile-patch-hygiene`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'dockerfile-patch-hygiene');
}

const FAILING = new Set<RegistryProblem['kind']>(['unreachable', 'timeout', 'rate-limited']);

/** A lookup of the digest to pin; the client's `resolveDigest`, asked once per reference. */
export interface DigestTarget {
  registry: string;
  repository: string;
  tag: string;
  platform?: string;
}

/**
 * The registry side of one CLI run: one client per distinct `registries` configuration (normally
 * exactly one), each reference asked about once, problems collected for one report at the end.
 */
export class RegistrySession {
  private readonly clients = new Map<string, RegistryClient>();
  private readonly digests = new Map<string, Promise<string>>();
  private readonly problems = new Map<string, RegistryProblem>();
  private readonly refProblems = new Map<string, RegistryProblem>();

  constructor(private readonly options: SessionOptions) {}

  /** Facts for every FROM of every model, asked in parallel and awaited in full. */
  async factsFor(models: DockerfileModel[], registries: Record<string, RegistrySetting>): Promise<RegistryFacts | undefined> {
    if (this.options.offline && this.options.cacheDir === undefined) return undefined;
    const requests: FactRequest[] = models.flatMap((model) => factQueries(model));
    if (requests.length === 0) return undefined;
    // Files come in batches: a registry that was unreachable, timed out or rate limited for an
    // earlier batch is not asked again, or every batch would wait out its timeouts anew.
    const failedBefore = (registry: string) => {
      const problem = this.problems.get(registry);
      return problem && FAILING.has(problem.kind) ? problem : undefined;
    };
    const asked = requests.filter((r) => !failedBefore(r.registry));
    const answered = asked.length > 0 ? await (await gatherFacts(asked, this.client(registries), { budgetMs: 0, tags: true })).settled : undefined;
    const facts: RegistryFacts = {
      image: (ref, platform) => {
        const problem = failedBefore(ref.registry);
        return answered?.image(ref, platform) ?? (problem ? { problem } : undefined);
      },
    };
    for (const request of asked) {
      const problem = facts.image(request, request.platform)?.problem;
      if (!problem) continue;
      // One report per registry: when it is down, every reference fails the same way.
      if (!this.problems.has(problem.registry)) this.problems.set(problem.registry, problem);
      this.refProblems.set(refKey(request), problem);
    }
    return this.options.offline ? hideCacheMisses(facts) : facts;
  }

  /** The verified digest to pin; rejects with the client's RegistryError, whose message says why. */
  resolveDigest(target: DigestTarget, registries: Record<string, RegistrySetting>): Promise<string> {
    // A registry that already failed this run fails again; asking would only wait out its timeouts.
    const own = this.refProblems.get(refKey(target));
    const failed = own ?? this.problems.get(target.registry);
    if (failed && FAILING.has(failed.kind)) {
      const message = own ? failed.message : `${failed.registry} failed earlier in this run, so ${target.repository}:${target.tag} was not asked: ${failed.message}`;
      return Promise.reject(new RegistryError(failed.registry, failed.kind, message));
    }
    const key = `${JSON.stringify(registries)}|${target.registry}/${target.repository}:${target.tag}|${target.platform ?? ''}`;
    let digest = this.digests.get(key);
    if (!digest) {
      digest = this.client(registries).resolveDigest(
        { registry: target.registry, repository: target.repository, tag: target.tag },
        { platform: target.platform },
      );
      this.digests.set(key, digest);
    }
    return digest;
  }

  /** Lookups that failed, for one line each on stderr; offline cache misses are expected and left out. */
  reportableProblems(): RegistryProblem[] {
    return [...this.problems.values()].filter((p) => p.kind !== 'not-cached');
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }

  private client(registries: Record<string, RegistrySetting>): RegistryClient {
    const key = JSON.stringify(registries);
    let client = this.clients.get(key);
    if (!client) {
      client = createRegistryClient({
        registries,
        cacheDir: this.options.cacheDir,
        offline: this.options.offline,
        env: this.options.env,
        log: this.options.log,
      });
      this.clients.set(key, client);
    }
    return client;
  }
}

function refKey(ref: { registry: string; repository: string; tag?: string; platform?: string }): string {
  return `${ref.registry}/${ref.repository}:${ref.tag ?? 'latest'}|${ref.platform ?? ''}`;
}
