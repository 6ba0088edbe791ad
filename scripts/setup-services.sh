#!/usr/bin/env bash
# Installs the servers some tests start by themselves (on 127.0.0.1, with their own config and data),
# from the Debian archive, and only those that are missing:
#
#   bash scripts/setup-services.sh prometheus [COMMAND[=PACKAGE] …]
#
# Needs apt-get and root (or password-less sudo, as on GitHub's runners); otherwise it names the
# command to run. Daemons are never started by the install (policy-rc.d), so no service keeps a port
# a test wants. The workflow tests need jq and curl beside the servers (GitHub's runners have both).
set -euo pipefail

[ "$#" -gt 0 ] || set -- prometheus
missing=()
for want in "$@"; do
  cmd="${want%%=*}"
  pkg="${want#*=}"
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

as_root=()
if [ "$(id -u)" != 0 ]; then
  # GitHub's runners: a user with password-less sudo
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root=(sudo -n); fi
fi
if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" != 0 ] && [ "${#as_root[@]}" -eq 0 ]; }; then
  echo "missing: ${missing[*]} — run as root: bash scripts/setup-services.sh $*" >&2
  exit 1
fi

# Debian's hook that lets invoke-rc.d and deb-systemd-invoke start a package's daemon: refuse (101)
# while we install, so that no prometheus (say) is left listening on its default port.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod +x "$policy"
  trap '"${as_root[@]}" rm -f "$policy"' EXIT
fi
echo "installing ${missing[*]} (apt-get)" >&2
"${as_root[@]}" apt-get update -qq >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
