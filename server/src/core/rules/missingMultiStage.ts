import { officialName } from '../baseOs';
import { refRange, type DockerfileModel, type Stage } from '../dockerfile';
import { convertToMultiStage } from '../multiStage/convert';
import { envPairs } from '../multiStage/buildView';
import { detectToolchain, sdkImage, type Ecosystem, type ToolchainSignal } from '../toolchain';
import type { Fix, RawFinding, RuleMeta } from '../types';
import type { RuleContext } from './rule';
import { finalImageStage } from './support';

export const meta: RuleMeta = {
  code: 'DPH006',
  name: 'missing-multi-stage',
  defaultSeverity: 'warning',
  description: 'The final image builds its software and so ships the compilers, SDKs and dev dependencies it used: more to patch, more to exploit.',
};

const SHIPPED: Record<Ecosystem, string> = {
  go: 'the Go toolchain',
  node: 'Node.js build tooling and dev dependencies',
  python: 'Python build tooling',
  'java-maven': 'Maven and a JDK',
  'java-gradle': 'Gradle and a JDK',
  rust: 'the Rust toolchain',
  c: 'a C/C++ toolchain',
  dotnet: 'the .NET SDK',
  generic: 'a build toolchain',
};

const ARTIFACT: Record<Ecosystem, string> = {
  go: 'the binary',
  node: 'the app with its production dependencies',
  python: 'the app and its virtualenv',
  'java-maven': 'the jar',
  'java-gradle': 'the jar',
  rust: 'the binary',
  c: 'the build output',
  dotnet: 'the published app',
  generic: 'the build output',
};

/** Ecosystems an official base image implies when the toolchain found is only a C compiler or a JDK. */
const IMAGE_ECOSYSTEMS: Record<string, Ecosystem> = { node: 'node', python: 'python', golang: 'go', maven: 'java-maven', gradle: 'java-gradle' };

export function check({ model }: RuleContext): RawFinding[] {
  const root = finalImageStage(model);
  if (!root) return [];
  const chain = chainOf(model);
  // ENV after the last RUN cannot change what the RUNs installed (`NODE_ENV=production` set for the program).
  const instructions = chain.flatMap((s) => s.instructions);
  const lastRun = instructions.map((i) => i.keyword).lastIndexOf('RUN');
  const env = Object.fromEntries(
    instructions.slice(0, Math.max(lastRun, 0)).filter((i) => i.keyword === 'ENV').flatMap((i) => envPairs(i.args)),
  );
  const signals = detectToolchain(chain.flatMap((s) => s.commands), { env });
  const ref = root.from.kind === 'image' ? root.from.ref : undefined;
  const sdk = ref ? sdkImage(ref) : undefined;
  if (signals.length === 0 && !sdk) return [];

  const ecosystem = buildEcosystem(signals, sdk?.ecosystem, ref ? officialName(ref) : undefined);
  const languages = languagesOf(signals, sdk?.ecosystem);
  const shown = ecosystem ?? (languages.length === 0 ? (signals[0]?.ecosystem ?? sdk!.ecosystem) : 'generic');
  const shipped = ecosystem || languages.length === 0 ? SHIPPED[shown] : languages.map((l) => SHIPPED[l]).join(' and ');
  const first = signals[0];
  const evidence = [
    ...(sdk && ref ? [`${ref.raw} base`] : []),
    ...(first ? [`\`${first.what}\`${first.kind === 'package' ? ' installed' : ''} on line ${first.command.range.start.line + 1}`] : []),
  ].join(', ');
  return [
    {
      message: `The final image ships ${shipped} (${evidence}); build in a builder stage and copy ${ARTIFACT[shown]} into a minimal runtime stage.`,
      range: first ? first.command.range : refRange(root.from, 0, ref!.raw.length),
      subject: first ? undefined : root.from.range,
      fixes: ecosystem ? convertFix(model, ecosystem) : [],
    },
  ];
}

function convertFix(model: DockerfileModel, ecosystem: Ecosystem): Fix[] {
  const conversion = convertToMultiStage(model, ecosystem);
  if (!conversion) return [];
  return [{ title: `Convert to a multi-stage build (runtime on ${conversion.runtimeImage})`, edits: conversion.edits, safety: 'unsafe' }];
}

/** The stages the final image is made of: the final one and those it is built `FROM`, base first. */
function chainOf(model: DockerfileModel): Stage[] {
  const chain: Stage[] = [];
  for (let stage = model.finalStage; stage && !chain.includes(stage); ) {
    chain.unshift(stage);
    stage = stage.from.kind === 'stage' && stage.from.stage !== undefined ? model.stages[stage.from.stage] : undefined;
  }
  return chain;
}

/**
 * The one language the final image is built with. A C compiler or a JDK alone says nothing about
 * the artifact; two languages (a Go server with an npm-built frontend) have no single artifact.
 */
function buildEcosystem(signals: ToolchainSignal[], sdk: Ecosystem | undefined, image: string | undefined): Ecosystem | undefined {
  const languages = languagesOf(signals, sdk);
  if (languages.length === 1) return languages[0];
  if (languages.length > 1) return undefined;
  return image ? IMAGE_ECOSYSTEMS[image] : undefined;
}

function languagesOf(signals: ToolchainSignal[], sdk: Ecosystem | undefined): Ecosystem[] {
  return [...new Set([...(sdk ? [sdk] : []), ...signals.map((s) => s.ecosystem)].filter((e) => e !== 'c' && e !== 'generic'))];
}
