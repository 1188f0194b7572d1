import { strict as assert } from 'node:assert';
import { baseImageOf, finalStage, hasHealthcheck, readDockerfileFacts } from '../../server/src/rebuild/dockerfileFacts';
import { digestForReference } from '../../server/src/rebuild/engineCommands';
import { BaseDigestTracker } from '../../server/src/rebuild/baseDigest';
import { FailingLineTracker } from '../../server/src/rebuild/failingLine';

// Output shapes no engine on this machine prints (buildx is not in Debian 12); the shapes the
// engine here does print are covered by the real builds in rebuild-failures.test.ts.
const DOCKERFILE = [
  'ARG GO=1.22', //               1
  'FROM golang:${GO} AS builder', // 2
  'RUN go build ./...', //        3
  '', //                          4
  'FROM alpine:3.20', //          5
  'COPY --from=builder /app /app', // 6
  'RUN /app --self-test', //      7
].join('\n');

function failingLine(output: string, dockerfileName = 'Dockerfile', target?: string): number | undefined {
  const facts = readDockerfileFacts(DOCKERFILE);
  const tracker = new FailingLineTracker(facts, dockerfileName, finalStage(facts, target));
  for (const line of output.split('\n')) tracker.feed(line);
  return tracker.line;
}

describe('failing line of a build, from each builder\'s output', () => {
  const cases: Array<[string, string, number | undefined, string?]> = [
    ['classic builder counts ARGs before FROM', 'Step 1/6 : ARG GO=1.22\nStep 2/6 : FROM golang:${GO} AS builder\nStep 3/6 : RUN go build ./...\n ---> Running in 0123456789ab\nThe command \'/bin/sh -c go build ./...\' returned a non-zero code: 1', 3],
    ['buildx prints the source position', '#9 [stage-1 3/3] RUN /app --self-test\n#9 ERROR: process "/bin/sh -c /app --self-test" did not complete successfully: exit code: 1\n------\nDockerfile:7\n--------------------\n   5 |     FROM alpine:3.20\n   7 | >>> RUN /app --self-test\n--------------------', 7],
    ['buildx names a custom Dockerfile by its name', '------\nDocker file;x:3\n--------------------', 3, 'Docker file;x'],
    ['old BuildKit: a named stage\'s vertex', '#5 [builder 2/2] RUN go build ./...\n#7 [stage-1 2/3] COPY --from=builder /app /app\n#5 ERROR: executor failed running [/bin/sh -c go build ./...]: exit code: 1', 3],
    ['old BuildKit: an unnamed stage by index', '#7 [stage-1 3/3] RUN /app --self-test\n#7 ERROR: executor failed running', 7],
    ['old BuildKit: a vertex without a stage is in the final stage', '#7 [3/3] RUN /app --self-test\n#7 ERROR: executor failed running', 7],
    ['no step seen: no line', 'error: cannot connect', undefined],
  ];
  for (const [name, output, line, file] of cases) {
    it(name, () => assert.equal(failingLine(output, file), line));
  }
});

describe('what the rebuild reads from a Dockerfile', () => {
  it('the base image goes through stage names and build args', () => {
    const facts = readDockerfileFacts('ARG V=1.0\nFROM reg:5000/base:${V} AS a\nFROM a AS b\nFROM b\n');
    assert.equal(baseImageOf(facts, finalStage(facts)!), 'reg:5000/base:1.0');
    assert.equal(baseImageOf(facts, finalStage(facts)!, { V: '2.0' }), 'reg:5000/base:2.0');
  });

  it('a HEALTHCHECK is inherited from the stage built FROM, and NONE turns it off', () => {
    const on = readDockerfileFacts('FROM x AS a\nHEALTHCHECK CMD true\nFROM a\nRUN true\n');
    assert.equal(hasHealthcheck(on, finalStage(on)!), true);
    const off = readDockerfileFacts('FROM x AS a\nHEALTHCHECK CMD true\nFROM a\nHEALTHCHECK NONE\n');
    assert.equal(hasHealthcheck(off, finalStage(off)!), false);
    const other = readDockerfileFacts('FROM x AS a\nHEALTHCHECK CMD true\nFROM y\n');
    assert.equal(hasHealthcheck(other, finalStage(other)!), false);
  });

  it('the base digest is the RepoDigest of the same repository, Docker Hub names shortened', () => {
    const d = `sha256:${'a'.repeat(64)}`;
    const e = `sha256:${'b'.repeat(64)}`;
    assert.equal(digestForReference('node:20', [`other@${e}`, `node@${d}`]), d);
    assert.equal(digestForReference('docker.io/library/node:20', [`node@${d}`]), d);
    assert.equal(digestForReference('127.0.0.1:5000/library/busybox:1.36', [`127.0.0.1:5000/library/busybox@${d}`]), d);
    assert.equal(digestForReference(`node:20@${e}`, [`node@${d}`]), e);
  });
});

