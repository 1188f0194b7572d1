import * as rule from '../../../server/src/core/rules/latestTag';
import { ruleTester } from '../../support/ruleTester';

const digest = `sha256:${'b'.repeat(64)}`;

ruleTester(rule, {
  valid: [
    { name: 'a version tag', code: 'FROM node:22-alpine\n' },
    { name: 'latest with a digest is pinned', code: `FROM node:latest@${digest}\n` },
    { name: 'untagged is another rule', code: 'FROM node\n' },
    { name: 'a stage named latest is a stage', code: 'FROM alpine:3.20 AS latest\nFROM latest\n' },
    { name: 'COPY --from a stage is not an image', code: 'FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=build /a /a\n' },
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
      name: 'COPY --from an image is a reference like a FROM: flagged on its tag, pinned in place',
      code: 'FROM python:3.14-slim\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/\n',
      findings: [{ range: [1, 33, 1, 39], message: /^ghcr\.io\/astral-sh\/uv:latest follows whatever was pushed last/ }],
      digest,
      output: `FROM python:3.14-slim\nCOPY --from=ghcr.io/astral-sh/uv:latest@${digest} /uv /bin/\n`,
    },
    {
      name: 'a RUN --mount from an image, and the syntax directive, are references too',
      code: '# syntax=docker/dockerfile:latest\nFROM alpine:3.23\nRUN --mount=type=bind,from=node:latest,source=/usr/local/bin/node,target=/n cp /n /usr/bin/\n',
      findings: [{ range: [0, 27, 0, 33] }, { range: [2, 32, 2, 38] }],
      digest,
      output: `# syntax=docker/dockerfile:latest@${digest}\nFROM alpine:3.23\nRUN --mount=type=bind,from=node:latest,source=/usr/local/bin/node,target=/n cp /n /usr/bin/\n`,
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
