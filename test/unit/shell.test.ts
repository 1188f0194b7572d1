import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../server/src/core/dockerfile';

/** The commands of the first stage as `argv` lines, `!` before those under a distribution test. */
function commands(text: string): string[] {
  return parseDockerfile(text).stages[0].commands.map((c) => `${c.guarded ? '!' : ''}${c.argv.join(' ')}`);
}

describe('shell model of RUN lines', () => {
  it('expands a variable assigned earlier in the RUN, split on blanks', () => {
    assert.deepEqual(commands("FROM debian\nRUN buildDeps='gcc make'; apt-get install -y $buildDeps && apt-get purge -y ${buildDeps}\n"), [
      'apt-get install -y gcc make',
      'apt-get purge -y gcc make',
    ]);
  });

  it('expands ENV and ARG values of the stage, and ${X:-default}', () => {
    assert.deepEqual(commands('FROM alpine\nENV DEPS="gcc musl-dev"\nARG EXTRA\nARG TOOL=make\nRUN apk add $DEPS ${EXTRA:-g++} $TOOL\n'), ['apk add gcc musl-dev g++ make']);
  });

  it('a global ARG re-declared in the stage keeps its default', () => {
    assert.deepEqual(commands('ARG PKG=curl\nFROM alpine\nARG PKG\nRUN apk add $PKG\n'), ['apk add curl']);
  });

  it('export assigns too; unknown variables stay as written', () => {
    assert.deepEqual(commands('FROM alpine\nRUN export CC=clang; $CC -o app main.c; apk add $UNKNOWN\n'), ['clang -o app main.c', 'apk add $UNKNOWN']);
  });

  it('a distribution test in a subshell or group still guards what follows its && (no command between ) and &&)', () => {
    assert.deepEqual(commands('FROM debian\nRUN ( [ -f /etc/alpine-release ] ) && apk add curl\n'), ['[ -f /etc/alpine-release ]', '!apk add curl']);
    assert.deepEqual(commands('FROM debian\nRUN { grep -q alpine /etc/os-release; } && apk add curl\n'), ['grep -q alpine /etc/os-release', '!apk add curl']);
  });

  it('marks commands inside an if on $ID, both branches', () => {
    assert.deepEqual(commands('FROM debian\nRUN . /etc/os-release; if [ "$ID" = alpine ]; then apk add curl; else apt-get install -y curl; fi; echo done\n'), [
      '. /etc/os-release',
      '[ $ID = alpine ]',
      '!apk add curl',
      '!apt-get install -y curl',
      'echo done',
    ]);
  });

  it('marks the commands of a case on $ID and after command -v', () => {
    const found = commands('FROM debian\nRUN case "$ID" in alpine) apk add git ;; esac; command -v yum && yum install -y git; apt-get install -y git\n');
    assert.ok(found.includes('!apk add git'), found.join(' | '));
    assert.ok(found.includes('!yum install -y git'), found.join(' | '));
    assert.ok(found.includes('apt-get install -y git'), found.join(' | '));
  });

  it('an if that tests something else does not guard', () => {
    assert.deepEqual(commands('FROM alpine\nRUN if [ -n "$DEBUG" ]; then apt-get install -y gdb; fi\n'), ['[ -n $DEBUG ]', 'apt-get install -y gdb']);
  });

  it('each command knows the line of its RUN', () => {
    const model = parseDockerfile('FROM alpine\nRUN a \\\n && b\nRUN c\n');
    assert.deepEqual(model.stages[0].commands.map((c) => c.runLine), [1, 1, 3]);
  });
});
