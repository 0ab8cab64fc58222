#!/usr/bin/env python3
"""Trunk post_build hook: finish the build in Trunk's staging directory (TRUNK_STAGING_DIR).

1. The built-in content (crates/core/data: surveys, frameworks, interface text) is copied out as
   hashed static files, content/<name>-<hash>.json: the apps fetch them instead of carrying them
   inside their WebAssembly (issue 12).
2. The facilitator's app, which Trunk builds as a second module under its plain name
   (facilitator.js, facilitator_bg.wasm), gets hashed names like every other file.
3. index.html gets the list of those files (the script element #yv-files) that its boot script
   and the apps read: the hashed names come from the build itself, never from code.
4. sw.js is written from tools/sw/sw.template.js: the precache list is every file staged, read
   from the staging directory; the cache version is a hash of their names and contents.

`--list DIR` prints the precache list for a built dist/ (the tests compare it with the files).
"""
import hashlib
import json
import os
import re
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "crates", "core", "data")
TEMPLATE = os.path.join(ROOT, "tools", "sw", "sw.template.js")
SKIP = {"sw.js"}
FILES_ELEMENT = re.compile(r'(<script id="yv-files" type="application/json">)(.*?)(</script>)', re.S)


def digest(data):
    return hashlib.sha256(data).hexdigest()[:16]


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


def copy_content(root):
    """Copy each built-in file to content/<stem>-<hash>.json; return (file name, URL) lists."""
    out_dir = os.path.join(root, "content")
    os.makedirs(out_dir, exist_ok=True)

    def copy(path):
        with open(path, "rb") as f:
            data = f.read()
        stem = os.path.splitext(os.path.basename(path))[0]
        rel = f"content/{stem}-{digest(data)}.json"
        with open(os.path.join(root, rel), "wb") as f:
            f.write(data)
        return [os.path.basename(path), rel]

    def kind(sub):
        folder = os.path.join(DATA, sub)
        return [copy(os.path.join(folder, n)) for n in sorted(os.listdir(folder)) if n.endswith(".json")]

    surveys, frameworks = kind("surveys"), kind("frameworks")
    if not surveys or not frameworks:
        sys.exit("post_build.py: no built-in surveys or frameworks found under crates/core/data")
    return {"interface": copy(os.path.join(DATA, "interface.json"))[1], "surveys": surveys, "frameworks": frameworks}


def hash_module(root, name):
    """Give Trunk's plain-named module <name>.js + <name>_bg.wasm hashed names."""
    js, wasm = os.path.join(root, f"{name}.js"), os.path.join(root, f"{name}_bg.wasm")
    if not (os.path.exists(js) and os.path.exists(wasm)):
        sys.exit(f"post_build.py: Trunk did not stage {name}.js and {name}_bg.wasm")
    with open(wasm, "rb") as f:
        wasm_hash = digest(f.read())
    with open(js, encoding="utf-8") as f:
        text = f.read()
    # The loader's own default path to its wasm (the page passes the fetch, but keep it true).
    text = text.replace(f"{name}_bg.wasm", f"{name}-{wasm_hash}_bg.wasm")
    js_name = f"{name}-{digest(text.encode())}.js"
    wasm_name = f"{name}-{wasm_hash}_bg.wasm"
    with open(os.path.join(root, js_name), "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(wasm, os.path.join(root, wasm_name))
    os.remove(js)
    return {"js": js_name, "wasm": wasm_name}


def write_file_list(root, listing):
    path = os.path.join(root, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    if not FILES_ELEMENT.search(html):
        sys.exit('post_build.py: index.html has no <script id="yv-files" type="application/json"> element')
    html = FILES_ELEMENT.sub(lambda m: m.group(1) + json.dumps(listing, separators=(",", ":")) + m.group(3), html, count=1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)


def write_sw(root):
    listed = files(root)
    with open(TEMPLATE, encoding="utf-8") as f:
        template = f.read()
    v = version(root, listed)
    text = template.replace("__VERSION__", v).replace("__FILES__", json.dumps(listed))
    with open(os.path.join(root, "sw.js"), "w", encoding="utf-8") as f:
        f.write(text)
    print(f"sw.js: {len(listed)} files precached, version {v}")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--list":
        print(json.dumps(files(sys.argv[2])))
        return
    root = os.environ.get("TRUNK_STAGING_DIR")
    if not root:
        sys.exit("post_build.py: TRUNK_STAGING_DIR is not set (run by trunk build)")
    if os.path.isdir(os.path.join(root, "content")):
        shutil.rmtree(os.path.join(root, "content"))
    listing = copy_content(root)
    listing["facilitator"] = hash_module(root, "facilitator")
    write_file_list(root, listing)
    write_sw(root)


if __name__ == "__main__":
    main()
