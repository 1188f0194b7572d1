import { packageManagerOf } from '../baseOs';
import { refEdit, refRange, type Stage } from '../dockerfile';
import type { ImageRef } from '../imageRef';
import { publishedImage, publishedState } from '../published';
import { formatImageRef, parseImageRef } from '../imageRef';
import { registryAllowed } from './allowedRegistries';
import { chiseledSmaller, DEFAULT_MINIMAL_TARGETS, isFullBase, minimalAlternatives, type Alternative } from '../minimal';
import { sdkImage } from '../toolchain';
import type { Fix, RawFinding, RuleMeta } from '../types';
import { answeredFacts } from './facts';
import { exposesPrivilegedPort } from '../multiStage/runtime';
import { copiesContext, finalChain, imageStart, TEST_RUNNER_START } from './imageStart';
import type { RuleContext } from './rule';
import { finalImageStage, type ImageFrom } from './support';

export const meta: RuleMeta = {
  code: 'DPH005',
  name: 'non-minimal-base',
  defaultSeverity: 'info',
  description: 'The final image runs on the full variant of a language image (built on buildpack-deps, or a JDK) where a slim or JRE variant of the same release and distribution exists: more packages, more CVEs to patch.',
  readsFacts: true,
};

export function check({ model, facts, minimalTargets, allowedRegistries }: RuleContext): RawFinding[] {
  const stage = finalImageStage(model);
  const ref = stage?.from.kind === 'image' ? stage.from.ref : undefined;
  if (!stage || !ref) return [];
  const targets = new Set(minimalTargets ?? DEFAULT_MINIMAL_TARGETS);
  const full = isFullBase(ref) ?? (targets.has('chiseled') ? chiseledSmaller(ref) : undefined);
  // An SDK in the final stage is missing-multi-stage's finding: a smaller SDK would still ship the compiler.
  // An ONBUILD base builds its users' apps: the toolchain is what it is for.
  if (!full || sdkImage(ref) || stage.instructions.some((i) => i.keyword === 'ONBUILD')) return [];
  const chain = finalChain(model);
  if (needsFullBase(chain)) return [];
  const image: ImageFrom = { stage, from: stage.from, ref };
  const answer = answeredFacts(facts, image);
  const tags = answer?.tagsIncomplete ? undefined : answer?.tags;
  // Offer only what the registry has, when we know what it has, and only what the stage's own lines still build on.
  const alternatives = minimalAlternatives(ref)
    .filter((a) => targets.has(a.kind))
    // A switch must not trade this finding for an allowed-registries one.
    .filter((a) => !allowedRegistries || a.sameRepository || registryAllowed(parseImageRef(a.image)?.registry ?? '', allowedRegistries))
    .filter((a) => !tags || !a.sameRepository || !a.newTag || tags.includes(a.newTag))
    .filter((a) => tags !== undefined || published(ref, a))
    .filter((a) => buildsOn(chain, a));
  const span = ref.offsets.tag ?? ref.offsets.path;
  return [
    {
      message: `The final image runs on ${ref.raw}, ${full.reason}: fewer packages to patch.`,
      range: refRange(stage.from, span[0], span[1]),
      subject: stage.from.range,
      fixes: alternatives.flatMap((a) => switchFix(image, a)),
    },
  ];
}

/** Gems with native extensions are the norm (nokogiri, pg, mysql2): the full image's compiler builds them. */
const NATIVE_GEM_INSTALL = /^(\S*\/)?(gem install|bundle install|bundle)\b/;

/**
 * Images the full variant is right for, as their maintainers would say: a base with no start of its
 * own and nothing of the context in it (the deprecated `rails` image: users build on its compiler),
 * a test runner, and Ruby stages installing gems without bringing a compiler of their own.
 */
function needsFullBase(chain: readonly Stage[]): boolean {
  const start = imageStart(chain);
  if (!start && !copiesContext(chain)) return true;
  if (start && TEST_RUNNER_START.test(start.join(' '))) return true;
  return chain.some((s) => s.commands.some((c) => NATIVE_GEM_INSTALL.test(c.argv.join(' '))));
}

/** Offline, a same-repository tag is offered only when the official images publish it today. */
function published(ref: ImageRef, alternative: Alternative): boolean {
  if (!alternative.sameRepository || !alternative.newTag) return true;
  const name = publishedImage(ref);
  return name === undefined || publishedState(name, alternative.newTag).state === 'current';
}

/**
 * Whether the stage still builds and starts on the alternative: Alpine only where every OS package
 * line is already apk (apt and yum lines would fail there, and rewriting them is not done here);
 * distroless only where nothing runs a shell or a package manager: no RUN, an exec-form start that
 * is not a shell script, no shell HEALTHCHECK, and no port below 1024 for its nonroot user.
 */
function buildsOn(chain: readonly Stage[], alternative: Alternative): boolean {
  const commands = chain.flatMap((s) => s.commands);
  if (alternative.kind === 'alpine') {
    return commands.every((c) => {
      const call = packageManagerOf(c);
      return !call || call.kind !== 'os' || call.manager === 'apk';
    });
  }
  if (alternative.kind === 'slim') return true;
  const instructions = chain.flatMap((s) => s.instructions);
  if (instructions.some((i) => i.keyword === 'RUN' || i.keyword === 'ONBUILD')) return false;
  const starts = instructions.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT' || i.keyword === 'HEALTHCHECK');
  if (starts.some((i) => i.keyword === 'HEALTHCHECK' ? /\bCMD\s+(?!\[)/i.test(i.args) : !i.json)) return false;
  if (starts.some((i) => i.json?.some((w) => /\.sh$|^(\/bin\/)?(ba|a|da)?sh$/.test(w)))) return false;
  const hasUser = instructions.some((i) => i.keyword === 'USER');
  return hasUser || !exposesPrivilegedPort(instructions);
}

const LABEL: Record<Alternative['kind'], string> = {
  alpine: 'Alpine', slim: 'slim', distroless: 'distroless', chiseled: 'chiseled', dhi: 'Docker Hardened Image', chainguard: 'Chainguard',
};

function switchFix({ stage, from, ref }: ImageFrom, alternative: Alternative): Fix[] {
  const title = `Switch to ${LABEL[alternative.kind]}: ${alternative.image} (${alternative.changes})`;
  const safety = alternative.unsafe ? 'unsafe' : 'safe';
  if (alternative.pinFromRegistry) {
    return [{ title, edits: [], safety, registry: { action: 'switch-image', stage: stage.index, image: alternative.image, pin: true } }];
  }
  if (ref.digest && alternative.sameRepository && alternative.newTag) {
    // A pin belongs to its tag; the new tag is pinned afresh from the registry.
    return [{ title, edits: [], safety, registry: { action: 'switch-tag', stage: stage.index, tag: alternative.newTag, pin: true } }];
  }
  const newText = alternative.sameRepository && alternative.newTag ? formatImageRef(ref, { tag: alternative.newTag, digest: null }) : alternative.image;
  const edit = refEdit(from, 0, ref.raw.length, newText);
  return edit ? [{ title, edits: [edit], safety }] : [];
}
