import * as rule from '../../../server/src/core/rules/untaggedImage';
import { ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a version tag is explicit', code: 'FROM node:22\n' },
    { name: 'a digest alone is explicit', code: `FROM node@sha256:${'a'.repeat(64)}\n` },
    { name: 'scratch is no image', code: 'FROM scratch\n' },
    { name: 'an earlier stage is no image', code: 'FROM golang:1.23 AS build\nFROM build\n' },
    { name: 'an ARG without default is not guessed', code: 'ARG BASE\nFROM $BASE\n' },
    { name: 'a registry port is not a tag, but the tag after it is', code: 'FROM 127.0.0.1:5000/app:1.0\n' },
  ],
  invalid: [
    { name: 'bare image name', code: 'FROM node\n', findings: [{ range: [0, 5, 0, 9], message: /node:latest/ }] },
    { name: 'registry with port and no tag', code: 'FROM localhost:5000/team/app\n', findings: [{ range: [0, 5, 0, 28] }] },
    {
      name: 'an ARG default with no tag is reported where it is written',
      code: 'ARG BASE=python\nFROM ${BASE} AS app\n',
      findings: [{ range: [0, 9, 0, 15] }],
    },
    { name: 'with --platform', code: 'FROM --platform=linux/arm64 alpine\n', findings: [{ range: [0, 28, 0, 34] }] },
  ],
});
