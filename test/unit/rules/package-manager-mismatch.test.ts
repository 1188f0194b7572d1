import * as rule from '../../../server/src/core/rules/packageManagerMismatch';
import { ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'apk on Alpine', code: 'FROM node:22-alpine\nRUN apk add --no-cache curl\n' },
    { name: 'apt-get on Debian', code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n' },
    { name: 'language package managers fit any base', code: 'FROM python:3.12-alpine\nRUN pip install flask\n' },
    { name: 'an unknown base is never guessed', code: 'FROM registry.example.com/team/base:1\nRUN apk add curl\n' },
  ],
  invalid: [
    {
      name: 'apt-get left behind by a switch to Alpine',
      code: 'FROM node:22-alpine\nRUN apt-get update && apt-get install -y build-essential\n',
      findings: [
        { range: [1, 4, 1, 18], message: /apt-get on Alpine base node:22-alpine; Alpine uses apk/ },
        { range: [1, 22, 1, 56] },
      ],
    },
    {
      name: 'apk on Debian, through a stage chain',
      code: 'FROM python:3.12-slim AS base\nFROM base\nRUN apk add gcc\n',
      findings: [{ range: [2, 4, 2, 15], message: /Debian uses apt/ }],
    },
    {
      name: 'yum on Ubuntu',
      code: 'FROM ubuntu:24.04\nRUN yum install -y gcc\n',
      findings: [{ range: [1, 4, 1, 22] }],
    },
  ],
});
