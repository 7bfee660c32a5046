#!/usr/bin/env bash
# Parses every clause's citation files in a built site with citation-js.
# Usage: .ci/citations/run.sh PUBLIC_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
site="$(cd "$1" && pwd)"
cd "$here"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --ignore-scripts --no-audit --no-fund >/dev/null
fi
node check.mjs "$site"
