#!/usr/bin/env bash
# Installs what the test suites need beyond node_modules: Debian's Chromium (the e2e browser)
# and the PostgreSQL server (the contract suite's second database). Idempotent.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# curl: the HO photo contract test runs the seed 002 curl examples as written.
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    echo "Missing: ${need[*]}. Install them (Debian: apt-get install ${need[*]}) and run again." >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "Installing ${need[*]} from Debian…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
