import * as rule from '../../../server/src/core/rules/packageManagerMismatch';
import { ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'apk inside an if on $ID from os-release', code: 'FROM debian:trixie\nRUN . /etc/os-release; if [ "$ID" = alpine ]; then apk add --no-cache curl; else apt-get install -y curl; fi\n' },
    { name: 'apk in a case on $ID', code: 'FROM node:22\nRUN case "$ID" in alpine) apk add git ;; *) apt-get install -y git ;; esac\n' },
    { name: 'apk after command -v apk', code: 'FROM ubuntu:24.04\nRUN command -v apk && apk add curl || apt-get install -y curl\n' },
    { name: 'a digest-only reference says nothing about its distribution', code: `FROM node@sha256:${'a'.repeat(64)}\nRUN apk add curl\n` },
    { name: 'mysql 5.7 was Debian, then Oracle Linux: unknown without -debian or -oracle', code: 'FROM mysql:5.7\nRUN apt-get install -y curl\n' },
    { name: 'mysql 8 is Oracle Linux', code: 'FROM mysql:8.4\nRUN microdnf install -y nc\n' },
    { name: 'apk on Alpine', code: 'FROM node:22-alpine\nRUN apk add --no-cache curl\n' },
    { name: 'apt-get on Debian', code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n' },
    { name: 'language package managers fit any base', code: 'FROM python:3.12-alpine\nRUN pip install flask\n' },
    { name: 'an unknown base is never guessed', code: 'FROM registry.example.com/team/base:1\nRUN apk add curl\n' },
  ],
  invalid: [
    {
      name: 'apt-get left behind by a switch to Alpine',
      code: 'FROM node:22-alpine\nRUN apt-get update && apt-get install -y build-essential\n',
      findings: [{ range: [1, 4, 1, 18], message: /^apt-get \(line 2\) on Alpine base node:22-alpine; Alpine uses apk/ }],
    },
    {
      name: 'one finding per RUN, naming every line of it',
      code: 'FROM alpine:3.23\nRUN apt-get update \\\n && apt-get install -y curl \\\n && apt-get clean\nRUN yum install -y git\n',
      findings: [{ range: [1, 4, 1, 18], message: /^apt-get \(lines 2, 3, 4\) on Alpine/ }, { range: [4, 4, 4, 22], message: /^yum \(line 5\)/ }],
    },
    {
      name: 'mysql 5.6 is Debian',
      code: 'FROM mysql:5.6\nRUN yum install -y nc\n',
      findings: [{ range: [1, 4, 1, 21], message: /on Debian base mysql:5\.6; Debian uses apt/ }],
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
