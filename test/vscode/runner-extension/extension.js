// Env names match HOST_ENV in ../results.ts (this file is plain JS, loaded as is).
// Plays the part of @vscode/test-electron's extensionTestsPath inside code-server, which has no
// such switch: on startup it requires the suite entry and calls run(). The suite writes its own
// results; this only reports a suite that cannot even load, so the harness never waits in vain.
const fs = require('node:fs');
const path = require('node:path');

function activate() {
  const suite = process.env.DPH_VSCODE_SUITE;
  const results = process.env.DPH_VSCODE_RESULTS;
  if (!suite || !results) return;
  Promise.resolve()
    .then(() => require(suite).run())
    .catch((err) => {
      if (fs.existsSync(results)) return; // the suite ran and reported its own failures
      const report = {
        vscodeVersion: require('vscode').version,
        stats: { passes: 0, failures: 1, pending: 0, durationMs: 0 },
        tests: [{ fullTitle: `loading ${suite}`, state: 'failed', durationMs: 0, error: { message: String(err && err.message || err), stack: err && err.stack } }],
      };
      fs.mkdirSync(path.dirname(results), { recursive: true });
      fs.writeFileSync(`${results}.tmp`, JSON.stringify(report, null, 2));
      fs.renameSync(`${results}.tmp`, results);
    });
}

module.exports = { activate, deactivate() {} };
