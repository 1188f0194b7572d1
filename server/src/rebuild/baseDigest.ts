/** Which builder printed a build's output, read from the output itself. */
export type Builder = 'classic' | 'buildkit' | 'podman';

/**
 * Reads, from a build's own output, which base images it used and at which digest: what was
 * really built on, never what the local store happens to hold.
 * - BuildKit resolves each FROM and prints it: "#4 [one 1/2] FROM reg/busybox:1.36@sha256:…".
 *   It keeps the bases in its own cache, not in the image store, so nothing else tells.
 * - The classic builder pulls into the image store and prints "Digest: sha256:…" under the
 *   "Step n/m : FROM ref" it pulls for.
 * - Podman prints "Trying to pull ref..." and then "Copying config sha256:…": the image id of
 *   what it pulled, whose RepoDigests the store then has.
 */
export class BaseDigestTracker {
  builder?: Builder;
  private readonly digests = new Map<string, string>();
  private readonly imageIds = new Map<string, string>();
  private pulling?: string;

  feed(line: string): void {
    const buildkit = /^#\d+ \[[^\]]*\] FROM (\S+)@(sha256:[0-9a-f]{64})\b/.exec(line);
    if (buildkit) {
      this.builder = 'buildkit';
      this.digests.set(normalise(buildkit[1]), buildkit[2]);
      return;
    }
    if (/^#\d+ \[/.test(line)) this.builder = 'buildkit';
    const step = /^Step \d+\/\d+ : FROM (\S+)/i.exec(line);
    if (step) {
      this.builder = 'classic';
      this.pulling = normalise(step[1]);
      return;
    }
    const digest = /^Digest: (sha256:[0-9a-f]{64})$/.exec(line.trim());
    if (digest && this.pulling) {
      this.digests.set(this.pulling, digest[1]);
      return;
    }
    if (/^(?:\[\d+\/\d+\] )?STEP \d+\/\d+: /.test(line)) this.builder = 'podman';
    const pull = /^Trying to pull (\S+?)\.\.\.$/.exec(line.trim());
    if (pull) {
      this.pulling = normalise(pull[1]);
      return;
    }
    const config = /^Copying config (sha256:[0-9a-f]{64})/.exec(line.trim());
    if (config && this.pulling) this.imageIds.set(this.pulling, config[1]);
  }

  /** The manifest digest the build printed for `ref`, if it printed one. */
  digestOf(ref: string): string | undefined {
    return this.digests.get(normalise(ref));
  }

  /** The image id the build pulled for `ref` (Podman), to read its digest from the store by id. */
  imageIdOf(ref: string): string | undefined {
    return this.imageIds.get(normalise(ref));
  }
}

/** `docker.io/library/node:20`, `library/node:20` and `node:20` are one reference; a digest is not part of the name. */
function normalise(ref: string): string {
  return ref
    .split('@')[0]
    .replace(/^(docker\.io|index\.docker\.io)\//, '')
    .replace(/^library\//, '');
}
