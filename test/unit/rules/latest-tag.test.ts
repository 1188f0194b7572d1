import * as rule from '../../../server/src/core/rules/latestTag';
import { ruleTester } from '../../support/ruleTester';

const digest = `sha256:${'b'.repeat(64)}`;

ruleTester(rule, {
  valid: [
    { name: 'a version tag', code: 'FROM node:22-alpine\n' },
    { name: 'latest with a digest is pinned', code: `FROM node:latest@${digest}\n` },
    { name: 'untagged is another rule', code: 'FROM node\n' },
    { name: 'a stage named latest is a stage', code: 'FROM alpine:3.20 AS latest\nFROM latest\n' },
  ],
  invalid: [
    {
      name: 'explicit latest, the tag is the range, pin keeps the tag',
      code: 'FROM ubuntu:latest\nRUN true\n',
      findings: [{ range: [0, 12, 0, 18], message: /ubuntu:latest/ }],
      digest,
      output: `FROM ubuntu:latest@${digest}\nRUN true\n`,
    },
    {
      name: 'latest from an ARG default is fixed in the ARG',
      code: 'ARG IMAGE=registry.example.com:5000/base:latest\nFROM $IMAGE\n',
      findings: [{ range: [0, 41, 0, 47] }],
      digest,
      output: `ARG IMAGE=registry.example.com:5000/base:latest@${digest}\nFROM $IMAGE\n`,
    },
  ],
});
