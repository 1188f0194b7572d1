#!/usr/bin/env bash
# Installs code-server (a real VS Code build from the npm registry) into a cache folder,
# NOT into the project's dependencies. Idempotent: skips when the wanted version is present.
#
# code-server 4.139 needs Node 24 and builds native addons (kerberos needs libkrb5-dev's
# gssapi.h). The machine's npm config points node-gyp at Node 20's headers, so the install
# runs with a Node 24 binary (from the `node` npm package) first on PATH and
# npm_config_nodedir aimed at that Node's own headers.
#
# Env: CODE_SERVER_VERSION (default 4.139.1), CODE_SERVER_DIR (default <repo>/.vscode-test/code-server)
# Writes <dir>/install.json: { version, node, entry } — the harness reads it to start code-server.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${CODE_SERVER_VERSION:-4.139.1}"
node_spec="${CODE_SERVER_NODE:-node@24}"
dir="${CODE_SERVER_DIR:-$repo_root/.vscode-test/code-server}"
manifest="$dir/install.json"

# Run from `npm test`, this script inherits the outer npm's npm_* variables; a nested npm reads
# them as its own config, and code-server's postinstall reads npm_config_user_agent to decide which
# Node it runs on ("node/v20"): the install must not see any of them.
while read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_')
unset NODE

mkdir -p "$dir"
# Two test runs may start at once; the second waits and then sees the finished install.
exec 9>"$dir.lock"
flock 9

if [[ -f "$manifest" ]] && grep -q "\"version\": \"$version\"" "$manifest"; then
  entry="$(sed -n 's/.*"entry": "\(.*\)".*/\1/p' "$manifest")"
  if [[ -f "$entry" ]]; then
    echo "code-server $version already installed in $dir"
    exit 0
  fi
fi

if [[ ! -e /usr/include/gssapi.h && ! -e /usr/include/gssapi/gssapi.h ]]; then
  echo "error: gssapi.h missing; run: apt-get install -y libkrb5-dev" >&2
  exit 1
fi

start=$(date +%s)
rm -rf "$dir/node24" "$dir/cs"
mkdir -p "$dir/node24" "$dir/cs"
echo '{"private":true}' >"$dir/node24/package.json"
echo '{"private":true}' >"$dir/cs/package.json"

echo "installing $node_spec into $dir/node24 ..."
npm install --prefix "$dir/node24" --no-audit --no-fund --no-save "$node_spec"

node_pkg="$dir/node24/node_modules/node"
node_bin="$(find "$node_pkg" -path '*/bin/node' -type f | head -n1)"
if [[ -z "$node_bin" ]]; then
  echo "error: no node binary found under $node_pkg" >&2
  exit 1
fi
node_home="$(dirname "$(dirname "$node_bin")")"
headers="$node_home/include/node"
[[ -f "$headers/node.h" ]] || { echo "error: Node headers missing at $headers" >&2; exit 1; }
echo "using $("$node_bin" --version) at $node_bin"

echo "installing code-server@$version into $dir/cs (several minutes) ..."
PATH="$(dirname "$node_bin"):$PATH" \
  npm_config_nodedir="$node_home" \
  npm install --prefix "$dir/cs" --no-audit --no-fund --no-save "code-server@$version"

entry="$dir/cs/node_modules/code-server/out/node/entry.js"
[[ -f "$entry" ]] || { echo "error: code-server entry missing at $entry" >&2; exit 1; }
installed="$("$node_bin" -p "require('$dir/cs/node_modules/code-server/package.json').version")"
[[ "$installed" == "$version" ]] || { echo "error: installed $installed, wanted $version" >&2; exit 1; }

cat >"$manifest" <<JSON
{
  "version": "$version",
  "node": "$node_bin",
  "entry": "$entry"
}
JSON
echo "code-server $version installed in $dir in $(( $(date +%s) - start ))s"
