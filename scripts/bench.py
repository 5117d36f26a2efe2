#!/usr/bin/env python3
"""Build-time benchmark: Cairn against Hugo on generated knowledge bases.

Usage:  scripts/bench.py [--pages 1000,10000] [--runs 5] [--work DIR] [--no-hugo] [--settle 70]

For each corpus size it generates a corpus with ../shared/bench/gen_corpus.py
(cached in the work folder), turns it into a Hugo site with to_peers.py, and
builds both alternately --runs times, each into a new output folder (all are
deleted at the end, not between runs: see the comment in main()). It
prints, per tool: median wall time, pages per second, median peak memory (RSS),
and the Cairn/Hugo ratio of median wall times measured in the same run.

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


def corpus(work, pages):
    """The generated corpus and the Hugo site made from it."""
    path = generated(work, pages)
    sites = path + "-peers"
    if not os.path.exists(os.path.join(sites, "hugo")):
        shutil.rmtree(sites, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(SHARED, "to_peers.py"), path, sites],
                       check=True, stdout=subprocess.DEVNULL)
    return path, os.path.join(sites, "hugo")


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
    parser.add_argument("--settle", type=int, default=70,
                        help="seconds to wait after clearing old runs, before timing (default 70)")
    args = parser.parse_args()

    os.makedirs(args.work, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    cairn = os.path.join(REPO, "target", "release", "cairn")
    use_hugo = not args.no_hugo
    if use_hugo and not shutil.which("hugo"):
        sys.exit("hugo not found: install Debian's `hugo` package, or pass --no-hugo")
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
        corpus_dir, hugo_site = corpus(args.work, pages)
        published = published_pages(corpus_dir)
        tools = {"cairn": lambda out: [cairn, "-q", "build", corpus_dir, "--out", out]}
        if use_hugo:
            tools["hugo"] = lambda out: ["hugo", "--quiet", "--source", hugo_site, "--destination", out]
        samples = {name: [] for name in tools}
        for i in range(args.runs):
            for name, cmd in tools.items():  # alternate, so noise hits both alike
                out = os.path.join(runs_dir, "%d-%s-%d" % (pages, name, i))
                samples[name].append(run(cmd(out), out))
        print("\n%d-page corpus (%d published pages), %d runs each (%s)" % (pages, published, args.runs, env_note))
        print("  %-6s %12s %12s %14s" % ("tool", "median s", "pages/s", "peak RSS MiB"))
        row = {}
        for name, runs in samples.items():
            wall = statistics.median(r[0] for r in runs)
            peak = statistics.median(r[1] for r in runs)
            row[name] = {"median_s": round(wall, 3), "pages_per_s": round(published / wall), "peak_mib": round(peak),
                         "runs_s": [round(r[0], 3) for r in runs]}
            print("  %-6s %12.3f %12.0f %14.0f" % (name, wall, published / wall, peak))
        if use_hugo:
            ratio = row["cairn"]["median_s"] / row["hugo"]["median_s"]
            row["cairn_over_hugo"] = round(ratio, 3)
            print("  Cairn/Hugo wall-time ratio: %.2f (target: at most 0.33 at 10,000 pages)" % ratio)
        results[pages] = row
    shutil.rmtree(runs_dir)
    with open(os.path.join(args.work, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    print("\nRaw figures: %s" % os.path.join(args.work, "results.json"))


if __name__ == "__main__":
    main()
