#!/usr/bin/env bash
# Clause Atlas audit: the web's own standards, checked with real tools.
#
#   bash .ci/audit/run.sh                 install what is missing, build the
#                                         bundled atlas into a temp folder, audit
#                                         it and the Go code; exit 1 on any finding
#   bash .ci/audit/run.sh --site DIR      audit an already built site instead
#   bash .ci/audit/run.sh --no-go         skip go vet / staticcheck / govulncheck
#   bash .ci/audit/run.sh --self-test     prove each tool catches a deliberate
#                                         break in a scratch copy of the site
#   bash .ci/audit/run.sh --install-only  only install the tools
#
# Checks: HTML validity (vnu), links (htmltest), accessibility (axe-core in
# Chromium via playwright-core, phone + desktop, light + dark), Lighthouse 12
# (mobile), JSON-LD, sitemap (xmllint + XSD), Atom feeds, go vet, staticcheck,
# govulncheck (offline DB). Raw reports stay in a temp folder (printed at the
# end; AUDIT_REPORT_DIR chooses it). Installs are idempotent and cached under
# ${XDG_CACHE_HOME:-$HOME/.cache}/clause-atlas-audit.

set -uo pipefail

# ---- pins -----------------------------------------------------------------
HTMLTEST_VERSION=v0.17.0                      # module pinned in tools/htmltest
STATICCHECK_VERSION=v0.8.2                    # honnef.co/go/tools (2026.2.2)
GOVULNCHECK_VERSION=v1.9.0                    # golang.org/x/vuln
VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018   # golang.org/x/vulndb
# Debian packages, installed only when their command is missing:
# chromium (Chromium for axe and Lighthouse), libxml2-utils (xmllint),
# default-jre-headless (java for vnu.jar).
NODE_MIN_MAJOR=20
NODE_MIN_MINOR=19
LH_MIN=${LH_MIN:-95}
export LH_MIN

AUDIT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$AUDIT_DIR/../.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/clause-atlas-audit
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
export NO_COLOR=1

MODE=audit
SITE_ARG=
RUN_GO=1
while [ $# -gt 0 ]; do
  case "$1" in
    --self-test) MODE=self-test ;;
    --install-only) MODE=install ;;
    --site) SITE_ARG=${2:?--site needs a folder}; shift ;;
    --no-go) RUN_GO=0 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

