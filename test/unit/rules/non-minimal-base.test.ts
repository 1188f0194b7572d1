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
    { name: 'debian: its slim variant has the same packages, without documentation and locales', code: 'FROM debian:bookworm\n' },
    { name: 'ubuntu: no smaller Ubuntu variant, and Debian is another distribution', code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y software-properties-common\n' },
    { name: 'php: the only smaller variant is Alpine, another distribution', code: 'FROM php:8.4-fpm-trixie\n' },
    { name: 'rabbitmq on Ubuntu: the only smaller variant is Alpine', code: 'FROM rabbitmq:4.1-management\n' },
    { name: 'a base for other images: no start of its own, nothing from the context (the rails image)', code: 'FROM ruby:2.3\nRUN apt-get update && apt-get install -y nodejs\nRUN gem install rails --version 5.0.1\n' },
    { name: 'a test runner on the full image', code: 'FROM python:3.14\nCOPY . ./\nRUN pip install -r requirements-test.txt\nCMD ["pytest", "-s", "dags/example_dag_test.py"]\n' },
    { name: 'native gems built with the full image compiler', code: 'FROM ruby:3.4\nCOPY . /app\nRUN bundle install\nCMD ["bundle", "exec", "puma"]\n' },
    { name: 'an ONBUILD base builds its users\' apps with the full toolchain', code: 'FROM python:3.4\nONBUILD COPY . /usr/src/app\nONBUILD RUN pip install -r requirements.txt\n' },
    { name: 'a JDK image is an SDK: missing-multi-stage judges it', code: 'FROM eclipse-temurin:21-jdk\nCOPY app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n' },
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
      name: 'no Switch to Alpine where the stage installs with apt, no distroless where it has RUN lines',
      code: 'FROM python:3.12\nRUN apt-get update && apt-get install -y libpq5\nCOPY . /app\nCMD ["python", "/app/main.py"]\n',
      findings: [{ range: [0, 12, 0, 16] }],
      noFix: /Alpine|distroless/,
    },
    {
      name: 'distroless is offered, tagged, for a stage with no RUN and an exec-form start',
      code: 'FROM node:24\nCOPY . /app\nCMD ["/app/server.js"]\n',
      findings: [{ range: [0, 10, 0, 12] }],
      fix: /Switch to distroless/,
      output: 'FROM gcr.io/distroless/nodejs24-debian13:nonroot\nCOPY . /app\nCMD ["/app/server.js"]\n',
    },
    {
      name: 'no distroless for a shell-form start',
      code: 'FROM node:24\nCOPY . /app\nCMD node /app/server.js\n',
      findings: [{ range: [0, 10, 0, 12] }],
      noFix: /distroless/,
    },
    {
      name: 'a final stage that follows a full stage is judged by its root',
      code: 'FROM python:3.12 AS base\nFROM base\nCOPY . /app\nCMD ["python", "/app/main.py"]\n',
      findings: [{ range: [0, 12, 0, 16] }],
    },
    {
      name: 'a pinned full image switches through the registry and is pinned again',
      code: `FROM node:22@${D1}\nCOPY . /app\nCMD ["node", "/app"]\n`,
      findings: [{ range: [0, 10, 0, 12] }],
      fix: /Switch to Alpine/,
      digest: D1,
      output: `FROM node:22-alpine@${D1}\nCOPY . /app\nCMD ["node", "/app"]\n`,
    },
    {
      name: 'with a tag list, only alternatives that exist are offered',
      code: 'FROM node:22\nCOPY . /app\nCMD ["node", "/app"]\n',
      facts: factsFrom({ 'docker.io/library/node:22': { tags: ['22', '22-slim'] } }),
      findings: [{ range: [0, 10, 0, 12], message: /^The final image runs on node:22, the full node variant, built on buildpack-deps \(gcc, make, -dev headers, git and other build tools\); node:22-slim is the same node on the same Debian release without them: fewer packages to patch\.$/ }],
      fix: /Switch to slim/,
      output: 'FROM node:22-slim\nCOPY . /app\nCMD ["node", "/app"]\n',
    },
  ],
});
