import * as rule from '../../../server/src/core/rules/staleTag';
import { D1, D2, factsFrom } from '../../support/facts';
import { ruleTester } from '../../support/ruleTester';

const tags = ['20', '20-alpine', '20.10.0-alpine', '20.10.5-alpine', '20.18.1-alpine', '20.10.0', '20.18.1', '22.0.0-rc.1-alpine', '20-alpine3.18', '20-alpine3.20'];
const facts = factsFrom(Object.fromEntries(
  ['20.10.0-alpine', '20.18.1-alpine', '20-alpine', '20-alpine3.18', '20.18.1'].map((t) => [`docker.io/library/node:${t}`, { digest: D2, tags }]),
));

ruleTester(rule, {
  valid: [
    {
      name: 'an Ubuntu LTS never moves to an interim release',
      code: 'FROM ubuntu:24.04\n',
      facts: factsFrom({ 'docker.io/library/ubuntu:24.04': { digest: D2, tags: ['22.04', '24.04', '24.10', '25.04', '25.10'] } }),
    },
    { name: 'the newest patch of the newest minor', code: 'FROM node:20.18.1-alpine\n', facts },
    {
      name: 'a tag list cut off by the page cap claims no newest tag',
      code: 'FROM node:20.10.0-alpine\n',
      facts: factsFrom({ 'docker.io/library/node:20.10.0-alpine': { digest: D2, tags, tagsIncomplete: true } }),
    },
    { name: 'a floating tag is not stale by its tag', code: 'FROM node:20-alpine\n', facts },
    { name: 'no tag list, no verdict', code: 'FROM node:20.10.0-alpine\n' },
    { name: 'another variant is never offered', code: 'FROM node:20.18.1\n', facts },
  ],
  invalid: [
    {
      name: 'a newer patch only on a newer Alpine suffix is its own labelled, unsafe offer, not the newest patch',
      code: 'FROM node:20.11.1-alpine3.18\n',
      facts: factsFrom({ 'docker.io/library/node:20.11.1-alpine3.18': { digest: D2, tags: ['20.11.1-alpine3.18', '20.11.4-alpine3.18', '20.11.5-alpine3.19'] } }),
      findings: [{ range: [0, 10, 0, 28], message: /20\.11\.4-alpine3\.18 \(newest patch\), 20\.11\.5-alpine3\.19 \(newest patch, on alpine3\.19\)/ }],
      output: 'FROM node:20.11.4-alpine3.18\n',
    },
    {
      name: 'an older patch gets patch and minor, patch preferred',
      code: 'FROM node:20.10.0-alpine\n',
      facts,
      findings: [{ range: [0, 10, 0, 24], message: /20\.10\.5-alpine \(newest patch\), 20\.18\.1-alpine \(newest 20\.x\)/ }],
      output: 'FROM node:20.10.5-alpine\n',
    },
    {
      name: 'update to the newest minor when chosen',
      code: 'FROM node:20.10.0-alpine\n',
      facts,
      findings: [{ range: [0, 10, 0, 24] }],
      fix: /20\.18\.1-alpine/,
      output: 'FROM node:20.18.1-alpine\n',
    },
    {
      name: 'a compound variant advances its own version',
      code: 'FROM node:20-alpine3.18\n',
      facts,
      findings: [{ range: [0, 10, 0, 23], message: /20-alpine3\.20/ }],
      output: 'FROM node:20-alpine3.20\n',
    },
    {
      name: 'a pinned tag is updated and re-pinned through the registry',
      code: `FROM node:20.10.0-alpine@${D1}\n`,
      facts,
      findings: [{ range: [0, 10, 0, 24] }],
      digest: D2,
      output: `FROM node:20.10.5-alpine@${D2}\n`,
    },
    {
      name: 'a tag from an ARG is updated in the ARG',
      code: 'ARG NODE=20.10.0\nFROM node:${NODE}-alpine\n',
      facts,
      findings: [{ range: [1, 5, 1, 24] }],
      output: 'ARG NODE=20.10.5\nFROM node:${NODE}-alpine\n',
    },
  ],
});
