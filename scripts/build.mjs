// Bundles the shipped entry points with esbuild: the CLI, the language server and the VS Code
// client. `tsc -b` type-checks; this only bundles. `--watch` rebuilds on change.
import { build, context } from 'esbuild';
import { chmod, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  // jsonc-parser's UMD build `require`s its parts through a wrapper esbuild cannot follow; its ESM build bundles.
  mainFields: ['module', 'main'],
  // Without comments the bundle is ASCII: V8 keeps a script's source in memory, and the comments of
  // undici (a few curly quotes and section signs) made the CLI's 3 MB source a 6 MB two-byte
  // string. Identifiers and line structure stay, and the source maps point into server/src.
  minifyWhitespace: true,
  // Licence comments (one names Jimmy Wärting) go beside the bundle, in <outfile>.LEGAL.txt.
  legalComments: 'external',
};

/**
 * The generated data tables (server/src/data/*.json, a megabyte of published tags) as
 * `JSON.parse('…')` rather than the object literals esbuild writes by default: V8 parses JSON
 * faster than JavaScript and keeps no bytecode or literal boilerplate for it.
 */
const jsonAsParse = {
  name: 'json-as-parse',
  setup(b) {
    b.onLoad({ filter: /[\\/]server[\\/]src[\\/]data[\\/][^\\/]+\.json$/ }, async (args) => {
      const text = JSON.stringify(JSON.parse(await readFile(args.path, 'utf8')));
      return { contents: `module.exports = JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

const entries = [
  { name: 'cli', entry: 'server/src/cli.ts', outfile: 'server/out/cli.js', executable: true },
  // The CLI's worker_threads pool (server/src/cli/parallel.ts) loads this file beside cli.js.
  { name: 'analyzeWorker', entry: 'server/src/cli/analyzeWorker.ts', outfile: 'server/out/analyzeWorker.js' },
  { name: 'server', entry: 'server/src/server.ts', outfile: 'server/out/server.js' },
  // The banner runs before the bundled modules load, so activation can report its loading time too;
  // minified, the bundle loads faster in the extension host.
  { name: 'extension', entry: 'client/src/extension.ts', outfile: 'client/out/extension.js', external: ['vscode'], banner: 'globalThis.__dphLoadStart = performance.now();', minify: true },
];

/** esbuild keeps the banner but not the file mode: the bin needs its executable bit back. */
const makeExecutable = (outfile) => ({
  name: 'executable',
  setup(b) {
    b.onEnd(async (result) => {
      if (result.errors.length === 0) await chmod(path.join(root, outfile), 0o755);
    });
  },
});

const options = entries
  .filter((e) => existsSync(path.join(root, e.entry)))
  .map((e) => ({
    ...common,
    entryPoints: [e.entry],
    outfile: e.outfile,
    external: e.external ?? [],
    banner: e.executable ? { js: '#!/usr/bin/env node' } : e.banner ? { js: e.banner } : undefined,
    ...(e.minify ? { minify: true } : {}),
    plugins: [jsonAsParse, ...(e.executable ? [makeExecutable(e.outfile)] : [])],
  }));

const started = Date.now();
if (watch) {
  for (const o of options) {
    const ctx = await context(o);
    await ctx.watch();
  }
  console.log(`watching ${options.map((o) => o.outfile).join(', ')}`);
} else {
  try {
    await Promise.all(options.map((o) => build(o)));
  } catch {
    // esbuild has already printed the errors with their locations.
    process.exit(1);
  }
  console.log(`built ${options.map((o) => o.outfile).join(', ')} in ${Date.now() - started} ms`);
}
