import * as rule from '../../../server/src/core/rules/eolBase';
import { ruleTester } from '../../support/ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a supported node LTS', code: 'FROM node:22-alpine\n' },
    { name: 'node 20 before its end of life', code: 'FROM node:20\n', now: '2026-01-15' },
    { name: 'latest names no release line', code: 'FROM node:latest\n' },
    { name: 'a supported debian codename', code: 'FROM debian:bookworm-slim\n' },
    { name: 'an unknown private image is never guessed', code: 'FROM registry.example.com/team/node:16\n' },
  ],
  invalid: [
    {
      name: 'node 16 in a builder stage is reported too, with the date and a supported version in the same variant',
      code: 'FROM node:16-alpine AS build\nFROM nginx:1.27-alpine\n',
      findings: [{ range: [0, 10, 0, 12], message: /node 16( \(gallium\))? reached end of life on 2023-09-11; move to node:24-alpine/ }],
      output: 'FROM node:24-alpine AS build\nFROM nginx:1.27-alpine\n',
    },
    {
      name: 'node 20 on the day after its end of life',
      code: 'FROM node:20\n',
      now: '2026-05-01',
      findings: [{ range: [0, 10, 0, 12], message: /node 20( \(iron\))? reached end of life on 2026-04-30/ }],
    },
    {
      name: 'the OS codename inside a python tag is its own finding',
      code: 'FROM python:3.12-slim-buster\n',
      findings: [{ range: [0, 22, 0, 28], message: /buster/ }],
      output: 'FROM python:3.12-slim-trixie\n',
    },
    {
      name: 'an EOL debian codename',
      code: 'FROM debian:buster\n',
      findings: [{ range: [0, 12, 0, 18] }],
    },
    {
      name: 'a version from an ARG default is moved in the ARG',
      code: 'ARG PY=3.8\nFROM python:${PY}-slim\n',
      findings: [{ range: [0, 7, 0, 10], message: /python 3\.8/ }],
      output: 'ARG PY=3.14\nFROM python:${PY}-slim\n',
    },
  ],
});
