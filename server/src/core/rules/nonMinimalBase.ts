import { refEdit, refRange, type DockerfileModel } from '../dockerfile';
import { formatImageRef } from '../imageRef';
import { isFullBase, minimalAlternatives, type Alternative } from '../minimal';
import { sdkImage } from '../toolchain';
import type { Fix, RawFinding, RuleMeta } from '../types';
import { answeredFacts } from './facts';
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

export function check({ model, facts }: RuleContext): RawFinding[] {
  const stage = finalImageStage(model);
  const ref = stage?.from.kind === 'image' ? stage.from.ref : undefined;
  if (!stage || !ref) return [];
  const full = isFullBase(ref);
  // An SDK in the final stage is missing-multi-stage's finding: a smaller SDK would still ship the compiler.
  // An ONBUILD base builds its users' apps: the toolchain is what it is for.
  if (!full || sdkImage(ref) || stage.instructions.some((i) => i.keyword === 'ONBUILD')) return [];
  if (needsFullBase(model)) return [];
  const image: ImageFrom = { stage, from: stage.from, ref };
  const tags = answeredFacts(facts, image)?.tags;
  // Offer only what the registry has, when we know what it has.
  const alternatives = minimalAlternatives(ref).filter((a) => !tags || !a.sameRepository || !a.newTag || tags.includes(a.newTag));
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
function needsFullBase(model: DockerfileModel): boolean {
  const chain = finalChain(model);
  const start = imageStart(chain);
  if (!start && !copiesContext(chain)) return true;
  if (start && TEST_RUNNER_START.test(start.join(' '))) return true;
  return chain.some((s) => s.commands.some((c) => NATIVE_GEM_INSTALL.test(c.argv.join(' '))));
}

const LABEL: Record<Alternative['kind'], string> = { alpine: 'Alpine', slim: 'slim', distroless: 'distroless' };

function switchFix({ stage, from, ref }: ImageFrom, alternative: Alternative): Fix[] {
  const title = `Switch to ${LABEL[alternative.kind]}: ${alternative.image} (${alternative.changes})`;
  const safety = alternative.unsafe ? 'unsafe' : 'safe';
  if (ref.digest && alternative.sameRepository && alternative.newTag) {
    // A pin belongs to its tag; the new tag is pinned afresh from the registry.
    return [{ title, edits: [], safety, registry: { action: 'switch-tag', stage: stage.index, tag: alternative.newTag, pin: true } }];
  }
  const newText = alternative.sameRepository && alternative.newTag ? formatImageRef(ref, { tag: alternative.newTag, digest: null }) : alternative.image;
  const edit = refEdit(from, 0, ref.raw.length, newText);
  return edit ? [{ title, edits: [edit], safety }] : [];
}