log() { printf 'audit: %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- temp folder, cleanup ---------------------------------------------------
WORK=${AUDIT_REPORT_DIR:-}
if [ -n "$WORK" ]; then mkdir -p "$WORK"; else WORK=$(mktemp -d "${TMPDIR:-/tmp}/atlas-audit.XXXXXX"); fi
WORK=$(cd "$WORK" && pwd)
REPORTS=$WORK/reports
PROFILES=$WORK/browser-profiles
mkdir -p "$REPORTS" "$PROFILES"
export AUDIT_TMP=$PROFILES
SERVER_PID=
CHILD_PID=

stop_pid() { # pid signal: signal a process we started, then make sure it is gone
  local pid=$1 sig=${2:-TERM}
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -"$sig" "$pid" 2>/dev/null
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

stray_browsers() { # Chromium processes using a profile under this run's folder
  local pid
  for pid in $(pgrep -f -- "--user-data-dir=$PROFILES" 2>/dev/null); do stop_pid "$pid" TERM; done
}

cleanup() {
  stop_pid "$CHILD_PID" INT
  CHILD_PID=
  stop_pid "$SERVER_PID" TERM
  SERVER_PID=
  stray_browsers
  rm -rf "$PROFILES"
}
on_signal() {
  trap '' INT TERM
  log "interrupted; stopping the running check, the browsers and the server"
  cleanup
  exit 130
}
trap cleanup EXIT
trap on_signal INT TERM

# Run a command in the background and wait for it, so that the INT/TERM trap
# runs at once (bash defers traps while a foreground command runs) and can stop
# it. stdout and stderr go to the log file (stderr to ERR_FILE when set).
run_in() { # dir logfile cmd...
  local dir=$1 out=$2; shift 2
  if [ -n "${ERR_FILE:-}" ]; then
    (cd "$dir" && exec "$@") >"$out" 2>"$ERR_FILE" &
  else
    (cd "$dir" && exec "$@") >"$out" 2>&1 &
  fi
  CHILD_PID=$!
  wait "$CHILD_PID"
  local rc=$?
  CHILD_PID=
  return $rc
}
run_child() { run_in "$PWD" "$@"; } # logfile cmd...

# ---- install ----------------------------------------------------------------
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

install_apt() {
  local missing=() pkg
  command -v chromium >/dev/null || [ -x "$CHROME_PATH" ] || missing+=(chromium)
  command -v xmllint >/dev/null || missing+=(libxml2-utils)
  command -v java >/dev/null && java -version >/dev/null 2>&1 || missing+=(default-jre-headless)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" || return 1
  for pkg in "${missing[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || { log "$pkg did not install"; return 1; }; done
}

check_node() {
  command -v node >/dev/null || { log "node is missing (Node ${NODE_MIN_MAJOR}.${NODE_MIN_MINOR}+ is needed)"; return 1; }
  local v major minor
  v=$(node -p 'process.versions.node'); major=${v%%.*}; minor=${v#*.}; minor=${minor%%.*}
  if [ "$major" -lt "$NODE_MIN_MAJOR" ] || { [ "$major" -eq "$NODE_MIN_MAJOR" ] && [ "$minor" -lt "$NODE_MIN_MINOR" ]; }; then
    log "node $v is too old (need ${NODE_MIN_MAJOR}.${NODE_MIN_MINOR}+)"; return 1
  fi
}

install_npm() {
  local stamp=$AUDIT_DIR/node_modules/.audit-lock-stamp want
  want="$(sha256sum "$AUDIT_DIR/package-lock.json" | cut -d' ' -f1) node-$(node -p 'process.versions.node')"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "npm ci (playwright-core, axe-core, lighthouse, vnu-jar, sitemap, sax); no browser or JRE download"
  run_in "$AUDIT_DIR" "$REPORTS/install-npm.log" npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
    || { tail -20 "$REPORTS/install-npm.log" >&2; return 1; }
  echo "$want" >"$stamp"
}

GO_VERSION=$(go env GOVERSION 2>/dev/null || echo go-unknown)
GOBIN_DIR=$CACHE/$GO_VERSION/bin
HTMLTEST=$GOBIN_DIR/htmltest-$HTMLTEST_VERSION-$(sha256sum "$AUDIT_DIR/tools/htmltest/go.sum" 2>/dev/null | cut -c1-12)
STATICCHECK=$GOBIN_DIR/staticcheck-$STATICCHECK_VERSION
GOVULNCHECK=$GOBIN_DIR/govulncheck-$GOVULNCHECK_VERSION
VULNDB=$CACHE/govulndb-$VULNDB_VERSION

install_htmltest() {
  [ -x "$HTMLTEST" ] && return 0
  log "building htmltest $HTMLTEST_VERSION from the pinned module"
  mkdir -p "$GOBIN_DIR"
  run_in "$AUDIT_DIR/tools/htmltest" "$REPORTS/install-htmltest.log" go build -trimpath \
    -ldflags "-X main.version=$HTMLTEST_VERSION" -o "$HTMLTEST.tmp" github.com/wjdp/htmltest \
    || { tail -20 "$REPORTS/install-htmltest.log" >&2; return 1; }
  mv "$HTMLTEST.tmp" "$HTMLTEST"
}

go_install() { # module@version target
  local target=$2 tmp
  [ -x "$target" ] && return 0
  log "go install $1"
  tmp=$(mktemp -d "$WORK/gobin.XXXXXX")
  GOBIN=$tmp run_in "$WORK" "$REPORTS/install-$(basename "${1%@*}").log" go install "$1" \
    || { tail -20 "$REPORTS/install-$(basename "${1%@*}").log" >&2; return 1; }
  mkdir -p "$(dirname "$target")"
  mv "$tmp/$(basename "${1%@*}")" "$target" && rm -rf "$tmp"
}

install_vulndb() {
  [ -f "$VULNDB/index/db.json" ] && return 0
  log "building the offline vulnerability DB from golang.org/x/vulndb@$VULNDB_VERSION (2–4 minutes cold, then cached)"
  local dir
  dir=$(cd "$WORK" && go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$dir/data/osv" ] || { log "vulndb module has no data/osv"; return 1; }
  rm -rf "$VULNDB.tmp"
  run_in "$WORK" "$REPORTS/install-vulndb.log" go run "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VERSION" -vulns "$dir/data/osv" -out "$VULNDB.tmp" \
    || { tail -20 "$REPORTS/install-vulndb.log" >&2; return 1; }
  [ -f "$VULNDB.tmp/index/db.json" ] || { log "indexdb wrote no index/db.json"; return 1; }
  rm -rf "$VULNDB" && mv "$VULNDB.tmp" "$VULNDB"
}

timed() { # label cmd...: run an install step, log how long it took when it did work
  local t0 rc
  t0=$(now); "${@:2}"; rc=$?
  INSTALL_LOG+="$1=$(secs "$t0")s "
  return $rc
}

install_all() {
  local t0 ok=0
  INSTALL_LOG=
  t0=$(now)
  mkdir -p "$CACHE"
  timed apt install_apt || { log "apt install failed"; ok=1; }
  check_node || ok=1
  if [ $ok -eq 0 ]; then timed npm install_npm || { log "npm ci failed"; ok=1; }; fi
  timed htmltest install_htmltest || { log "htmltest build failed"; ok=1; }
  if [ "$RUN_GO" = 1 ] && [ "$MODE" = audit ] || [ "$MODE" = install ]; then
    timed staticcheck go_install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION" "$STATICCHECK" || { log "staticcheck install failed"; ok=1; }
    timed govulncheck go_install "golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION" "$GOVULNCHECK" || { log "govulncheck install failed"; ok=1; }
    timed vulndb install_vulndb || { log "vulnerability DB build failed"; ok=1; }
  fi
  INSTALL_SECS=$(secs "$t0")
  return $ok
}

# ---- summary table ----------------------------------------------------------
ROWS=$REPORTS/summary.tsv
: >"$ROWS"
row() { # check tool state detail (ROW_PREFIX, if set, goes before the check)
  printf '%s%s\t%s\t%s\t%s\n' "${ROW_PREFIX:-}" "$1" "$2" "$3" "$4" >>"$ROWS"
  printf 'audit: %-10s %-14s %-5s %s\n' "${ROW_PREFIX:-}$1" "$2" "$3" "$4" >&2
}
print_table() {
  echo
  awk -F'\t' 'NR == FNR { if (length($1) > w1) w1 = length($1); if (length($2) > w2) w2 = length($2); next }
    FNR == 1 { if (w1 < 5) w1 = 5; if (w2 < 4) w2 = 4; printf "%-" w1 "s  %-" w2 "s  %-5s  %s\n", "check", "tool", "state", "detail" }
    { printf "%-" w1 "s  %-" w2 "s  %-5s  %s\n", $1, $2, $3, $4 }' "$ROWS" "$ROWS"
}
summary_of() { sed -n 's/^SUMMARY //p' "$1" | tail -1; }

# Show a failing check's findings under the table (first N lines).
DETAILS=$REPORTS/details.txt
: >"$DETAILS"
details() { # title file [max]
  local max=${3:-40} n
  n=$(grep -cv '^SUMMARY ' "$2" 2>/dev/null || true)
  { echo; echo "== $1 ($n lines; full report: $2)"; grep -v '^SUMMARY ' "$2" | head -n "$max"
    [ "${n:-0}" -gt "$max" ] && echo "… $((n - max)) more in $2"; } >>"$DETAILS"
}

# ---- the site checks ----------------------------------------------------------
start_server() { # site
  local portfile=$WORK/server.port
  rm -f "$portfile"
  node "$AUDIT_DIR/serve.mjs" "$1" --port-file "$portfile" >"$REPORTS/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$portfile" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ -s "$portfile" ] || { log "the static server did not start; see $REPORTS/server.log"; return 1; }
  BASE_URL="http://127.0.0.1:$(cat "$portfile")"
  # Sanity: / is 200 and a missing page is 404 with the 404 page.
  local code
  code=$(node -e 'fetch(process.argv[1]).then(r => console.log(r.status)).catch(() => console.log(0))' "$BASE_URL/")
  [ "$code" = 200 ] || { log "server: / answered $code"; return 1; }
}

check_vnu() { # site [report-prefix]
  local site=$1 p=${2:-$REPORTS/vnu} t0 n
  t0=$(now)
  n=$(find "$site" -name '*.html' | wc -l)
  ERR_FILE=$p.stderr run_child "$p.json" java -Xss4m -jar "$AUDIT_DIR/node_modules/vnu-jar/build/dist/vnu.jar" \
    --skip-non-html --format json --stdout --exit-zero-always "$site"
  VNU_GROUPS=$p-grouped.txt node "$AUDIT_DIR/lib/vnu-summary.mjs" "$p.json" "$site" >"$p.txt"
  local rc=$? s
  s=$(summary_of "$p.txt")
  if [ $rc -eq 0 ]; then row html vnu ok "pages=$n ${s/SUMMARY /} ($(secs "$t0")s)"
  else row html vnu FAIL "pages=$n ${s/SUMMARY /} ($(secs "$t0")s): $(grep -m1 '^error: ' "$p.txt" | cut -c8-200)"; fi
  # Errors fail the run; warnings are listed but do not. Grouped by page and message.
  if [ -s "$p-grouped.txt" ]; then details "vnu (Nu HTML Checker), grouped by page and message; every message with its line is in $p.txt" "$p-grouped.txt" 60; fi
  return $rc
}

check_htmltest() { # site [report-dir]
  local site=$1 d=${2:-$REPORTS/htmltest} t0 rc s broken
  t0=$(now)
  mkdir -p "$d"
  run_in "$d" "$d/htmltest.txt" "$HTMLTEST" -c "$AUDIT_DIR/htmltest.yml" "$site"
  rc=$?
  broken=$(sed -n 's/^\([0-9][0-9]*\) errors in [0-9]* documents.*/\1/p' "$d/htmltest.txt" | tail -1)
  s=$(grep -E 'tested [0-9]+ documents|errors in [0-9]+ documents' "$d/htmltest.txt" | tail -1)
  if [ $rc -eq 0 ]; then row links htmltest ok "broken=0; $s ($(secs "$t0")s)"
  else
    # Issues with a reference read "message --- page --> target"; htmltest
    # names no page for "favicon missing", so those pages are found here.
    grep ' --- ' "$d/htmltest.txt" | sed 's/^ *//' >"$d/broken.txt"
    if grep -q '^ *favicon missing$' "$d/htmltest.txt"; then
      (cd "$site" && grep -rL --include='*.html' -E '<link[^>]*rel="?(shortcut )?icon' . | sed 's#^\./##' | sort |
        sed 's/^/favicon missing --- /') >>"$d/broken.txt"
    fi
    grep -v ' --- ' "$d/htmltest.txt" | grep -E '^ +[a-z]' | grep -v 'favicon missing' | sed 's/^ *//' >>"$d/broken.txt"
    row links htmltest FAIL "broken=${broken:-?}; $s ($(secs "$t0")s): $(head -1 "$d/broken.txt" | cut -c1-200)"
    details "htmltest" "$d/broken.txt" 60
  fi
  return $rc
}

check_axe() { # site [report-prefix] [paths...]
  local site=$1 p=${2:-$REPORTS/axe} t0 rc s
  shift 2 2>/dev/null || shift $#
  t0=$(now)
  run_child "$p.txt" node "$AUDIT_DIR/axe.mjs" --base "$BASE_URL" --site "$site" --out "$p.json" "$@"
  rc=$?
  s=$(summary_of "$p.txt")
  if [ $rc -eq 0 ]; then row a11y axe-core ok "$s ($(secs "$t0")s)"
  else row a11y axe-core FAIL "${s:-axe did not finish; see $p.txt} ($(secs "$t0")s)"; details "axe-core (phone/desktop × light/dark)" "$p.txt" 60; fi
  return $rc
}

check_lighthouse() {
  local t0 rc page state detail
  t0=$(now)
  run_child "$REPORTS/lighthouse.txt" node "$AUDIT_DIR/lighthouse.mjs" --base "$BASE_URL" --site "$SITE" --out-dir "$REPORTS/lighthouse"
  rc=$?
  if ! grep -q '^ROW' "$REPORTS/lighthouse.txt"; then
    row lighthouse lighthouse FAIL "no result ($(secs "$t0")s); see $REPORTS/lighthouse.txt"
  fi
  while IFS=$'\t' read -r _ kind page state detail; do
    row lighthouse "$kind" "$state" "$page $detail"
  done < <(grep '^ROW' "$REPORTS/lighthouse.txt")
  if grep -q '^  ' "$REPORTS/lighthouse.txt"; then
    grep '^  ' "$REPORTS/lighthouse.txt" | sed 's/^  //' >"$REPORTS/lighthouse-lost.txt"
    details "Lighthouse audits below 1 (the categories' scores are in the table)" "$REPORTS/lighthouse-lost.txt" 40
  fi
  return $rc
}

check_files() { # kind tool site [report-prefix]
  local kind=$1 tool=$2 site=$3 p=${4:-$REPORTS/$1} t0 rc s
  t0=$(now)
  run_child "$p.txt" node "$AUDIT_DIR/site-files.mjs" "$kind" "$site"
  rc=$?
  s=$(summary_of "$p.txt")
  case "$s" in
    state=absent*) row "$kind" "$tool" skip "not present: $(sed -n 's/^note: not present: //p' "$p.txt" | head -1)" ;;
    state=ok*) row "$kind" "$tool" ok "${s#state=ok } ($(secs "$t0")s)" ;;
    *) row "$kind" "$tool" FAIL "${s#state=FAIL } ($(secs "$t0")s): $(grep -v '^note: \|^SUMMARY' "$p.txt" | head -1 | cut -c1-200)"; details "$kind ($tool)" "$p.txt" 60 ;;
  esac
  return $rc
}

