#!/usr/bin/env bash
# Installs the pinned npm packages (Azurite, commune data, contract tools) when node_modules is missing or
# was installed from another package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp="node_modules/.installed-from-lock"
if [ ! -x node_modules/.bin/azurite ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
