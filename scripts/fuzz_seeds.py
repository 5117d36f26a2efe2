#!/usr/bin/env python3
"""Writes the fuzzers' starting inputs, fuzz/seeds/<target>/, from the
repository's own fixtures (tests/fixtures, content/, the starter's and
fixtures' cairn.yaml) and a few hand-written cases. Each target's input
format is described in fuzz/src/lib.rs; the encoders here follow it.

Run it again after changing an input format: `python3 scripts/fuzz_seeds.py`.
It replaces the seed folders; fuzz/regressions/ is left alone.
"""

import hashlib
import shutil
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
# Seeds stay small: the fuzzer mutates them, and CI replays them all.
MOST_BYTES = 6 * 1024


def markdown_files():
    files = sorted(
        p
        for folder in ("tests/fixtures", "content")
        for p in (ROOT / folder).rglob("*")
        if p.is_file()
        and p.suffix in (".md", ".markdown", ".erb")
        and p.stat().st_size <= MOST_BYTES
    )
    return files


def save(target, name, data):
    folder = SEEDS / target
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(data).hexdigest()[:10]
    (folder / f"{name}-{digest}").write_bytes(data)


def short(path):
    return path.relative_to(ROOT).as_posix().replace("/", "_")[-60:]


def frontmatter_and_page(files):
    # frontmatter: a byte choosing the page's path, then the file.
    # page and live: a byte choosing the site's configuration, then the page.
    for i, path in enumerate(files):
        data = path.read_bytes()
        if i % 2 == 0:
            save("frontmatter", short(path), bytes([i % 8]) + data)
        else:
            save("page", short(path), bytes([i % 3]) + data)
        if i % 4 == 1:
            # live: the same format as page.
            save("live", short(path), bytes([i % 3]) + data)
    extra = [
        b"---\ntitle: [x\n---\n",
        b"+++\ntitle = \"T\"\ntags = [\"a\"]\n+++\n# Heading\n\nBody\n",
        b"\xef\xbb\xbf---\r\ntitle: BOM\r\n---\r\nBody\r\n",
        b"---\n---\n# Only a heading #\n",
        b"---\ntitle: \"a\"\ndate: 2024-02-30\nreview_by: soon\nweight: 99999999999999999999\n---\n",
        b"---\ntitle: Bad\x00Control\x1b\n---\nx\n",
        b"---",
        b"",
    ]
    for i, data in enumerate(extra):
        save("frontmatter", f"hand-{i}", bytes([i % 8]) + data)
        save("page", f"hand-{i}", bytes([i % 3]) + data)
        save("live", f"hand-{i}", bytes([i % 3]) + data)


def config():
    for path in sorted(ROOT.rglob("cairn.yaml")):
        if "target" in path.parts:
            continue
        save("config", short(path), path.read_bytes())
    extra = [
        "",
        "title: x\nkinds:\n  meeting:\n    folder: meetings\n    fields:\n      chair: {type: person, required: true}\n",
        "audiences: [a, b, c]\ndefault_audience: b\npublish_audience: z\n",
        "taxonomies: [tags, people]\ninduction: [\"Start here\", \"[[Fuzzed]]\"]\n",
        "base_url: \"https://example.org/kb/\"\nlanguage: pt-br\nfeed_limit: 0\n",
        "content_dir: ../x\n",
        "raw_html: allow\nbroken_links: error\nassets: all\nmax_file_size_kb: 0\n",
        "decision_statuses: []\nmarkdown_extensions: [\"\", \".\", \".MD\"]\n",
        "title: &a [*a]\n",
        "unknown_key: 1\n",
    ]
    for i, text in enumerate(extra):
        save("config", f"hand-{i}", text.encode())


def request_path():
    paths = [
        "/", "/guides", "/guides/", "/guides/start.html", "/a%20b", "/a%20b/",
        "/missing.html", "/../etc/passwd", "/%2e%2e/etc/passwd",
        "/%2E%2E%2Fetc%2Fpasswd", "/..%5c..%5cwindows", "/./index.html",
        "/x%00.html", "/%ff", "//guides//start.html", "/%c0%ae%c0%ae/",
        "/guides/%2f", "/%252e%252e/",
    ]
    for i, path in enumerate(paths):
        save("request_path", f"path-{i}", path.encode())


