import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { rules } from '../../server/src/core/rules';
import { docsUrl } from '../../server/src/core/rules/rule';

const root = path.resolve(__dirname, '../../..');
const docs = readFileSync(path.join(root, 'docs/rules.md'), 'utf8');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** The `### <name>` section of docs/rules.md, up to the next heading. */
function section(name: string): string | undefined {
  const start = docs.indexOf(`\n### ${name}\n`);
  if (start < 0) return undefined;
  const end = docs.indexOf('\n### ', start + 5);
  return docs.slice(start, end < 0 ? undefined : end);
}

function example(text: string, label: 'Bad' | 'Good'): string | undefined {
  return new RegExp(`${label}:\\n\`\`\`dockerfile\\n([\\s\\S]*?)\`\`\``).exec(text)?.[1];
}

describe('every rule', () => {
  it('has a unique code and a unique kebab-case name', () => {
    assert.equal(new Set(rules.map((r) => r.meta.code)).size, rules.length);
    assert.equal(new Set(rules.map((r) => r.meta.name)).size, rules.length);
    for (const r of rules) assert.match(r.meta.name, /^[a-z]+(-[a-z]+)*$/);
  });

  for (const rule of rules) {
    const { name, code } = rule.meta;
    describe(`${name} (${code})`, () => {
      it('has a test table named after it', () => {
        assert.ok(existsSync(path.join(root, 'test/unit/rules', `${name}.test.ts`)), `test/unit/rules/${name}.test.ts`);
      });
      it('has a docs section with a bad and a good example, linked from the README', () => {
        const text = section(name);
        assert.ok(text, `docs/rules.md has "### ${name}"`);
        assert.ok(text.includes(code), 'the section names the code');
        assert.ok(example(text, 'Bad') && example(text, 'Good'), 'Bad: and Good: examples');
        assert.ok(readme.includes(name), 'README mentions the rule');
        assert.ok(docsUrl(name).endsWith(`#${name}`));
      });
      if (!rule.meta.needsRegistry) {
        it('its bad example triggers it and its good example does not', () => {
          const text = section(name)!;
          // A policy rule's examples run under the configuration its section shows.
          const configured = /Configuration:\n```json\n([\s\S]*?)\n```/.exec(text);
          const allowedRegistries = configured ? (JSON.parse(configured[1]) as { allowedRegistries?: string[] }).allowedRegistries : undefined;
          const findings = (code: string) => analyze(code, { now: new Date('2026-11-22'), allowedRegistries }).findings.filter((f) => f.rule === name);
          assert.ok(findings(example(text, 'Bad')!).length > 0, 'bad example is flagged');
          assert.deepEqual(findings(example(text, 'Good')!), [], 'good example is clean');
        });
      }
    });
  }
});
