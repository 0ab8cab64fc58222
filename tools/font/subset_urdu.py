#!/usr/bin/env python3
"""Build (or --check) the Urdu web font subset. Run through tools/font/subset-urdu.sh.

What goes in: every character of every Urdu string the app can show (the "ur" entries of
crates/core/data/interface.json and crates/core/data/surveys/*.json, plus any string there in
Arabic script, such as the language name), the whole Urdu alphabet and its marks (pupils type
free-text answers), Arabic-script and Latin digits, punctuation, spaces, ZWJ/ZWNJ and bidi marks.
All OpenType layout features are kept (GSUB/GPOS: joining forms, ligatures, marks, Urdu 'locl').

The source font comes split in two by Google Fonts (an "arabic" file and a "latin" file holding
0-9 and ASCII punctuation), so each half is subset and the halves are merged into one font.

--check needs only the Python standard library: it compares the Urdu strings with the code point
list written next to this script when the font was built, so it can run in a test without fonttools.
"""
import argparse
import glob
import gzip
import json
import os
import re
import shutil
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = ["crates/core/data/interface.json"] + sorted(
    os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "crates/core/data/surveys/*.json"))
)
OUT_DIR = "assets/fonts"
OUTPUTS = {400: "urdu-subset.woff2", 700: "urdu-subset-bold.woff2"}
CODEPOINTS_FILE = "tools/font/urdu-subset.codepoints.txt"
BUDGET = 60_000  # bytes, both weights together

# Placeholders the app fills in at run time ("{n}", "{total}"): their letters are never shown.
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def ranges(*spans):
    out = set()
    for span in spans:
        lo, hi = (span, span) if isinstance(span, int) else span
        out.update(range(lo, hi + 1))
    return out


EXTRA = ranges(
    # Spaces, joiners and direction marks.
    0x0020, 0x00A0, (0x200B, 0x200F), 0x2060,
    # All of printable ASCII, from the Latin half of the font: digits, punctuation, and letters,
    # so Latin inside Urdu text ("Year 4", "SHOUT", a typed answer) is all in one typeface rather
    # than a mix of this font's letters and a system font's.
    (0x0021, 0x007E),
    # Typographic punctuation.
    (0x2010, 0x2014), (0x2018, 0x201D), 0x2026, 0x00AB, 0x00BB,
    # Arabic punctuation: comma, semicolon, question mark, full stop (۔), percent, separators.
    0x060C, 0x061B, 0x061F, 0x06D4, (0x066A, 0x066D),
    # Arabic-Indic and Extended Arabic-Indic (Urdu) digits.
    (0x0660, 0x0669), (0x06F0, 0x06F9),
    # The Urdu alphabet, plus the Arabic letters that phone keyboards often type instead
    # (ك ه ي ى ة), hamza forms and tatweel: U+0621-064A covers them all.
    (0x0621, 0x064A),
    0x0679, 0x067E, 0x0686, 0x0688, 0x0691, 0x0698, 0x06A9, 0x06AF, 0x06BA, 0x06BB,
    0x06BE, (0x06C0, 0x06C3), 0x06CC, 0x06D2, 0x06D3,
    # Harakat and marks: zabar, zer, pesh, tanween, shadda, jazm, hamza above/below, khari zabar.
    (0x064B, 0x0658), 0x0670,
    # Honorific signs used in Urdu text (ؐ ؑ ؒ ؓ ؔ).
    (0x0610, 0x0614),
)


def collect_strings():
    """Every Urdu string in the app's data files (template placeholders removed)."""
    found = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str):
            if key == "ur" or any("\u0600" <= c <= "\u06ff" for c in node):
                found.append(PLACEHOLDER.sub("", node))

    for path in DATA:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            walk(json.load(f))
    if not found:
        sys.exit("no Urdu strings found: has the data layout changed?")
    return found


def needed_codepoints(strings):
    # Line breaks and tabs are layout, not glyphs.
    return {ord(c) for s in strings for c in s} - {0x09, 0x0A, 0x0D}


def fmt(cps):
    return " ".join("U+%04X" % c for c in sorted(cps))


def check():
    strings = collect_strings()
    need = needed_codepoints(strings)
    try:
        with open(os.path.join(ROOT, CODEPOINTS_FILE), encoding="utf-8") as f:
            have = {int(tok[2:], 16) for tok in f.read().split() if tok.startswith("U+")}
    except FileNotFoundError:
        sys.exit(f"{CODEPOINTS_FILE} is missing: run tools/font/subset-urdu.sh")
    missing = need - have
    if missing:
        print("The Urdu font subset lacks: " + " ".join(f"{chr(c)} U+{c:04X}" for c in sorted(missing)))
        print("Run tools/font/subset-urdu.sh and commit assets/fonts/ and " + CODEPOINTS_FILE)
        sys.exit(1)
    print(f"Urdu font subset covers all {len(need)} characters of {len(strings)} Urdu strings.")


