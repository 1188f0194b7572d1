import { CHAINGUARD, DHI, type HardenedLine } from '../data/hardened';
import type { BaseOs } from './baseOs';
import type { ImageRef } from './imageRef';
import type { Alternative } from './minimal';
import { publishedImage } from './published';

const NO_SHELL = 'no shell or package manager, so RUN steps and shell-form CMD stop working';

/**
 * The Docker Hardened Image for the same version line as `version`, on the distribution closest to
 * the user's: the newest Alpine for an Alpine base, the newest Debian otherwise. DHI has no
 * `latest`, so an untagged or floating reference gets nothing: which line to move to is the user's call.
 */
export function dhiAlternative(ref: ImageRef, version: string, os: BaseOs): Alternative | undefined {
  const entry = DHI.images[publishedImage(ref) ?? ''];
  if (!entry || !version) return undefined;
  // The same line as precisely as the catalog writes lines: python 3.12.4 → 3.12 (not the floating 3),
  // node 24.11.1 → 24 (node's lines are majors), nginx 1.28 → nothing (1 is mainline, another release).
  const parts = (v: string) => v.split('.').length;
  // Precision per major: ruby's 3.x lines are minors, its 4 line a major.
  const major = version.split('.')[0];
  const sameMajor = entry.lines.filter((l) => l.line.split('.')[0] === major);
  const precision = Math.min(parts(version), Math.max(...sameMajor.map((l) => parts(l.line))));
  const lines = entry.lines.filter((l) => l.runtime && parts(l.line) === precision && (version === l.line || version.startsWith(`${l.line}.`)));
  const wantAlpine = os === 'alpine';
  const same = lines.filter((l) => l.os.startsWith('alpine') === wantAlpine);
  // Never across libcs: a glibc base with no Debian build of its line gets nothing, not Alpine.
  const line = newestOs(same);
  if (!line?.runtime) return undefined; // `lines` holds runtime tags only; the check narrows the type.
  const distro = line.os.replace(/^(alpine|debian)/, (w) => (w === 'alpine' ? 'Alpine ' : 'Debian '));
  return {
    kind: 'dhi',
    image: `${DHI.registry}/${entry.name}:${line.runtime}`,
    sameRepository: false,
    newTag: line.runtime,
    changes: `Docker Hardened Image on ${distro}: ${NO_SHELL}; pulling needs docker login dhi.io`,
    unsafe: true,
  };
}

/**
 * Chainguard's free image of the same name, as dfc maps it. The free tier publishes only `latest`
 * (the newest release, whatever the user's version), so the fix pins its digest from the registry,
 * which also says whether the image exists. JDK images map to a JDK: no smaller runtime, not offered.
 */
export function chainguardAlternative(ref: ImageRef, version: string): Alternative | undefined {
  const name = CHAINGUARD.images[publishedImage(ref) ?? ''];
  if (!name || /jdk/.test(name)) return undefined;
  const release = version ? `the newest ${name} release, not ${version}` : `the newest ${name} release`;
  return {
    kind: 'chainguard',
    image: `${CHAINGUARD.registry}/${name}:latest`,
    sameRepository: false,
    newTag: 'latest',
    changes: `Chainguard's free tier: ${release}, pinned by digest; ${NO_SHELL}`,
    unsafe: true,
    pinFromRegistry: true,
  };
}

function newestOs(lines: HardenedLine[]): HardenedLine | undefined {
  return [...lines].sort((a, b) => b.os.localeCompare(a.os, 'en', { numeric: true }))[0];
}
