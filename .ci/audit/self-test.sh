# shellcheck shell=bash
# shellcheck disable=SC1111,SC2034  # vnu's messages use typographic quotes; ROW_PREFIX is read by run.sh's row()
# Sourced by run.sh --self-test: proves that each tool catches a deliberate
# break. Everything happens in a scratch copy of the built site under the
# run's temp folder; the repository is never touched.
#
# Breaks, all in the scratch copy's /about/ page:
#   - an <img> without alt text              -> vnu, htmltest, axe (image-alt)
#   - a link to a page that does not exist   -> htmltest
#   - a <div> inside a <p>                    -> vnu
#   - an <li> outside any list               -> vnu, axe (listitem)
#   - a FAQPage answer without text and a JSON-LD block that is not JSON -> jsonld
# plus a sitemap.xml with a bad <lastmod> and a URL with no page, and an Atom
# feed without <id> and with an entry lacking <updated>; and a tiny fixture
# site whose valid sitemap and feed must pass (no false alarms).

expect() { # tool what report regex
  local tool=$1 what=$2 report=$3 re=$4 hit
  hit=$(grep -m1 -E -- "$re" "$report" 2>/dev/null | sed 's/^ *//' | cut -c1-220)
  if [ -n "$hit" ]; then
    row self-test "$tool" ok "caught $what: $hit"
    printf '%-9s caught %-34s %s\n' "$tool" "$what:" "$hit" >>"$REPORTS/selftest-evidence.txt"
  else
    row self-test "$tool" FAIL "did NOT catch $what (no /$re/ in $report)"
    printf '%-9s MISSED %-34s (no /%s/ in %s)\n' "$tool" "$what:" "$re" "$report" >>"$REPORTS/selftest-evidence.txt"
  fi
}

expect_pass() { # tool what rc report
  if [ "$3" -eq 0 ]; then row self-test "$1" ok "$2 passes: $(summary_of "$4")"
  else row self-test "$1" FAIL "$2 should pass but failed; see $4"; fi
}

write_fixture_site() { # dir base-url
  local d=$1 base=$2
  mkdir -p "$d/page"
  local head='<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
  cat >"$d/index.html" <<EOF
$head<title>Fixture home</title><link rel="canonical" href="$base/"><script type="application/ld+json">{"@context":"https://schema.org","@type":"WebSite","name":"Fixture","url":"$base/"}</script></head><body><main><h1>Fixture</h1><p><a href="/page/">A page</a></p></main></body></html>
EOF
  cat >"$d/page/index.html" <<EOF
$head<title>Fixture page</title><link rel="canonical" href="$base/page/"><script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"$base/"},{"@type":"ListItem","position":2,"name":"Page"}]}</script><script type="application/ld+json">{"@context":"https://schema.org","@type":"FAQPage","mainEntity":[{"@type":"Question","name":"Q?","acceptedAnswer":{"@type":"Answer","text":"A."}}]}</script><script type="application/ld+json">{"@context":"https://schema.org","@type":"CreativeWork","name":"Work","identifier":"CA-P-000001","url":"$base/page/","datePublished":"2026-01-15","dateModified":"2026-02-01"}</script></head><body><main><h1>Page</h1></main></body></html>
EOF
  cat >"$d/sitemap.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>$base/</loc><lastmod>2026-02-01</lastmod></url><url><loc>$base/page/</loc><lastmod>2026-02-01T10:00:00Z</lastmod></url></urlset>
EOF
  cat >"$d/feed.xml" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>$base/</id><title>Fixture</title><updated>2026-02-01T10:00:00Z</updated><author><name>Fixture</name></author><link rel="self" href="$base/feed.xml"/><link rel="alternate" href="$base/"/><entry><id>tag:fixture,2026:1</id><title>Entry</title><updated>2026-02-01T10:00:00Z</updated><link rel="alternate" href="$base/page/"/><summary>One.</summary></entry></feed>
EOF
}