check_go() {
  local t0 rc n
  t0=$(now)
  run_in "$REPO" "$REPORTS/go-vet.txt" go vet ./...; rc=$?
  n=$(grep -c '\.go:[0-9]' "$REPORTS/go-vet.txt" || true)
  if [ $rc -eq 0 ]; then row go-vet "go vet" ok "issues=0 ($(secs "$t0")s)"
  else row go-vet "go vet" FAIL "issues=$n ($(secs "$t0")s): $(grep -m1 -v '^#' "$REPORTS/go-vet.txt" | cut -c1-200)"; details "go vet" "$REPORTS/go-vet.txt"; fi

  t0=$(now)
  run_in "$REPO" "$REPORTS/staticcheck.txt" "$STATICCHECK" ./...; rc=$?
  n=$(grep -c ':[0-9]*:[0-9]*: ' "$REPORTS/staticcheck.txt" || true)
  if [ $rc -eq 0 ]; then row staticcheck "staticcheck $STATICCHECK_VERSION" ok "issues=0 ($(secs "$t0")s)"
  else row staticcheck "staticcheck $STATICCHECK_VERSION" FAIL "issues=$n ($(secs "$t0")s): $(head -1 "$REPORTS/staticcheck.txt" | sed "s#$REPO/##" | cut -c1-200)"; details "staticcheck" "$REPORTS/staticcheck.txt"; fi

  t0=$(now)
  run_in "$REPO" "$REPORTS/govulncheck.txt" "$GOVULNCHECK" -db "file://$VULNDB" ./...; rc=$?
  n=$(grep -c '^Vulnerability #' "$REPORTS/govulncheck.txt" || true)
  local ids
  ids=$(grep -A4 '^Vulnerability #' "$REPORTS/govulncheck.txt" | grep -o 'GO-[0-9]*-[0-9]*' | sort -u | tr '\n' ' ')
  if [ $rc -eq 0 ]; then row govulncheck "govulncheck $GOVULNCHECK_VERSION" ok "called_vulns=0 (offline DB vulndb@${VULNDB_VERSION:0:16}…; $(go env GOVERSION); $(secs "$t0")s)"
  else row govulncheck "govulncheck $GOVULNCHECK_VERSION" FAIL "called_vulns=$n ($(go env GOVERSION); $(secs "$t0")s): ${ids:-$(head -3 "$REPORTS/govulncheck.txt" | tr '\n' ' ' | cut -c1-200)}"
    grep -E '^Vulnerability #|^    [A-Z]|Found in:|Fixed in:|^Your code|There are errors|^[^ ].*\.go:' "$REPORTS/govulncheck.txt" >"$REPORTS/govulncheck-short.txt"
    details "govulncheck" "$REPORTS/govulncheck-short.txt" 60; fi
}