// Output captured from the real engines of this machine (Debian 12: docker 20.10 classic and
// BuildKit, podman 4.3.1) building one Dockerfile; trimmed to the lines the trackers read.
const CAPTURED_DOCKERFILE = [
  'FROM reg:5000/library/busybox:1.36 AS one', // 1
  'ENV A=1', //                                   2
  'LABEL x=y', //                                 3
  'RUN true', //                                  4
  'FROM one AS two', //                           5
  'EXPOSE 80', //                                 6
  'RUN echo hi', //                               7
  'FROM reg:5000/library/busybox:1.36', //        8
  'WORKDIR /app', //                              9
  'COPY --from=two /etc/hostname /h', //          10
  'USER 0', //                                    11
  'HEALTHCHECK --interval=1s CMD true', //        12
  'RUN exit 3', //                                13
].join('\n');
const DIGEST = 'sha256:18af7817bcdf01920d8e24531c3738d274e629ee571dff46e97319ea0448b2b6';
const CONFIG = 'sha256:7ad0e0379b5091595d7500c26317c95bd9179f2fdd53c53dd2687daf04d418c5';
const BUILDKIT = [
  '#3 [internal] load metadata for reg:5000/library/busybox:1.36',
  `#4 [one 1/2] FROM reg:5000/library/busybox:1.36@${DIGEST}`,
  `#4 resolve reg:5000/library/busybox:1.36@${DIGEST} done`,
  '#5 [stage-2 2/4] WORKDIR /app',
  '#6 [one 2/2] RUN true',
  '#7 [two 1/1] RUN echo hi',
  '#8 [stage-2 3/4] COPY --from=two /etc/hostname /h',
  '#8 ERROR: "/etc/hostname" not found: not found',
].join('\n');
const CLASSIC = [
  'Step 1/13 : FROM reg:5000/library/busybox:1.36 AS one',
  '1.36: Pulling from library/busybox',
  `Digest: ${DIGEST}`,
  'Status: Downloaded newer image for reg:5000/library/busybox:1.36',
  'Step 9/13 : WORKDIR /app',
  'Step 10/13 : COPY --from=two /etc/hostname /h',
  'COPY failed: stat etc/hostname: file does not exist',
].join('\n');
const PODMAN = [
  '[1/3] STEP 1/4: FROM reg:5000/library/busybox:1.36 AS one',
  'Trying to pull reg:5000/library/busybox:1.36...',
  'Getting image source signatures',
  'Copying blob sha256:059d22b5df4373280a7514e3949b708a8b7fcf51a9ce204dee0c8d2e74e8585e',
  `Copying config ${CONFIG}`,
  'Writing manifest to image destination',
  '[1/3] STEP 2/4: ENV A=1',
  '--> 473b5df0b49',
  '[1/3] STEP 4/4: RUN true',
  'Error: building at STEP "RUN true": while running runtime: exit status 1',
].join('\n');

describe('real builder output: failing line and base digest', () => {
  const track = (output: string) => {
    const facts = readDockerfileFacts(CAPTURED_DOCKERFILE);
    const lines = new FailingLineTracker(facts, 'Dockerfile', finalStage(facts));
    const bases = new BaseDigestTracker();
    for (const line of output.split('\n')) {
      lines.feed(line);
      bases.feed(line);
    }
    return { line: lines.line, bases };
  };

  it('BuildKit: [stage-2 3/4] is the COPY (FROM, WORKDIR, COPY: ENV, LABEL, USER make no vertex), and the FROM prints its digest', () => {
    const { line, bases } = track(BUILDKIT);
    assert.equal(line, 10);
    assert.equal(bases.builder, 'buildkit');
    assert.equal(bases.digestOf('reg:5000/library/busybox:1.36'), DIGEST);
  });
  it('BuildKit: a stage FROM another stage has no FROM vertex ([two 1/1] is its RUN)', () => {
    assert.equal(track('#7 [two 1/1] RUN echo hi\n#7 ERROR: exit code: 1').line, 7);
  });
  it('classic: Step 10/13 is line 10, and the pull under the FROM step prints the digest', () => {
    const { line, bases } = track(CLASSIC);
    assert.equal(line, 10);
    assert.equal(bases.builder, 'classic');
    assert.equal(bases.digestOf('reg:5000/library/busybox:1.36'), DIGEST);
  });
  it('Podman: [1/3] STEP 4/4 is the fourth instruction of the first stage, and the pull names the image id', () => {
    const { line, bases } = track(PODMAN);
    assert.equal(line, 4);
    assert.equal(bases.builder, 'podman');
    assert.equal(bases.digestOf('reg:5000/library/busybox:1.36'), undefined);
    assert.equal(bases.imageIdOf('reg:5000/library/busybox:1.36'), CONFIG);
  });
  it('Podman: a one-stage build prints STEP i/m without a stage', () => {
    const facts = readDockerfileFacts('FROM x\nENV A=1\nRUN exit 3\n');
    const tracker = new FailingLineTracker(facts, 'Dockerfile', finalStage(facts));
    for (const line of ['STEP 1/3: FROM x', 'STEP 2/3: ENV A=1', 'STEP 3/3: RUN exit 3', 'Error: building at STEP "RUN exit 3"']) tracker.feed(line);
    assert.equal(tracker.line, 3);
  });
});
