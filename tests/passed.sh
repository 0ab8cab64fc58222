#!/usr/bin/env bash
# Usage: tests/passed.sh LAYER LOG. Fails unless the cargo/wasm-bindgen-test log shows at least
# one passed test and no failure: a layer that runs no test is a broken layer.
set -euo pipefail
layer=$1 log=$2
if grep -qE '^test result: FAILED|^failures:' "$log"; then
  echo "$layer tests: failures (see above)"; exit 1
fi
passed=$(grep -oE '^test result: ok\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
failed=$(grep -oE '; [0-9]+ failed' "$log" | awk '{s += $2} END {print s + 0}')
if [ "$passed" -eq 0 ]; then
  echo "$layer tests: no test ran"; exit 1
fi
echo "$layer: $passed passed, $failed failed"
