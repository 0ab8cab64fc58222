#!/usr/bin/env python3
"""Trunk post_build hook: finish the build in Trunk's staging directory (TRUNK_STAGING_DIR).

1. The built-in content (crates/core/data: surveys, frameworks, interface text) is copied out as
   hashed static files, content/<name>-<hash>.json: the apps fetch them instead of carrying them
   inside their WebAssembly (issue 12).
2. The facilitator's app, which Trunk builds as a second module under its plain name
   (facilitator.js, facilitator_bg.wasm), gets hashed names like every other file.
3. index.html gets the list of those files (the script element #yv-files) that its boot script
   and the apps read: the hashed names come from the build itself, never from code.
4. index.html's Content-Security-Policy gets the sha256 of each of its inline scripts, in place of
   'unsafe-inline': only the scripts that came with the build run (issue 16).
5. sw.js is written from tools/sw/sw.template.js: the precache list is every file staged, read
   from the staging directory; the cache version is a hash of their names and contents.

`--list DIR` prints the precache list for a built dist/ (the tests compare it with the files).
"""
import base64
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
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
CSP = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")', re.I)
# Script types the browser runs; anything else (application/json) is data and needs no hash.
EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}


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


def inline_script_hashes(html):
    """The CSP source ('sha256-...') of every inline script the browser would run, in page order."""
    out = []
    for attrs, body in SCRIPT.findall(html):
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]*)""", attrs, re.I)
        if (kind.group(1).strip().lower() if kind else "") not in EXECUTABLE:
            continue
        digest64 = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        out.append(f"'sha256-{digest64}'")
    return out


def pin_inline_scripts(root):
    """Replace 'unsafe-inline' in the policy's script-src by the hashes of the page's own scripts.
    Run last on index.html: any later change to a script would need a new hash."""
    path = os.path.join(root, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    meta = CSP.search(html)
    if not meta:
        sys.exit("post_build.py: index.html has no Content-Security-Policy meta element")
    hashes = inline_script_hashes(html)
    directives = []
    for d in meta.group(2).split(";"):
        parts = d.split()
        if parts and parts[0] == "script-src":
            parts = [p for p in parts if p != "'unsafe-inline'"] + hashes
        directives.append(" ".join(parts))
    policy = "; ".join(d for d in directives if d)
    if "'unsafe-inline'" in next(d for d in directives if d.startswith("script-src")):
        sys.exit("post_build.py: script-src still allows 'unsafe-inline'")
    html = html[: meta.start(2)] + policy + html[meta.end(2) :]
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"index.html: script-src allows {len(hashes)} inline scripts by hash, not 'unsafe-inline'")


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
    pin_inline_scripts(root)
    write_sw(root)


if __name__ == "__main__":
    main()
