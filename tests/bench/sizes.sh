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
