#!/usr/bin/env python3
"""Builds the real knowledge bases of tests/corpora/SOURCES.md and reports on each.

Usage:  scripts/corpora.py --dir CORPORA [--cairn target/release/cairn] [--only NAME]

CORPORA holds one folder per name in SOURCES.md, each unpacked at its commit.
For each: `cairn build ROOT --out TMP` with no configuration, as a new user
would; prints the exit code, pages, wall time, warnings by code, and the
internal links of the built site that lead to no file or to no element with
that id (a crawl of every HTML page's <a href> and <img src>).
"""
import argparse
import collections
import html.parser
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def roots():
    """(name, Markdown root) from the table in SOURCES.md."""
    with open(os.path.join(REPO, "tests", "corpora", "SOURCES.md"), encoding="utf-8") as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 6 and re.fullmatch(r"[0-9a-f]{40}", cells[2]):
                yield cells[0], cells[4].strip("`")


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src") if tag in ("a", "img") else ():
            if attrs.get(key):
                self.links.append(attrs[key])


def crawl(site):
    """Internal links of the built site that lead nowhere: (missing files, missing ids)."""
    pages = {}
    for folder, _, files in os.walk(site):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                page = Page()
                with open(path, encoding="utf-8", errors="replace") as f:
                    page.feed(f.read())
                pages[os.path.normpath(path)] = page
    files, fragments = collections.Counter(), collections.Counter()
    for path, page in pages.items():
        for link in page.links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("/"):
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(path), urllib.parse.unquote(parts.path))) \
                if parts.path else path
            if os.path.isdir(target):
                target = os.path.join(target, "index.html")
            if not os.path.exists(target):
                files[link] += 1
            elif parts.fragment and target in pages and \
                    urllib.parse.unquote(parts.fragment) not in pages[target].ids:
                fragments[link] += 1
    return files, fragments


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cairn", default=os.path.join(REPO, "target", "release", "cairn"))
    parser.add_argument("--only")
    args = parser.parse_args()
    for name, root in roots():
        if args.only and name != args.only:
            continue
        source = os.path.join(args.dir, name, root)
        if not os.path.isdir(source):
            print(f"{name}: not unpacked at {source}, skipped")
            continue
        with tempfile.TemporaryDirectory() as out:
            site = os.path.join(out, "site")
            start = time.perf_counter()
            run = subprocess.run([args.cairn, "build", source, "--out", site],
                                 capture_output=True, text=True)
            took = time.perf_counter() - start
            codes = collections.Counter(re.findall(r"^(warning|error)\[([a-z/-]+)\]", run.stderr, re.M))
            built = re.search(r"Built (\d+) pages and (\d+) sections", run.stderr)
            print(f"{name}: exit {run.returncode}, "
                  f"{built.group(1) if built else '?'} pages, {built.group(2) if built else '?'} sections, {took:.2f} s")
            for (severity, code), n in codes.most_common():
                print(f"  {n:5d} {severity} {code}")
            if run.returncode == 0:
                files, fragments = crawl(site)
                print(f"  built site: {sum(files.values())} links to no file, "
                      f"{sum(fragments.values())} links to no heading")
                for link, n in (files + fragments).most_common(5):
                    print(f"      {n:4d} × {link}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
