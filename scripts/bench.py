#!/usr/bin/env python3
"""Build-time benchmark: Cairn against Hugo on generated knowledge bases.

Usage:  scripts/bench.py [--pages 1000,10000] [--runs 5] [--work DIR] [--no-hugo] [--settle 70]
                        [--zola BINARY [--zola-search]] [--search] [--baseline BINARY]
                        [--only-without-search]

A corpus of 100,000 pages or more (--pages 10000,100000) is built once per
tool, its time is compared with the 10,000-page one measured in the same run,
and it is deleted with its builds afterwards.

For each corpus size it generates a corpus with ../shared/bench/gen_corpus.py
(cached in the work folder), turns it into a Hugo site with to_peers.py, and
builds both alternately --runs times, each into a new output folder (all are
deleted at the end, not between runs: see the comment in main()). It
prints, per tool: median wall time, pages per second, median peak memory (RSS),
and the Cairn/Hugo ratio of median wall times measured in the same run.
With --zola, Zola builds the site to_peers.py made for it too (minimal
templates, no search index), alternating with the others, and the ratio of
Cairn's time with search to Zola's is printed. Zola is not packaged by
Debian: build it from its source release with cargo, into a folder outside
this repository (see docs/maintainers/performance.md), and pass its binary.
With --zola-search too, Zola also builds a copy of that site with its own
search index turned on (`build_search_index = true`), for a comparison of
like with like (not at 100,000 pages, where it would take many minutes).
Cairn is also built with `search: false` (a folder beside the corpus whose
cairn.yaml says so and points at the corpus), to give the share of the build
that the search index takes.

With --baseline, another build of cairn (an older commit's, say) builds the
corpus without search too, alternating with this one, so that two versions
are compared side by side in one run; --only-without-search leaves out the
build with search (the slowest by far) when only that comparison is wanted.

With --search it also serves the last Cairn build, searches it in headless
Chromium once per query with nothing cached (the ignored test
`search_as_the_benchmark_does`), and adds up the bytes the server sent for
each query: the search bundle's size and what one query downloads.

Needs: a release build of cairn (built here with cargo), Debian's `hugo`
(skipped with --no-hugo), and GNU time at /usr/bin/time for peak memory.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Corpora of this many pages or more are built once per tool and deleted
# afterwards (the 100,000-page one is 0.9 GB, and each build of it 4 GB).
LARGE = 100_000
SHARED = os.path.join(os.path.dirname(REPO), "shared", "bench")


def run(cmd, out_dir):
    """Runs cmd once into out_dir, which must not exist; returns (seconds, peak RSS in MiB)."""
    assert not os.path.exists(out_dir), out_dir
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", stats.name] + cmd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit("command failed: %s\n%s" % (" ".join(cmd), proc.stderr[-2000:]))
        peak_kib = int(stats.read().strip().splitlines()[-1])
    return elapsed, peak_kib / 1024


def generated(work, pages):
    """A corpus of `pages` pages from gen_corpus.py, made once and kept in `work`."""
    path = os.path.join(work, "corpus-%d" % pages)
    manifest = path + ".json"
    if not os.path.exists(manifest):
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(SHARED, "gen_corpus.py"), "--pages", str(pages),
                        "--out", path, "--manifest", manifest], check=True, stdout=subprocess.DEVNULL)
    return path


def corpus(work, pages, with_peers=True):
    """The generated corpus and the folder of peers' sites made from it
    (`hugo/`, `zola/` …; None when no peer is wanted)."""
    path = generated(work, pages)
    sites = path + "-peers"
    if not with_peers:
        return path, None
    if not os.path.exists(os.path.join(sites, "zola", "config.toml")):
        shutil.rmtree(sites, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(SHARED, "to_peers.py"), path, sites],
                       check=True, stdout=subprocess.DEVNULL)
    return path, sites


def zola_with_search(peers):
    """A copy of Zola's site with Zola's own search index turned on."""
    plain, searched = os.path.join(peers, "zola"), os.path.join(peers, "zola-search")
    if not os.path.exists(searched):
        shutil.copytree(plain, searched)
    config = os.path.join(searched, "config.toml")
    with open(config) as f:
        text = f.read()
    if "build_search_index = true" not in text:
        if "build_search_index = false" in text:
            text = text.replace("build_search_index = false", "build_search_index = true")
        else:
            text = "build_search_index = true\n" + text
        with open(config, "w") as f:
            f.write(text)
    return searched


def without_search(corpus_dir):
    """A knowledge base beside the corpus: the same content, search turned off."""
    path = corpus_dir + "-no-search"
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "cairn.yaml"), "w") as f:
        f.write("search: false\ncontent_dir: ../%s\n" % os.path.basename(corpus_dir))
    return path


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


QUERIES = ["lantern", "safeguarding", "tenancy", "handover", "county lines"]


def search_downloads(site):
    """Bytes the server sends for one search on a cold browser, per query."""
    subprocess.run(["cargo", "test", "--release", "--quiet", "--test", "browser", "--no-run"],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        server = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
                                   "--directory", site], stdout=subprocess.PIPE, stderr=log, text=True)
        try:
            port = server.stdout.readline().split("port ")[1].split()[0]
            sizes = {}
            for query in QUERIES:
                log.seek(0, os.SEEK_END)
                start = log.tell()
                env = dict(os.environ, CAIRN_SEARCH_URL="http://127.0.0.1:%s/index.html" % port,
                           CAIRN_SEARCH_QUERY=query)
                subprocess.run(["cargo", "test", "--release", "--quiet", "--test", "browser", "--",
                                "--ignored", "--exact", "reader::search_as_the_benchmark_does"],
                               cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
                log.seek(start)
                total = 0
                for line in log.read().splitlines():
                    # 127.0.0.1 - - [date] "GET /_cairn/pagefind/x HTTP/1.1" 200 -
                    if '"GET /_cairn/pagefind/' in line and '" 200 ' in line:
                        path = line.split('"GET /', 1)[1].split(" ", 1)[0].split("?")[0]
                        total += os.path.getsize(os.path.join(site, path))
                sizes[query] = total
            return sizes
        finally:
            server.kill()
            server.wait()


def published_pages(corpus_dir):
    count = 0
    for folder, _, files in os.walk(corpus_dir):
        for name in files:
            if name.endswith(".md"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    head = f.read(2000)
                if "\ndraft: true" not in head.split("\n---", 1)[0]:
                    count += 1
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default=os.path.join(REPO, "target", "bench"))
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--search", action="store_true",
                        help="also measure the search bundle and what one query downloads")
    parser.add_argument("--zola", help="a zola binary: build the corpus with Zola too")
    parser.add_argument("--zola-search", action="store_true",
                        help="with --zola: also build Zola's site with its own search index")
    parser.add_argument("--baseline", help="another cairn binary to build the corpus without search")
    parser.add_argument("--only-without-search", action="store_true",
                        help="leave out the build with search")
    parser.add_argument("--settle", type=int, default=70,
                        help="seconds to wait after clearing old runs, before timing (default 70)")
    args = parser.parse_args()

    os.makedirs(args.work, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    cairn = os.path.join(REPO, "target", "release", "cairn")
    use_hugo = not args.no_hugo
    if use_hugo and not shutil.which("hugo"):
        sys.exit("hugo not found: install Debian's `hugo` package, or pass --no-hugo")
    if args.zola and not os.access(args.zola, os.X_OK):
        sys.exit("%s is not an executable zola" % args.zola)
    if args.zola_search and not args.zola:
        sys.exit("--zola-search needs --zola BINARY")
    env_note = "SOURCE_DATE_EPOCH fixed so runs are identical"
    os.environ["SOURCE_DATE_EPOCH"] = "1795000000"

    # Every run writes a new folder, and all of them are deleted only at the
    # end. Deleting thousands of files just before a timed run makes the next
    # run's file creation slow (ext4 without a journal skips inodes freed in
    # the last minute or so), which would measure the previous run's clean-up
    # rather than the tool. So: clear old runs, let the file system settle once,
    # then time.
    runs_dir = os.path.join(args.work, "runs")
    if os.path.exists(runs_dir):
        shutil.rmtree(runs_dir)
    os.makedirs(runs_dir)
    subprocess.run(["sync"], check=False)
    if args.settle > 0:
        print("letting the file system settle for %d s before timing…" % args.settle, flush=True)
        time.sleep(args.settle)

    results = {}
    for pages in [int(p) for p in args.pages.split(",")]:
        corpus_dir, peers = corpus(args.work, pages, use_hugo or bool(args.zola))
        # A corpus this large takes minutes and gigabytes a build: each tool
        # builds it once, and the corpus and its builds are deleted after.
        large = pages >= LARGE
        run_count = 1 if large else args.runs
        published = published_pages(corpus_dir)
        plain = without_search(corpus_dir)
        tools = {"cairn": lambda out: [cairn, "-q", "build", corpus_dir, "--out", out],
                 "cairn-no-search": lambda out: [cairn, "-q", "build", plain, "--out", out]}
        if args.only_without_search:
            del tools["cairn"]
        if args.baseline:
            tools["baseline-no-search"] = lambda out: [args.baseline, "-q", "build", plain, "--out", out]
        if use_hugo:
            tools["hugo"] = lambda out: ["hugo", "--quiet", "--source", os.path.join(peers, "hugo"),
                                         "--destination", out]
        if args.zola:
            tools["zola"] = lambda out: [args.zola, "--root", os.path.join(peers, "zola"), "build",
                                         "--output-dir", out]
        if args.zola_search and not large:
            zola_search = zola_with_search(peers)
            tools["zola-search"] = lambda out: [args.zola, "--root", zola_search, "build",
                                                "--output-dir", out]
        samples = {name: [] for name in tools}
        for i in range(run_count):
            for name, cmd in tools.items():  # alternate, so noise hits both alike
                out = os.path.join(runs_dir, "%d-%s-%d" % (pages, name, i))
                samples[name].append(run(cmd(out), out))
        print("\n%d-page corpus (%d published pages), %d runs each (%s)" % (pages, published, run_count, env_note))
        print("  %-15s %12s %12s %14s" % ("tool", "median s", "pages/s", "peak RSS MiB"))
        row = {}
        for name, runs in samples.items():
            wall = statistics.median(r[0] for r in runs)
            peak = statistics.median(r[1] for r in runs)
            row[name] = {"median_s": round(wall, 3), "pages_per_s": round(published / wall), "peak_mib": round(peak),
                         "runs_s": [round(r[0], 3) for r in runs]}
            print("  %-15s %12.3f %12.0f %14.0f" % (name, wall, published / wall, peak))
        if "cairn" in row:
            overhead = row["cairn"]["median_s"] / row["cairn-no-search"]["median_s"] - 1
            row["search_overhead"] = round(overhead, 3)
            print("  search index: +%.0f%% of the build without it (target: under 40%%)" % (overhead * 100))
        if args.baseline:
            new, old = row["cairn-no-search"], row["baseline-no-search"]
            print("  without search, this build / baseline: time %.2f, peak memory %.2f"
                  % (new["median_s"] / old["median_s"], new["peak_mib"] / old["peak_mib"]))
        if use_hugo and "cairn" in row:
            ratio = row["cairn"]["median_s"] / row["hugo"]["median_s"]
            row["cairn_over_hugo"] = round(ratio, 3)
            print("  Cairn/Hugo wall-time ratio: %.2f (target: at most 0.33 at 10,000 pages)" % ratio)
        if args.zola and "cairn" in row:
            ratio = row["cairn"]["median_s"] / row["zola"]["median_s"]
            row["cairn_over_zola"] = round(ratio, 3)
            print("  Cairn (with search)/Zola wall-time ratio: %.2f (target: at most 0.5 at 10,000 pages)" % ratio)
            if use_hugo:
                print("  Zola/Hugo wall-time ratio: %.2f" % (row["zola"]["median_s"] / row["hugo"]["median_s"]))
        if "zola-search" in row and "cairn" in row:
            ratio = row["cairn"]["median_s"] / row["zola-search"]["median_s"]
            row["cairn_over_zola_search"] = round(ratio, 3)
            site = os.path.join(runs_dir, "%d-zola-search-%d" % (pages, run_count - 1))
            index = sum(os.path.getsize(os.path.join(site, f)) for f in os.listdir(site)
                        if f.startswith("search_index"))
            row["zola_search_index_bytes"] = index
            print("  Cairn (with search)/Zola (with its search index) wall-time ratio: %.2f;"
                  " Zola's index is %.0f MB, all of it loaded by one search" % (ratio, index / 1e6))
        if large and "cairn" in row and 10000 in results and "cairn" in results[10000]:
            scale = row["cairn"]["median_s"] / results[10000]["cairn"]["median_s"]
            row["over_10000"] = round(scale, 2)
            print("  with search, %d pages took %.1f times as long as 10,000 (target: at most 12)"
                  % (pages, scale))
        if args.search and "cairn" in row and not large:
            site = os.path.join(runs_dir, "%d-cairn-%d" % (pages, run_count - 1))
            bundle = folder_bytes(os.path.join(site, "_cairn/pagefind"))
            titles = os.path.getsize(os.path.join(site, "_cairn", "titles.js"))
            downloads = search_downloads(site)
            row["search_bundle_bytes"] = bundle
            row["titles_index_bytes"] = titles
            row["query_download_bytes"] = downloads
            print("  search bundle: %.1f MB in _cairn/pagefind/; index of titles for file:// %.1f MB"
                  % (bundle / 1e6, titles / 1e6))
            for query, size in downloads.items():
                print("  one search for %-16r downloads %6.0f kB from _cairn/pagefind/" % (query, size / 1000))
            print("  median %.0f kB (target: under 300 kB)" % (statistics.median(downloads.values()) / 1000))
        results[pages] = row
        if large:
            for name in tools:
                shutil.rmtree(os.path.join(runs_dir, "%d-%s-0" % (pages, name)), ignore_errors=True)
            for leftover in (corpus_dir, corpus_dir + "-peers", corpus_dir + "-no-search"):
                shutil.rmtree(leftover, ignore_errors=True)
            os.remove(corpus_dir + ".json")
    shutil.rmtree(runs_dir)
    with open(os.path.join(args.work, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    print("\nRaw figures: %s" % os.path.join(args.work, "results.json"))


if __name__ == "__main__":
    main()
