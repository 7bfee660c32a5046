#!/usr/bin/env bash
# Browser tests of the site's JavaScript (issue 7): builds the bundled
# atlas, serves it on 127.0.0.1 and drives Debian's Chromium with
# playwright-core (never a downloaded browser).
#
# Usage: .ci/browser/run.sh [SITE_DIR]
#   SITE_DIR  an already built site to test; by default the atlas is
#             built into a temporary folder first.
# Needs: node >= 20, npm, /usr/bin/chromium (apt-get install chromium).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "browser tests: no Chromium at ${CHROMIUM:-/usr/bin/chromium} (apt-get install -y chromium)" >&2
  exit 1
fi

# Resolve a site folder given relative to where we were called from.
site_arg=""
if [ $# -ge 1 ]; then site_arg="$(cd "$1" && pwd)"; fi

cd "$here"
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules ]; then
  npm ci --ignore-scripts --no-audit --no-fund >/dev/null
fi

tmp=""
cleanup() { if [ -n "$tmp" ]; then rm -rf "$tmp"; fi; }
trap cleanup EXIT
if [ -n "$site_arg" ]; then
  site="$site_arg"
else
  tmp="$(mktemp -d)"
  site="$tmp/public"
  (cd "$root" && go run ./cmd/atlas build --out "$site" >/dev/null)
fi

SITE_DIR="$site" node --test --test-concurrency=1 --test-reporter=spec \
  "$here/text.test.mjs" "$here/search.test.mjs" "$here/compare.test.mjs"