self_test() {
  : >"$REPORTS/selftest-evidence.txt"
  build_site || { print_table; return 1; }
  local scratch=$WORK/scratch page base
  rm -rf "$scratch"
  cp -a "$SITE" "$scratch"
  page=$scratch/about/index.html
  [ -f "$page" ] || page=$(find "$scratch" -mindepth 2 -name index.html | sort | head -1)
  local rel_page=${page#"$scratch"/}
  local url_path=/${rel_page%index.html}
  local icon
  icon=$(cd "$scratch" && find static -name '*.svg' | head -1)
  base=$(sed -n 's/.*<link rel="\{0,1\}canonical"\{0,1\} href="\{0,1\}\(https\{0,1\}:\/\/[^/"]*\).*/\1/p' "$scratch/index.html" | head -1)
  base=${base:-https://example.org}
  local break_html
  break_html="<div class=\"audit-self-test\"><img src=\"/${icon:-static/none.svg}\" width=\"16\" height=\"16\"><p><a href=\"/platform/no-such-platform/\">A broken internal link</a> and <div>a div inside a paragraph</div></p><li>A list item outside any list</li></div>"
  break_html+='<script type="application/ld+json">{"@context":"https://schema.org","@type":"FAQPage","mainEntity":[{"@type":"Question","name":"Broken?","acceptedAnswer":{"@type":"Answer"}}]}</script>'
  break_html+='<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList",}</script>'
  BREAK=$break_html perl -0pi -e 's/(<main\b[^>]*>)/$1$ENV{BREAK}/' "$page"
  grep -q 'audit-self-test' "$page" || { log "could not insert the breaks into $page"; return 1; }
  cat >"$scratch/sitemap.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>$base/</loc><lastmod>15/01/2026</lastmod></url><url><loc>$base/platform/no-such-platform/</loc></url></urlset>
EOF
  cat >"$scratch/feed.xml" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Broken</title><updated>2026-02-01T10:00:00Z</updated><author><name>X</name></author><link rel="self" href="$base/feed.xml"/><link href="$base/"/><entry><id>tag:x,2026:1</id><title>No updated</title><link href="$base/"/><summary>x</summary></entry></feed>
EOF
  log "self-test: breaks inserted into the scratch copy's $url_path ($page)"

  # The checks on the broken copy are expected to fail: their rows say "broken:".
  ROW_PREFIX=broken:
  check_vnu "$scratch" "$REPORTS/selftest-vnu"
  check_htmltest "$scratch" "$REPORTS/selftest-htmltest"
  start_server "$scratch" || return 1
  check_axe "$scratch" "$REPORTS/selftest-axe" "$url_path"
  stop_pid "$SERVER_PID" TERM; SERVER_PID=
  check_files jsonld "node (own check)" "$scratch" "$REPORTS/selftest-jsonld"
  check_files sitemap "xmllint+xsd" "$scratch" "$REPORTS/selftest-sitemap"
  check_files feeds "xmllint+atom" "$scratch" "$REPORTS/selftest-feeds"

  ROW_PREFIX=
  local rp=${rel_page//./\\.}
  expect vnu "img without alt" "$REPORTS/selftest-vnu.txt" "^error: $rp.*An “img” element must have an “alt” attribute"
  expect vnu "div inside p" "$REPORTS/selftest-vnu.txt" "^error: $rp.*No “p” element in scope but a “p” end tag seen"
  expect vnu "li outside a list" "$REPORTS/selftest-vnu.txt" "^error: $rp.*Element “li” not allowed as child of element"
  expect htmltest "broken internal link" "$REPORTS/selftest-htmltest/htmltest.txt" "target does not exist --- $rp --> /platform/no-such-platform/"
  expect htmltest "img without alt" "$REPORTS/selftest-htmltest/htmltest.txt" "alt attribute missing --- $rp"
  expect axe "img without alt" "$REPORTS/selftest-axe.txt" "^axe image-alt \(critical\): ${url_path//\//\\/} \[phone, light\]"
  expect axe "li outside a list" "$REPORTS/selftest-axe.txt" "^axe listitem \(serious\): ${url_path//\//\\/} \[desktop, dark\]"
  expect jsonld "FAQ answer without text" "$REPORTS/selftest-jsonld.txt" "acceptedAnswer needs a non-empty text"
  expect jsonld "JSON-LD that is not JSON" "$REPORTS/selftest-jsonld.txt" "is not valid JSON"
  expect sitemap "bad lastmod (XSD)" "$REPORTS/selftest-sitemap.txt" "schema: .*'15/01/2026' is not a valid value"
  expect sitemap "URL with no page" "$REPORTS/selftest-sitemap.txt" "no built file for $base/platform/no-such-platform/"
  expect feeds "feed without id" "$REPORTS/selftest-feeds.txt" "<feed> must have exactly one <id> \(has 0\)"
  expect feeds "entry without updated" "$REPORTS/selftest-feeds.txt" "<entry> 1 .* must have exactly one <updated>"

  # No false alarms: a small valid fixture passes the file checks.
  local fx=$WORK/fixture-site rc
  write_fixture_site "$fx" "https://fixture.example"
  for kind in jsonld sitemap feeds; do
    run_child "$REPORTS/selftest-fixture-$kind.txt" node "$AUDIT_DIR/site-files.mjs" "$kind" "$fx"; rc=$?
    expect_pass "$kind" "valid fixture" "$rc" "$REPORTS/selftest-fixture-$kind.txt"
  done

  print_table
  echo
  echo "== evidence (each tool on the deliberately broken scratch copy)"
  cat "$REPORTS/selftest-evidence.txt"
  echo
  echo "scratch copy: $scratch (page $url_path); raw reports: $REPORTS"
  local missed
  missed=$(awk -F'\t' '$1 == "self-test" && $3 == "FAIL"' "$ROWS" | wc -l)
  if [ "$missed" -gt 0 ]; then echo "SELF-TEST: FAIL ($missed expectations not met)"; return 1; fi
  echo "SELF-TEST: PASS (every tool caught its break)"
}
