import * as rule from '../../../server/src/core/rules/staleDigest';
import { D1, D2, factsFrom } from '../../support/facts';
import { ruleTester } from '../../support/ruleTester';

const moved = factsFrom({ 'docker.io/library/node:20-alpine': { digest: D2, created: '2026-11-19T08:00:00Z' } });

ruleTester(rule, {
  valid: [
    { name: 'the pin is where the tag points', code: `FROM node:20-alpine@${D2}\n`, facts: moved },
    { name: 'no facts, no verdict', code: `FROM node:20-alpine@${D1}\n` },
    {
      name: 'a registry problem is never a stale pin',
      code: `FROM node:20-alpine@${D1}\n`,
      facts: factsFrom({ 'docker.io/library/node:20-alpine': { problem: { registry: 'docker.io', kind: 'timeout', message: 'timed out' } } }),
    },
    { name: 'a tag without pin is another rule', code: 'FROM node:20-alpine\n', facts: moved },
  ],
  invalid: [
    {
      name: 're-pushed tag: the digest is the range, refresh is preferred',
      code: `FROM node:20-alpine@${D1} AS run\n`,
      facts: moved,
      findings: [{ range: [0, 20, 0, 91], message: /re-pushed \(its image was built 2026-11-19, 3 days ago\).*sha256:222222222222…/ }],
      digest: D2,
      output: `FROM node:20-alpine@${D2} AS run\n`,
    },
    {
      name: 'the platform of FROM --platform is asked',
      code: `FROM --platform=linux/arm64 node:20-alpine@${D1}\n`,
      facts: factsFrom({ 'docker.io/library/node:20-alpine|linux/arm64': { digest: D2 } }),
      findings: [{ range: [0, 43, 0, 114] }],
    },
  ],
});
