import { strict as assert } from 'node:assert';
import { baseImageOf, finalStage, hasHealthcheck, readDockerfileFacts } from '../../server/src/rebuild/dockerfileFacts';
import { digestForReference } from '../../server/src/rebuild/engineCommands';
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
