import { strict as assert } from 'node:assert';
import { analyze } from '../../../server/src/core/analyze';
import * as rule from '../../../server/src/core/rules/eolSoon';
import { ruleTester } from '../../support/ruleTester';

const NOW = '2026-12-02';

ruleTester(rule, {
  valid: [
    { name: 'a line supported well past the window', code: 'FROM node:24-alpine\n', now: NOW },
    { name: 'a line already past end of life is eol-base\'s finding, not this one', code: 'FROM node:20\n', now: NOW },
    { name: 'node 22 half a year earlier is outside the window', code: 'FROM node:22\n', now: '2026-06-01' },
  ],
  invalid: [
    {
      name: 'node 22 ends within 180 days: the date, the days left, and the line to move to',
      code: 'FROM node:22-alpine\n',
      now: NOW,
      findings: [{ range: [0, 10, 0, 12], message: /^node 22 reaches end of life on 2027-04-30 \(in 149 days\); node:26-alpine is supported until 2029-04-30\.$/ }],
      output: 'FROM node:26-alpine\n',
    },
  ],
});

describe('eol-soon window (eolSoonDays)', () => {
  const soon = (code: string, eolSoonDays?: number) =>
    analyze(code, { now: new Date('2026-12-02T00:00:00Z'), eolSoonDays }).findings.filter((f) => f.rule === 'eol-soon').map((f) => f.message);
  it('a longer window reaches lines that end later', () => {
    assert.deepEqual(soon('FROM node:24-alpine\n'), []);
    assert.match(soon('FROM node:24-alpine\n', 730)[0], /^node 24 reaches end of life on 2028-04-30 \(in 515 days\)/);
  });
  it('a shorter window lets a line ending in 149 days go', () => assert.deepEqual(soon('FROM node:22-alpine\n', 90), []));
});
