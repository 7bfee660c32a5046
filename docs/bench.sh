#!/usr/bin/env bash
# Benchmarks atlas build on generated atlases: a cold build, two no-change
# rebuilds (the first right after the cold build, which wrote the URL
# ledger into the site root), a one-record
# rebuild (a clause's summary), a rebuild after an edit of another
# clause's analysis (which the search index does not show) and one after
# an edit of one page template (the platform page's) at each size, with wall time, peak RSS
# (GNU time), files and bytes written, and the floor: the time cp -r takes
# to copy the same output tree, with the cold build's ratio to it.
#
# usage: docs/bench.sh [CLAUSES...]      (default: 2600 20000 100000)
# env:   BENCH_DIR  where sites and outputs go (default: a fresh temp dir)
#        KEEP=1     keep BENCH_DIR afterwards
#
# Nothing is deleted until the end: on ext4 without a journal, creating a
# file costs far more for several minutes after many files were deleted
# (the kernel passes over recently freed inodes), which would charge one
# size's clean-up to the next size's cold build. So the sites, outputs and
# copies of every size stay on disk until the script exits (about 15 GB
# for the three default sizes), and the script is best started a few
# minutes after any large deletion.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2600 20000 100000)
dir="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$dir"
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$dir"' EXIT
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install -y time)"; exit 1; }

go build -o "$dir/atlas" ./cmd/atlas
atlas="$dir/atlas"

# measure LABEL CMD…: runs CMD under GNU time and prints one table row.
measure() {
  local label=$1; shift
  local log="$dir/time.log"
  /usr/bin/time -f '%e %M' -o "$log" "$@" >"$dir/out.log" 2>&1 || { cat "$dir/out.log"; exit 1; }
  read -r wall rss <"$log"
  local summary
  summary=$(grep -o 'atlas build: .*' "$dir/out.log" || true)
  local rendered written pages bytes
  pages=$(sed -n 's/^atlas build: \([0-9]*\) pages.*/\1/p' <<<"$summary")
  rendered=$(sed -n 's/.*; \([0-9]*\) rendered.*/\1/p' <<<"$summary")
  written=$(sed -n 's/.* \([0-9]*\) written, .*/\1/p' <<<"$summary")
  bytes=$(sed -n 's/.*; \([0-9.]* [KMG]*B\) written;.*/\1/p' <<<"$summary")
  local pps="-"
  if [ -n "$pages" ] && [ "$label" = cold ]; then
    pps=$(awk -v p="$pages" -v w="$wall" 'BEGIN{printf "%.0f", p/w}')
    cold_wall=$wall
  fi
  printf '%-8s %-10s %8ss %10s %8s %10s %10s %10s %11s\n' "$size" "$label" "$wall" "$((rss / 1024)) MB" "${pages:--}" "$pps" "${rendered:--}" "${written:--}" "${bytes:--}"
}

printf '%-8s %-10s %9s %10s %8s %10s %10s %10s %11s\n' clauses run wall peakRSS pages pages/s rendered written bytes
for size in "${sizes[@]}"; do
  case $size in
    2600) p=100; c=26 ;;
    20000) p=200; c=100 ;;
    100000) p=400; c=250 ;;
    *) p=100; c=$((size / 100)) ;;
  esac
  site="$dir/site-$size"
  out="$dir/out-$size/public"
  copy="$dir/copy-$size"
  [ ! -e "$site" ] && [ ! -e "$dir/out-$size" ] && [ ! -e "$copy" ] ||
    { echo "bench: $dir already holds size $size; use a fresh BENCH_DIR"; exit 1; }
  "$atlas" gen --platforms "$p" --clauses-per-platform "$c" --seed 1 --out "$site" >/dev/null
  mkdir -p "$dir/out-$size"
  sync
  measure cold "$atlas" build --root "$site" --out "$out"
  # The cold build added data/urls.tsv (the ledger) and recorded it as
  # written: the first rebuild checks the ledger's bytes (written moments
  # ago), the second its size and time; both find nothing changed.
  measure nochange "$atlas" build --root "$site" --out "$out"
  measure untouched "$atlas" build --root "$site" --out "$out"
  find "$site/data/platforms" -path '*/clauses/*.toml' | sort >"$dir/clauses.txt"
  clause=$(sed -n 1p "$dir/clauses.txt")
  sed -i 's/^summary = "/summary = "Edited for the benchmark. /' "$clause"
  measure onerecord "$atlas" build --root "$site" --out "$out"
  # An edit the search index does not show: another clause's analysis.
  sed -i '/^analysis = """$/{n;s/^/Edited for the benchmark. /}' "$(sed -n 2p "$dir/clauses.txt")"
  measure analysis "$atlas" build --root "$site" --out "$out"
  sed -i '0,/<h1>/s//<h1 class="edited">/' "$site/templates/platform.html"
  measure template "$atlas" build --root "$site" --out "$out"
  bytes=$(du -sb "$out" | cut -f1)
  files=$(find "$out" -type f | wc -l)
  sync
  start=$(date +%s.%N); cp -r "$out" "$copy"; end=$(date +%s.%N)
  cp_wall=$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')
  printf '%-8s %-10s %8.2fs   (cp -r of %d files, %d MB: the floor)\n' "$size" "cp -r" "$cp_wall" "$files" "$((bytes / 1048576))"
  printf '%-8s %-10s %8.2fx   (the cold build'"'"'s wall time over cp -r'"'"'s)\n' "$size" "cold/cp" "$(awk -v c="$cold_wall" -v f="$cp_wall" 'BEGIN{print c/f}')"
done
