#!/usr/bin/env bash
# The one test command (README): sets up the machine, then runs every tier. Each tier starts the
# real parts it needs itself (registry, dockerd, code-server + Chromium, Neovim) and stops them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

tiers=(unit cli registry engine protocol neovim vscode)
if [[ $# -gt 0 ]]; then tiers=("$@"); fi
failed=()
for tier in "${tiers[@]}"; do
  shopt -s globstar nullglob
  # The editor suites under test/vscode/*/ load only inside an extension host; mocha runs the
  # files that launch it.
  if [[ $tier == vscode ]]; then files=(build/test/vscode/*.test.js); else files=(build/test/"$tier"/**/*.test.js); fi
  if ((${#files[@]} == 0)); then continue; fi
  echo
  echo "=== tier: $tier (${#files[@]} files) ==="
  if ! npx mocha --timeout 120000 --exit "${files[@]}"; then failed+=("$tier"); fi
done

if ((${#failed[@]})); then
  echo "FAILED tiers: ${failed[*]}" >&2
  exit 1
fi
echo "all tiers passed"
