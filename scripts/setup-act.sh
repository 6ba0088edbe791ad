#!/usr/bin/env bash
# Builds nektos/act (https://github.com/nektos/act), the local GitHub Actions runner the workflow tests
# (__tests__/act/) run this repository's workflows with, and caches it outside the work tree:
#
#   bash scripts/setup-act.sh        # prints the path of the act binary on its last line
#
# Needs Go (1.24 or later) and the Go module proxy; nothing else is downloaded. The first build takes a
# few minutes, every later call returns at once. ACT_BIN=/path/to/act skips the build (it must be
# the pinned version).
set -euo pipefail

ACT_VERSION=v0.2.87 # 0.2.81 and later run node24 actions
cache="${XDG_CACHE_HOME:-$HOME/.cache}/release-ops/act-$ACT_VERSION"
act="$cache/act"

version_ok() { "$1" --version 2>/dev/null | grep -qx "act version ${ACT_VERSION#v}"; }

if [ -n "${ACT_BIN:-}" ]; then
  if ! version_ok "$ACT_BIN"; then
    echo "ACT_BIN=$ACT_BIN is not act $ACT_VERSION" >&2
    exit 1
  fi
  echo "$ACT_BIN"
  exit 0
fi
if [ -x "$act" ] && version_ok "$act"; then
  echo "$act"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "act $ACT_VERSION is built from source with Go (1.24 or later), and go is not on PATH." >&2
  echo "Install Go (https://go.dev/doc/install), then run: bash scripts/setup-act.sh" >&2
  exit 1
fi

mkdir -p "$cache"
# Build into a private folder and move the binary into place, so concurrent callers never see half
# a file.
tmp=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "building act $ACT_VERSION with $(go version | cut -d' ' -f3) (go install; a few minutes the first time)" >&2
start=$SECONDS
GOBIN="$tmp" GOFLAGS=-mod=mod CGO_ENABLED=0 go install "github.com/nektos/act@$ACT_VERSION" >&2
mv -f "$tmp/act" "$act"
echo "built act $ACT_VERSION in $((SECONDS - start))s: $act" >&2
version_ok "$act"
echo "$act"
