#!/usr/bin/env bash
# Rebuild the Urdu web font subset the app ships: assets/fonts/urdu-subset.woff2 (400) and
# assets/fonts/urdu-subset-bold.woff2 (700), plus assets/fonts/OFL.txt (the font's licence).
# Run it again whenever an Urdu ("ur") string changes in crates/core/data/interface.json or
# crates/core/data/surveys/*.json, and commit the files it writes. Builds never run it: the
# subset is committed, so `make build` needs neither fonttools nor the source font.
#
# Where the source font comes from (nothing here is an executable binary):
#   * Noto Naskh Arabic 2.021, SIL OFL 1.1, from the npm package @fontsource/noto-naskh-arabic@5.3.0
#     (its files/noto-naskh-arabic-{arabic,latin}-{400,700}-normal.woff2). The tarball is fetched
#     with `npm pack` into .tools/font-src/ (git-ignored) and checked against the sha256 below;
#     it is NOT a dependency in package.json, so `npm ci` and builds never download it.
#   * URDU_FONT=nastaliq picks Noto Nastaliq Urdu 3.007 (same licence, @fontsource/noto-nastaliq-urdu
#     @5.3.0) instead. It is the right calligraphic style for Urdu, but its subset is ~110 KB a weight
#     (~96 KB with only the app's own letters: its shaping tables are huge), far over the app's ~60 KB
#     font budget; it would also need line-height ~2.2 (headings ~1.9) in style/fonts.css.
#   * fonttools and brotli (pinned below) from PyPI, in a venv at .tools/font-venv (git-ignored).
#
# Usage: tools/font/subset-urdu.sh            rebuild the subset (needs npm and PyPI, once)
#        tools/font/subset-urdu.sh --check    only check the committed subset covers every Urdu
#                                             string (python3 standard library, no downloads)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY_SCRIPT="tools/font/subset_urdu.py"

if [[ "${1:-}" == "--check" ]]; then
  exec python3 "$PY_SCRIPT" --check
fi

FONTTOOLS_VERSION=4.68.0
BROTLI_VERSION=1.2.1
URDU_FONT="${URDU_FONT:-naskh}"
case "$URDU_FONT" in
  naskh)
    PKG=@fontsource/noto-naskh-arabic VERSION=5.3.0 STEM=noto-naskh-arabic
    SHA256=8e4d87d3ae28020665d61054e4262162797feee84f0f145502d15e769a5bbb73 ;;
  nastaliq)
    PKG=@fontsource/noto-nastaliq-urdu VERSION=5.3.0 STEM=noto-nastaliq-urdu
    SHA256=80690ba85bdfbd96769337da894e1485a0b4aa597cb28a04f1b26e14487847e2 ;;
  *) echo "URDU_FONT must be naskh or nastaliq" >&2; exit 2 ;;
esac

# 1. fonttools (pyftsubset's library) in a private venv.
VENV=.tools/font-venv
if ! "$VENV/bin/python" -c "import fontTools, brotli, sys; sys.exit(fontTools.version != '$FONTTOOLS_VERSION')" 2>/dev/null; then
  echo "Installing fonttools $FONTTOOLS_VERSION and brotli $BROTLI_VERSION into $VENV (PyPI)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "fonttools==$FONTTOOLS_VERSION" "brotli==$BROTLI_VERSION"
fi

# 2. The source font, from the npm registry, checked.
SRC=.tools/font-src
TGZ="$SRC/fontsource-$STEM-$VERSION.tgz"   # the name `npm pack` gives it
if [[ ! -f "$TGZ" ]]; then
  mkdir -p "$SRC"
  echo "Fetching $PKG@$VERSION from the npm registry into $SRC"
  (cd "$SRC" && npm pack --silent "$PKG@$VERSION" >/dev/null)
fi
echo "$SHA256  $TGZ" | sha256sum --check --quiet \
  || { echo "$TGZ does not match the pinned sha256: refusing to use it" >&2; exit 1; }
UNPACKED="$SRC/$STEM-$VERSION"
if [[ ! -d "$UNPACKED" ]]; then
  mkdir -p "$UNPACKED" && tar -xzf "$TGZ" -C "$UNPACKED" --strip-components=1
fi

# 3. Subset, merge the Arabic and Latin halves, write WOFF2, check coverage.
exec "$VENV/bin/python" "$PY_SCRIPT" --src "$UNPACKED/files" --stem "$STEM" \
  --license "$UNPACKED/LICENSE" --label "$PKG@$VERSION"