# ---- modes ----------------------------------------------------------------------
T_START=$(now)
install_all
INSTALL_RC=$?
log "tools ready in ${INSTALL_SECS}s (${INSTALL_LOG% }; cache $CACHE)"
if [ "$MODE" = install ]; then exit $INSTALL_RC; fi
if [ $INSTALL_RC -ne 0 ]; then log "install failed; cannot audit"; exit 1; fi

build_site() {
  local t0 n
  t0=$(now)
  if [ -n "$SITE_ARG" ]; then SITE=$(cd "$SITE_ARG" && pwd); row build given ok "site $SITE"; return 0; fi
  SITE=$WORK/public
  run_in "$REPO" "$REPORTS/build.txt" go run ./cmd/atlas build --out "$SITE"
  local rc=$?
  n=$(find "$SITE" -name '*.html' 2>/dev/null | wc -l)
  if [ $rc -eq 0 ] && [ "$n" -gt 0 ]; then row build "atlas build" ok "html=$n ($(secs "$t0")s)"
  else row build "atlas build" FAIL "exit $rc ($(secs "$t0")s): $(tail -1 "$REPORTS/build.txt" | cut -c1-200)"; details "atlas build" "$REPORTS/build.txt"; return 1; fi
}

if [ "$MODE" = self-test ]; then
  # shellcheck source=self-test.sh
  . "$AUDIT_DIR/self-test.sh"
  self_test
  exit $?
