#!/usr/bin/env bash
# Usage: tests/bench/sizes.sh DIST. Prints the size of every file in DIST, raw and gzip -9,
# as a Markdown table (the method and latest figures are in BENCHMARKS.md).
set -euo pipefail
dist=${1:-dist}
[ -d "$dist" ] || { echo "no $dist folder: run make build first"; exit 1; }
printf '| file | raw bytes | gzip -9 bytes |\n|---|---:|---:|\n'
total_raw=0 total_gz=0
while IFS= read -r f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz))
  # Strip Trunk's content hash so the table compares across builds.
  name=$(basename "$f" | sed -E 's/-[0-9a-f]{16}(_bg)?\./\1./')
  printf '| %s | %d | %d |\n' "$name" "$raw" "$gz"
done < <(find "$dist" -type f -not -name '.*' | sort)
printf '| **total** | **%d** | **%d** |\n' "$total_raw" "$total_gz"

# Issue 12's budget: what a pupil's welcome screen waits for on a tablet running a session (the
# page, its styles, the pupils' app and the interface text; the Urdu font only when Urdu shows)
# and the whole build, gzip -9.
path_gz=0
for f in "$dist"/index.html "$dist"/main-*.css "$dist"/fonts-*.css "$dist"/pupil-*.js "$dist"/pupil-*_bg.wasm "$dist"/content/interface-*.json; do
  [ -f "$f" ] || { echo "missing from the pupil path: $f"; exit 1; }
  path_gz=$((path_gz + $(gzip -9 -c "$f" | wc -c)))
done
printf '\npupil path (gzip -9): %d bytes (budget 153,600); whole build: %d bytes (budget 307,200)\n' "$path_gz" "$total_gz"
