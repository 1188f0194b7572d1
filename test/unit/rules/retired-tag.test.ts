import * as rule from '../../../server/src/core/rules/retiredTag';
import { ruleTester } from '../../support/ruleTester';

const NOW = '2026-12-02';

ruleTester(rule, {
  valid: [
    { name: 'a maintained floating tag', code: 'FROM redis:7.4-alpine\n', now: NOW },
    { name: 'a tag eol-base reports is left to it (one finding per reference)', code: 'FROM node:16-alpine\n', now: NOW },
    { name: 'a private image is not in the table', code: 'FROM registry.example.com/team/redis:7.0-alpine\n', now: NOW },
    { name: 'a full patch version pins one build: not a floating tag', code: 'FROM redis:7.0.15-alpine\n', now: NOW },
  ],
  invalid: [
    {
      name: 'redis 7.0 stopped being rebuilt: the nearest maintained tag of the same shape',
      code: 'FROM redis:7.0-alpine\n',
      now: NOW,
      findings: [{ range: [0, 11, 0, 21], message: /^redis:7\.0-alpine was last listed by the official images on \d{4}-\d\d-\d\d and is no longer rebuilt; 7\.2-alpine is the nearest/ }],
      output: 'FROM redis:7.2-alpine\n',
    },
    {
      name: 'a retired variant with no maintained tag of its shape: reported, no move',
      code: 'FROM golang:onbuild\n',
      now: NOW,
      findings: [{ range: [0, 12, 0, 19], message: /no maintained tag of the same shape is published/ }],
      noFix: true,
    },
    {
      name: 'the move skips maintained tags on an expired line',
      code: 'FROM alpine:3.3\n',
      now: NOW,
      findings: [{ range: [0, 12, 0, 15] }],
      noFix: /alpine:3\.21\b/,
    },
  ],
});
