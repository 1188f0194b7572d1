import * as rule from '../../../server/src/core/rules/unknownImage';
import { factsFrom } from '../../support/facts';
import { ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a known tag', code: 'FROM node:20\n', facts: factsFrom({ 'docker.io/library/node:20': { digest: 'sha256:' + '1'.repeat(64) } }) },
    { name: 'no facts', code: 'FROM node:99\n' },
  ],
  invalid: [
    {
      name: 'a missing tag names near tags of the same variant',
      code: 'FROM node:20.99-alpine\n',
      facts: factsFrom({ 'docker.io/library/node:20.99-alpine': { notFound: 'tag', tags: ['20.18-alpine', '20.17-alpine', '20.18', '21.0-alpine'] } }),
      findings: [{ range: [0, 10, 0, 22], message: /no tag 20\.99-alpine; near tags: 21\.0-alpine, 20\.18-alpine, 20\.17-alpine/ }],
    },
    {
      name: 'a missing repository points at the name',
      code: 'FROM 127.0.0.1:5000/team/nope:1.0\n',
      facts: factsFrom({ '127.0.0.1:5000/team/nope:1.0': { notFound: 'repository' } }),
      findings: [{ range: [0, 20, 0, 29], message: /127\.0\.0\.1:5000\/team\/nope does not exist/ }],
    },
  ],
});
