#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian 12 machine (run as root in CI):
# Debian packages for the real parts, the npm dependencies, code-server, and the build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

apt_packages=(docker-registry docker.io podman neovim chromium libkrb5-dev apache2-utils busybox-static openssl)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

echo "setup: code-server"
bash scripts/install-code-server.sh

echo "setup: build"
npm run --silent build
npx tsc -b