def build(args):
    from fontTools import subset
    from fontTools.merge import Merger, Options as MergeOptions
    from fontTools.ttLib import TTFont

    strings = collect_strings()
    need = needed_codepoints(strings)
    wanted = need | EXTRA
    os.makedirs(os.path.join(ROOT, OUT_DIR), exist_ok=True)
    tmp = os.path.join(ROOT, ".tools", "font-tmp")
    os.makedirs(tmp, exist_ok=True)

    total = 0
    covered_by_all = None
    for weight, out_name in OUTPUTS.items():
        halves = []
        for part in ("arabic", "latin"):
            src = os.path.join(args.src, f"{args.stem}-{part}-{weight}-normal.woff2")
            font = TTFont(src, recalcTimestamp=False)
            opts = subset.Options()
            opts.layout_features = ["*"]  # keep every GSUB/GPOS feature: Urdu shaping needs them
            opts.layout_scripts = ["*"]
            opts.name_IDs = ["*"]
            opts.name_languages = ["*"]
            opts.notdef_outline = True
            opts.recalc_timestamp = False
            sub = subset.Subsetter(opts)
            sub.populate(unicodes=wanted)
            sub.subset(font)
            font.flavor = None
            path = os.path.join(tmp, f"{part}-{weight}.ttf")
            font.save(path)
            halves.append(path)
        # The Arabic half goes first: its metrics, names and space glyph win.
        merged = Merger(options=MergeOptions(drop_tables=["DSIG"])).merge(halves)
        # The merger stamps the time of day into head: keep the source's dates instead, so the
        # same inputs give byte-identical output and a re-run without changes shows no git diff.
        source_head = TTFont(halves[0])["head"]
        merged["head"].created = source_head.created
        merged["head"].modified = source_head.modified
        merged.recalcTimestamp = False
        merged.flavor = "woff2"
        out = os.path.join(ROOT, OUT_DIR, out_name)
        merged.save(out)

        check_font = TTFont(out)
        cmap = set(check_font.getBestCmap())
        missing = need - cmap
        if missing:
            sys.exit(f"{out_name} lacks characters the app shows: {fmt(missing)}")
        for feature_table in ("GSUB", "GPOS"):
            if feature_table not in check_font:
                sys.exit(f"{out_name} lost its {feature_table} table: Urdu would not shape")
        covered_by_all = cmap if covered_by_all is None else covered_by_all & cmap
        raw = os.path.getsize(out)
        with open(out, "rb") as f:
            gz = len(gzip.compress(f.read(), 9))
        total += raw
        print(f"{OUT_DIR}/{out_name}: weight {weight}, {len(check_font.getGlyphOrder())} glyphs, "
              f"{len(cmap)} characters, {raw} bytes ({gz} gzip -9)")

    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copyfile(args.license, os.path.join(ROOT, OUT_DIR, "OFL.txt"))
    with open(os.path.join(ROOT, CODEPOINTS_FILE), "w", encoding="utf-8") as f:
        f.write(f"# Characters in {OUT_DIR}/{', '.join(OUTPUTS.values())}, from {args.label}.\n"
                f"# Written by tools/font/subset-urdu.sh; read by its --check. Do not edit.\n")
        cps = sorted(covered_by_all)
        for i in range(0, len(cps), 12):
            f.write(" ".join("U+%04X" % c for c in cps[i:i + 12]) + "\n")
    print(f"Source: {args.label} (SIL OFL 1.1, licence copied to {OUT_DIR}/OFL.txt)")
    print(f"{len(strings)} Urdu strings, {len(need)} distinct characters, all covered. "
          f"Both weights: {total} bytes (budget {BUDGET}).")
    if total > BUDGET:
        print(f"WARNING: over the {BUDGET}-byte font budget", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--src", help="folder with <stem>-{arabic,latin}-{400,700}-normal.woff2")
    ap.add_argument("--stem")
    ap.add_argument("--license")
    ap.add_argument("--label", help="where the source font came from, for the record")
    args = ap.parse_args()
    if args.check:
        check()
    elif args.src and args.stem and args.license and args.label:
        build(args)
    else:
        ap.error("run through tools/font/subset-urdu.sh")


if __name__ == "__main__":
    main()
