#!/usr/bin/env python3
"""Trunk post_build hook: write sw.js into the staging directory from tools/sw/sw.template.js.

The precache list is every file Trunk staged (hashed names included), read from the staging
directory itself, never maintained by hand; the cache version is a hash of those files' names
and contents, so any change to the build makes a new version. Run by Trunk (see Trunk.toml) with
TRUNK_STAGING_DIR set; `--list DIR` prints the list for a built dist/ (the tests compare it).
"""
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = {"sw.js"}


def files(root):
    out = []
    for dirpath, _, names in os.walk(root):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
            if rel not in SKIP and not name.startswith("."):
                out.append(rel)
    return sorted(out)


def version(root, listed):
    h = hashlib.sha256()
    for rel in listed:
        h.update(rel.encode())
        with open(os.path.join(root, rel), "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()[:16]


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--list":
        print(json.dumps(files(sys.argv[2])))
        return
    root = os.environ.get("TRUNK_STAGING_DIR")
    if not root:
        sys.exit("build_sw.py: TRUNK_STAGING_DIR is not set (run by trunk build)")
    listed = files(root)
    # The page itself is fetched as "./" by navigations: cache it under its own name too.
    with open(os.path.join(HERE, "sw.template.js"), encoding="utf-8") as f:
        template = f.read()
    text = template.replace("__VERSION__", version(root, listed)).replace("__FILES__", json.dumps(listed))
    with open(os.path.join(root, "sw.js"), "w", encoding="utf-8") as f:
        f.write(text)
    print(f"sw.js: {len(listed)} files precached, version {version(root, listed)}")


if __name__ == "__main__":
    main()
