#!/usr/bin/env bash
# Installs node_modules when they are missing or older than the lockfile, so `npm start` and
# `npm test` work as the first commands on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)…"
  npm ci --no-audit --no-fund
fi
