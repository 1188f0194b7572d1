import * as rule from '../../../server/src/core/rules/nonMinimalBase';
import { D1, factsFrom } from '../../support/facts';
import { ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'alpine is minimal', code: 'FROM node:22-alpine\n' },
    { name: 'slim is minimal', code: 'FROM python:3.12-slim\n' },
    { name: 'distroless is minimal', code: 'FROM gcr.io/distroless/static-debian12\n' },
    { name: 'scratch is minimal', code: 'FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /app /app\n' },
    { name: 'an SDK in the final stage is left to missing-multi-stage', code: 'FROM golang:1.23\nRUN go build -o /app .\nCMD ["/app"]\n' },
    { name: 'builder stages are not judged', code: 'FROM node:22 AS build\nRUN npm ci\nFROM node:22-alpine\nCOPY --from=build /app /app\n' },
  ],
  invalid: [
    {
      name: 'a full runtime image in the final stage; Alpine is offered but never preferred',
      code: 'FROM node:22\nCMD ["node", "index.js"]\n',
      findings: [{ range: [0, 10, 0, 12], message: /node:22/ }],
      fix: /Switch to Alpine/,
      output: 'FROM node:22-alpine\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'slim for a debian base',
      code: 'FROM debian:bookworm\n',
      findings: [{ range: [0, 12, 0, 20] }],
      fix: /Switch to slim/,
      output: 'FROM debian:bookworm-slim\n',
    },
    {
      name: 'a final stage that follows a full stage is judged by its root',
      code: 'FROM python:3.12 AS base\nFROM base\n',
      findings: [{ range: [0, 12, 0, 16] }],
    },
    {
      name: 'a pinned full image switches through the registry and is pinned again',
      code: `FROM node:22@${D1}\n`,
      findings: [{ range: [0, 10, 0, 12] }],
      fix: /Switch to Alpine/,
      digest: D1,
      output: `FROM node:22-alpine@${D1}\n`,
    },
    {
      name: 'with a tag list, only alternatives that exist are offered',
      code: 'FROM node:22\n',
      facts: factsFrom({ 'docker.io/library/node:22': { tags: ['22', '22-slim'] } }),
      findings: [{ range: [0, 10, 0, 12], message: /node:22-slim or gcr.io\/distroless\/nodejs22-debian12 ship/ }],
      fix: /Switch to slim/,
      output: 'FROM node:22-slim\n',
    },
  ],
});
