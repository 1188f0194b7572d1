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
      findings: [{ range: [0, 10, 0, 12], message: /node 16( \(gallium\))? reached end of life on 2023-09-11; move to node:26-alpine/ }, { range: [1, 11, 1, 15], message: /nginx 1\.27 reached end of life on 2025-06-24; move to nginx:1\.30-alpine/ }],
      output: 'FROM node:26-alpine AS build\nFROM nginx:1.27-alpine\n',
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
    {
      name: 'runtime and OS both past end of life: one finding, both dates, one move to a published tag',
      code: 'FROM node:16-bullseye\n',
      now: '2026-12-02',
      findings: [{ range: [0, 10, 0, 21], message: /^node 16 reached end of life on 2023-09-11 and debian 11 \(bullseye\) reached end of life on 2026-08-31; move to node:26-trixie/ }],
      output: 'FROM node:26-trixie\n',
    },
    {
      name: 'python and alpine both past end of life, the alpine version moves with the runtime',
      code: 'FROM python:3.7-alpine3.9\n',
      now: '2026-12-02',
      findings: [{ range: [0, 12, 0, 25], message: /python 3\.7 .* and alpine 3\.9 / }],
      output: 'FROM python:3.14-alpine3.24\n',
    },
    {
      name: 'a retired variant is not carried onto a new version (node:24-onbuild was never published)',
      code: 'FROM node:18-onbuild\n',
      now: '2026-12-02',
      findings: [{ range: [0, 10, 0, 12], message: /no published tag of this variant is on a supported line/ }],
      noFix: true,
    },
    {
      name: 'a tag that is not a version is not bumped (node:18s)',
      code: 'FROM node:18s\n',
      now: '2026-12-02',
      findings: [{ range: [0, 10, 0, 12] }],
      noFix: true,
    },
    {
      name: 'Python 2 to 3 is a port, not a version move',
      code: 'FROM python:2.7-slim\n',
      now: '2026-12-02',
      findings: [{ range: [0, 12, 0, 15], message: /is a port to a new major version/ }],
      noFix: true,
    },
    {
      name: 'an OS move on a pinned patch version goes to the lowest published version with that OS',
      code: 'FROM rust:1.70.0-slim-bullseye\n',
      now: '2026-12-02',
      findings: [{ range: [0, 10, 0, 30], message: /rust 1\.70 reached end of life on \d{4}-\d\d-\d\d and debian 11 \(bullseye\) .*; move to rust:1\.\d+(\.\d+)?-slim-trixie/ }],
      noFix: /rust:1\.70\.0-slim-trixie/,
    },
    {
      name: 'untagged centos still pulls what latest last was (CentOS 8, from the official-images history)',
      code: 'FROM centos\n',
      now: '2026-12-02',
      findings: [{ range: [0, 5, 0, 11], message: /^centos still pulls what centos:latest last was, centos:8[\d.]*, which is no longer published; centos 8 reached end of life on 2021-12-31; .*move to almalinux:8 / }],
      output: 'FROM almalinux:8\n',
    },
    {
      name: 'a major-only tag is the newest line it names (php:7-apache is 7.4)',
      code: 'FROM php:7-apache\n',
      now: '2026-12-02',
      findings: [{ range: [0, 9, 0, 10], message: /^php 7\.4 reached end of life on 2022-11-28; move to php:8\.\d+-apache/ }],
    },
    {
      name: 'Temurin writes the Alpine release with a dash',
      code: 'FROM eclipse-temurin:17-jdk-alpine-3.21\n',
      now: '2026-12-02',
      findings: [{ range: [0, 35, 0, 39], message: /^alpine 3\.21 reached end of life on 2026-11-01; move to eclipse-temurin:17-jdk-alpine-3\.2\d/ }],
    },
    {
      name: 'Corretto\'s al2 is Amazon Linux 2',
      code: 'FROM amazoncorretto:8-al2\n',
      now: '2026-12-02',
      findings: [{ range: [0, 24, 0, 25], message: /^amazonlinux 2 reached end of life on 2026-06-30/ }],
    },
    {
      name: 'the retired .NET Core path: reported, and told where the images are now, with no move in place',
      code: 'FROM mcr.microsoft.com/dotnet/core/sdk:3.1\n',
      now: '2026-12-02',
      findings: [{ range: [0, 39, 0, 42], message: /dotnet 3\.1 reached end of life on 2022-12-13; this image path is no longer published: \.NET images are at mcr\.microsoft\.com\/dotnet\/sdk/ }],
      noFix: true,
    },
    {
      name: 'an image outside the published table: the move is offered, never preferred, and says it is unchecked',
      code: 'FROM mcr.microsoft.com/dotnet/aspnet:6.0\n',
      now: '2026-12-02',
      findings: [{ range: [0, 37, 0, 40] }],
      noFix: /^(?!.*not checked against a published list)/,
    },
  ],
});