def text_op(text):
    data = text.encode()[:255]
    return bytes([1, len(data)]) + data


def string(text):
    data = text.encode()[:255]
    return bytes([len(data)]) + data


def search_index(files):
    # language, chunk size (u16), gzip level, then operations:
    # 0 new record (url), 1|2 text, 3 weight (f32), 4 heading (level),
    # 5 end, 6 anchor (element, id, text), 7 meta (key, value),
    # 8 filter (key, value), 9 url.
    for i, path in enumerate(files[::5][:16]):
        words = path.read_text(errors="replace").split()
        program = bytearray([i % 12]) + struct.pack("<H", 100 + i * 37) + bytes([i % 10])
        program += bytes([9]) + string(short(path) + ".html")
        program += bytes([7]) + string("title") + string(" ".join(words[:4]))
        program += bytes([8]) + string("kind") + string("guide")
        program += bytes([4, 1]) + text_op(" ".join(words[:3])) + bytes([5])
        program += bytes([6]) + string("h2") + string("details") + string("Details")
        program += bytes([3]) + struct.pack("<f", 2.5)
        for start in range(0, min(len(words), 120), 12):
            program += text_op(" " + " ".join(words[start:start + 12]))
        program += bytes([5, 0]) + string("second.html") + text_op("second page café naïve 日本語 🦀")
        save("search_index", short(path), bytes(program))
    hand = [
        bytes([0, 0, 0, 0]),
        bytes([2, 1, 0, 9]) + text_op("n") + text_op("o") + text_op("t") + bytes([3]) + struct.pack("<f", float("nan")),
        bytes([0, 64, 0, 1]) + bytes([4, 9]) + text_op("deep") + bytes([5, 5, 5]) + bytes([3]) + struct.pack("<f", -1.0),
    ]
    for i, data in enumerate(hand):
        save("search_index", f"hand-{i}", data)


def site_tree():
    # Operations: op byte, name byte (index into NAMES, 255 a long name,
    # others a length-prefixed name), then the op's arguments.
    # 0|1 enter folder, 2 leave, 3|4 page (which), 5 raw bytes (length/4,
    # bytes), 6 empty file, 7 large page (which, size), 8|9 link (target),
    # 10 cairn.yaml (which).
    programs = [
        [3, 0, 0, 3, 1, 2, 3, 2, 1],  # a.md, A.md, _index.md
        [0, 9, 3, 0, 3, 2, 3, 2, 1, 5, 0, 8, 0, 0],  # people/a.md ...; link to the secret
        [8, 0, 0, 8, 1, 1, 8, 24, 1, 8, 7, 2, 3, 3, 1],  # links outside
        [0, 7] * 10 + [3, 4, 1, 6, 5],  # deep nesting
        [3, 4, 0, 3, 5, 0, 3, 6, 2, 3, 28, 3, 3, 29, 4],  # Unicode names
        [7, 0, 0, 15, 10, 0, 5],  # a large file under a 1 kB limit
        [10, 0, 1, 0, 7, 3, 0, 1, 8, 12, 4, 8, 13, 3],  # content_dir: notes, link to ..
        [8, 7, 6, 8, 8, 9, 3, 40, 2],  # self link, dangling link, odd name
        [10, 0, 3, 0, 10, 3, 2, 0, 11, 3, 0, 9],  # a theme inside the content
        [5, 0, 4, 0xff, 0xfe, 0x00, 0x80, 3, 38, 1],  # non-UTF-8, index.html
        [10, 0, 4, 3, 0, 3, 3, 1, 4],  # audiences
        [10, 0, 5, 3, 22, 0, 3, 2, 1, 3, 21, 2],  # markdown extensions
    ]
    for i, program in enumerate(programs):
        save("site_tree", f"tree-{i}", bytes(program))


def main():
    if SEEDS.exists():
        shutil.rmtree(SEEDS)
    files = markdown_files()
    frontmatter_and_page(files)
    config()
    request_path()
    search_index(files)
    site_tree()


if __name__ == "__main__":
    main()