fi

if build_site; then
  if start_server "$SITE"; then :; else row server serve.mjs FAIL "did not start; see $REPORTS/server.log"; fi
  check_vnu "$SITE"
  check_htmltest "$SITE"
  if [ -n "${BASE_URL:-}" ]; then
    check_axe "$SITE"
    check_lighthouse
  fi
  check_files jsonld "node (own check)" "$SITE"
  check_files sitemap "xmllint+xsd" "$SITE"
  check_files feeds "xmllint+atom" "$SITE"
  stop_pid "$SERVER_PID" TERM; SERVER_PID=
fi
if [ "$RUN_GO" = 1 ]; then check_go; fi

TOTAL=$(secs "$T_START")
print_table
cat "$DETAILS"
FAILS=$(awk -F'\t' '$3 == "FAIL"' "$ROWS" | wc -l)
PASSED=$(awk -F'\t' '$3 == "ok"' "$ROWS" | wc -l)
SKIPPED=$(awk -F'\t' '$3 == "skip"' "$ROWS" | wc -l)
CHECKS=$(wc -l <"$ROWS")
echo
echo "raw reports: $REPORTS"
echo "time: ${TOTAL}s total (install check ${INSTALL_SECS}s: ${INSTALL_LOG% })"
echo "audit: $PASSED passed, $FAILS failed, $SKIPPED skipped"
if [ "$FAILS" -gt 0 ]; then
  echo "RESULT: FAIL ($FAILS of $CHECKS checks failed)"
  exit 1
fi
echo "RESULT: PASS ($CHECKS checks)"
