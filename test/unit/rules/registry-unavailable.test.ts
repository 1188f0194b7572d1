import * as rule from '../../../server/src/core/rules/registryUnavailable';
import { factsFrom } from '../../support/facts';
import { ruleTester } from '../../support/ruleTester';

const down = { problem: { registry: 'docker.io', kind: 'rate-limited' as const, message: 'docker.io rate-limited us (429); retry after 60 s.' } };

ruleTester(rule, {
  valid: [
    { name: 'without asking the registry, nothing to say', code: 'FROM node:20\n' },
    { name: 'an answering registry', code: 'FROM node:20\n', facts: factsFrom({ 'docker.io/library/node:20': { tags: ['20'] } }) },
  ],
  invalid: [
    {
      name: 'one information per registry, however many FROMs',
      code: 'FROM node:20 AS a\nFROM node:22\n',
      facts: factsFrom({ 'docker.io/library/node:20': down, 'docker.io/library/node:22': down }),
      findings: [{ range: [0, 5, 0, 12], message: /rate-limited.*skipped for docker\.io/ }],
    },
  ],
});
