"""Read a CSV the way a spreadsheet user's tools would (Python's csv module), print it as JSON.

Used by the end-to-end tests to check downloaded exports with a real reader."""
import csv
import json
import sys

with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    raw = f.read()
with open(sys.argv[1], "rb") as f:
    bom = f.read(3) == b"\xef\xbb\xbf"
rows = list(csv.DictReader(raw.splitlines(keepends=True)))
print(json.dumps({"bom": bom, "crlf": "\r\n" in raw or raw.count("\n") == 0, "rows": rows}))
