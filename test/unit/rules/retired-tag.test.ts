import * as rule from '../../../server/src/core/rules/retiredTag';
import { ruleTester } from '../../support/ruleTester';

const NOW = '2026-12-02';

ruleTester(rule, {
  valid: [
    { name: 'a maintained floating tag', code: 'FROM node:24-alpine\n', now: NOW },
    { name: 'a tag eol-base reports is left to it (one finding per reference)', code: 'FROM node:16-alpine\n', now: NOW },
    { name: 'a private image is not in the table', code: 'FROM registry.example.com/team/redis:7.0-alpine\n', now: NOW },
    { name: 'a full patch version pins one build: not a floating tag', code: 'FROM node:24.4.1-alpine\n', now: NOW },
    { name: 'a retired tag of an expired line is eol-base\'s finding', code: 'FROM redis:7.0-alpine\n', now: NOW },
  ],
  invalid: [
    {
      name: 'a minor line of a supported node that stopped being rebuilt: the nearest maintained tag of the same shape',
      code: 'FROM node:24.4-alpine\n',
      now: NOW,
      findings: [{ range: [0, 10, 0, 21], message: /^node:24\.4-alpine was last listed by the official images on \d{4}-\d\d-\d\d and is no longer rebuilt; 24\.19-alpine is the nearest/ }],
      output: 'FROM node:24.19-alpine\n',
    },
    {
      name: 'a retired variant with no maintained tag of its shape: reported, no move',
      code: 'FROM golang:onbuild\n',
      now: NOW,
      findings: [{ range: [0, 12, 0, 19], message: /no maintained tag of the same shape is published/ }],
      noFix: true,
    },
    {
      name: 'the move stays on the same line when it is maintained (22.10 to 22.23, not to 24)',
      code: 'FROM node:22.10-alpine\n',
      now: NOW,
      findings: [{ range: [0, 10, 0, 22] }],
      output: 'FROM node:22.23-alpine\n',
    },
  ],
});
