import * as rule from '../../../server/src/core/rules/unpinnedDigest';
import { ruleTester } from '../../support/ruleTester';

const digest = `sha256:${'c'.repeat(64)}`;

ruleTester(rule, {
  valid: [
    { name: 'tag with digest is pinned', code: `FROM node:22@${digest}\n` },
    { name: 'latest is reported by latest-tag, not twice', code: 'FROM node:latest\n' },
    { name: 'untagged is reported by untagged-image, not twice', code: 'FROM node\n' },
    { name: 'scratch', code: 'FROM scratch\n' },
    { name: 'ignored for the next instruction by our pragma', code: '# dockerfile-hygiene ignore=unpinned-digest\nFROM node:22\n' },
    { name: 'ignored for the file by code', code: '# dockerfile-hygiene global ignore=DPH003\nFROM node:22\nFROM debian:12\n' },
  ],
  invalid: [
    {
      name: 'a tag alone is mutable; pin keeps the tag',
      code: 'FROM node:20-alpine AS build\n',
      findings: [{ range: [0, 10, 0, 19], message: /node:20-alpine/ }],
      digest,
      output: `FROM node:20-alpine@${digest} AS build\n`,
    },
    {
      name: 'a tag built from two ARGs pins at the end of the last one',
      code: 'ARG V=3.12\nARG FLAVOUR=slim\nFROM python:${V}-${FLAVOUR}\n',
      findings: [{ range: [2, 5, 2, 27] }],
      digest,
      output: `ARG V=3.12\nARG FLAVOUR=slim@${digest}\nFROM python:\${V}-\${FLAVOUR}\n`,
    },
    {
      name: 'an ignore pragma covers only the next instruction',
      code: '# dockerfile-hygiene ignore=unpinned-digest\nFROM node:22\nFROM debian:12\n',
      findings: [{ range: [2, 12, 2, 14] }],
    },
  ],
});
