import { strict as assert } from 'node:assert';
import { tokenize, type ScopedToken } from '../support/textmate';

/** The scopes of the token whose text is `text` (the `nth` one when it repeats on the line). */
function scopesOf(line: ScopedToken[], text: string, nth = 0): string[] {
  const found = line.filter((t) => t.text === text)[nth];
  assert.ok(found, `a token "${text}" in ${JSON.stringify(line.map((t) => t.text))}`);
  return found.scopes;
}

function assertScope(line: ScopedToken[], text: string, scope: string, nth = 0): void {
  const scopes = scopesOf(line, text, nth);
  assert.ok(scopes.includes(scope), `"${text}" has ${scope}; it has ${scopes.join(' ')}`);
}

function assertNoScope(line: ScopedToken[], text: string, scopePrefix: string): void {
  const scopes = scopesOf(line, text);
  assert.ok(!scopes.some((s) => s.startsWith(scopePrefix)), `"${text}" has no ${scopePrefix}*; it has ${scopes.join(' ')}`);
}

const tokens = async (text: string) => tokenize(text);

describe('TextMate grammar (syntaxes/dockerfile.tmLanguage.json)', () => {
  describe('image references after FROM', () => {
    it('gives registry, name, tag and digest their own scopes', async () => {
      const [line] = await tokens('FROM docker.io/library/node:20.11-alpine@sha256:0123456789abcdef0123456789abcdef AS build');
      assertScope(line, 'FROM', 'keyword.other.instruction.from.dockerfile');
      assertScope(line, 'docker.io', 'entity.name.type.image.registry.dockerfile');
      assertScope(line, 'library/node', 'entity.name.type.image.name.dockerfile');
      assertScope(line, '20.11-alpine', 'constant.other.tag.dockerfile');
      assertScope(line, 'sha256:0123456789abcdef0123456789abcdef', 'constant.other.digest.dockerfile');
      assertScope(line, ':', 'punctuation.separator.tag.dockerfile');
      assertScope(line, '@', 'punctuation.separator.digest.dockerfile');
      assertScope(line, 'AS', 'keyword.control.as.dockerfile');
      assertScope(line, 'build', 'entity.name.stage.dockerfile');
    });

    it('takes a host with a port for a registry', async () => {
      const [line] = await tokens('FROM localhost:5000/team/app:1.0');
      assertScope(line, 'localhost:5000', 'entity.name.type.image.registry.dockerfile');
      assertScope(line, 'team/app', 'entity.name.type.image.name.dockerfile');
      assertScope(line, '1.0', 'constant.other.tag.dockerfile');
    });

    it('reads a first component without dot, port or localhost as part of the name, as Docker does', async () => {
      const [line] = await tokens('FROM bitnami/redis');
      assertScope(line, 'bitnami/redis', 'entity.name.type.image.name.dockerfile');
      assert.ok(!line.some((t) => t.scopes.some((s) => s.includes('registry'))));
    });

    it('scopes variables inside the name and tag, and --platform flags', async () => {
      const [line] = await tokens('FROM --platform=$BUILDPLATFORM ${BASE}:${TAG:-20} as builder');
      assertScope(line, 'platform', 'entity.other.attribute-name.flag.dockerfile');
      assertScope(line, 'BUILDPLATFORM', 'variable.other.dockerfile');
      assertScope(line, 'BASE', 'entity.name.type.image.name.dockerfile');
      assertScope(line, 'BASE', 'variable.other.dockerfile');
      assertScope(line, 'TAG', 'constant.other.tag.dockerfile');
      assertScope(line, 'TAG', 'variable.other.dockerfile');
      assertScope(line, '20', 'string.unquoted.default-value.dockerfile');
      assertScope(line, 'as', 'keyword.control.as.dockerfile');
    });

    it('marks scratch', async () => {
      const [line] = await tokens('FROM scratch');
      assertScope(line, 'scratch', 'constant.language.scratch.dockerfile');
    });

    it('is case-insensitive for instructions, like Docker', async () => {
      const [line] = await tokens('from node:20');
      assertScope(line, 'from', 'keyword.other.instruction.from.dockerfile');
      assertScope(line, 'node', 'entity.name.type.image.name.dockerfile');
    });
  });

  describe('instructions and flags', () => {
    it('scopes RUN flags with their values', async () => {
      const [line] = await tokens('RUN --mount=type=cache,target=/root/.cache go build ./...');
      assertScope(line, 'RUN', 'keyword.other.instruction.dockerfile');
      assertScope(line, 'mount', 'entity.other.attribute-name.flag.dockerfile');
      assertScope(line, 'type=cache,target=/root/.cache', 'string.unquoted.flag-value.dockerfile');
    });

    it('keeps a continued instruction going on the next line', async () => {
      const [first, second] = await tokens('RUN apt-get update && \\\n    apt-get install -y gcc');
      assertScope(first, '\\', 'punctuation.separator.continuation.line.dockerfile');
      assertScope(second, '    apt-get install -y gcc', 'meta.instruction.dockerfile');
    });

    it('reads COPY --from and ONBUILD triggers', async () => {
      const [copy, onbuild] = await tokens('COPY --from=builder /app /app\nONBUILD RUN make');
      assertScope(copy, 'from', 'entity.other.attribute-name.flag.dockerfile');
      assertScope(copy, 'builder', 'string.unquoted.flag-value.dockerfile');
      assertScope(onbuild, 'ONBUILD', 'keyword.other.instruction.dockerfile');
      assertScope(onbuild, 'RUN', 'keyword.other.instruction.dockerfile');
    });

    it('scopes ENV and ARG assignments and variables', async () => {
      const [env, arg] = await tokens('ENV PATH=/usr/local/bin:$PATH\nARG NODE_VERSION=20');
      assertScope(env, 'PATH', 'variable.other.assignment.dockerfile');
      assertScope(env, '=', 'keyword.operator.assignment.dockerfile');
      assertScope(env, 'PATH', 'variable.other.dockerfile', 1);
      assertScope(arg, 'NODE_VERSION', 'variable.other.assignment.dockerfile');
    });

    it('scopes exec-form strings', async () => {
      const [line] = await tokens('CMD ["node", "server.js"]');
      assertScope(line, 'node', 'string.quoted.double.dockerfile');
      assertScope(line, '[', 'punctuation.separator.array.dockerfile');
    });

    it('leaves an escaped dollar alone', async () => {
      const [line] = await tokens('RUN echo \\$HOME');
      assertScope(line, '\\$', 'constant.character.escape.dockerfile');
      assertNoScope(line, 'HOME', 'variable.other');
    });
  });

  describe('heredocs', () => {
    it('scopes the body until the delimiter line, with variables expanded', async () => {
      const lines = await tokens('RUN <<EOF\napt-get install -y $PKG\nEOF\nUSER app');
      assertScope(lines[0], '<<', 'keyword.operator.heredoc.dockerfile');
      assertScope(lines[0], 'EOF', 'entity.name.tag.heredoc-delimiter.dockerfile');
      assertScope(lines[1], 'apt-get install -y ', 'string.unquoted.heredoc.dockerfile');
      assertScope(lines[1], 'PKG', 'variable.other.dockerfile');
      assertScope(lines[2], 'EOF', 'entity.name.tag.heredoc-delimiter.dockerfile');
      assertScope(lines[3], 'USER', 'keyword.other.instruction.dockerfile');
      assertNoScope(lines[3], 'USER', 'string.unquoted.heredoc');
    });

    it('does not expand variables under a quoted delimiter, and reads the rest of the opening line', async () => {
      const lines = await tokens('COPY <<-"END" /etc/motd\nhello $USER\n\tEND');
      assertScope(lines[0], 'END', 'entity.name.tag.heredoc-delimiter.dockerfile');
      assertScope(lines[1], 'hello $USER', 'string.unquoted.heredoc.dockerfile');
      assertScope(lines[2], 'END', 'entity.name.tag.heredoc-delimiter.dockerfile');
    });
  });

  describe('comments, directives and ignore pragmas', () => {
    it('scopes parser directives', async () => {
      const [line] = await tokens('# syntax=docker/dockerfile:1.7');
      assertScope(line, 'syntax', 'keyword.other.directive.dockerfile');
      assertScope(line, 'docker/dockerfile:1.7', 'string.unquoted.directive-value.dockerfile');
    });

    it('scopes our own and hadolint ignore pragmas with their rule codes', async () => {
      const [hadolint, ours] = await tokens('# hadolint ignore=DL3006,DL3007\n# dockerfile-hygiene global ignore=latest-tag');
      assertScope(hadolint, 'hadolint', 'keyword.other.pragma.tool.dockerfile');
      assertScope(hadolint, 'ignore', 'keyword.control.ignore.dockerfile');
      assertScope(hadolint, 'DL3006', 'constant.other.rule-code.dockerfile');
      assertScope(hadolint, 'DL3007', 'constant.other.rule-code.dockerfile');
      assertScope(ours, 'global', 'storage.modifier.global.dockerfile');
      assertScope(ours, 'latest-tag', 'constant.other.rule-code.dockerfile');
    });

    it('scopes whole-line comments only: a # after an argument is not a comment', async () => {
      const [comment, run] = await tokens('  # pinned by the release job\nRUN echo hi # not a comment');
      assertScope(comment, ' pinned by the release job', 'comment.line.number-sign.dockerfile');
      assert.ok(!run.some((t) => t.scopes.some((s) => s.startsWith('comment'))), JSON.stringify(run));
    });

    it('scopes a comment line inside a continued RUN and keeps the RUN going after it, as Docker does', async () => {
      const lines = await tokens('RUN apt-get update && \\\n  # the compiler\n  apt-get install -y gcc\nUSER app');
      assertScope(lines[1], ' the compiler', 'comment.line.number-sign.dockerfile');
      assertScope(lines[2], '  apt-get install -y gcc', 'meta.instruction.dockerfile');
      assertScope(lines[3], 'USER', 'keyword.other.instruction.dockerfile');
    });
  });
});
