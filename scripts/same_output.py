#!/usr/bin/env python3
"""Checks that a change to Cairn's code leaves its output byte for byte the same.

Usage:  scripts/same_output.py --base REV [--pages 10000] [--work DIR] [--search]

Builds the release binary of commit REV (in a Git worktree under the work
folder, cached there by commit) and of the working tree, then builds the same
knowledge bases with both and compares every output file:

  example   the bundled knowledge base at the top of each side's checkout
            (its `themes/` folder is the default theme, as an override);
  corpus    a site of --pages pages from ../shared/bench/gen_corpus.py, with
            `search: false` unless --search is given (the search index does not
            change with the code being reshaped, and is by far the slowest part).

Both builds run with the same SOURCE_DATE_EPOCH, so review dates match. It
prints each file that differs (first differing line of each), each file only
one side has, and exits non-zero if there is any difference.

The search index (`_cairn/pagefind/`) is left out of the comparison: Pagefind names
and fills its files differently on every build, even of the same binary, as
pages reach it in whatever order the threads render them.
"""
import argparse
import difflib
import filecmp
import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import generated, without_search  # noqa: E402  (the corpus cache shared with bench.py)

EPOCH = "1780272000"  # 2026-06-01, as in the tests


def release_binary(checkout, target_dir):
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet",
                    "--target-dir", target_dir], cwd=checkout, check=True)
    return os.path.join(target_dir, "release", "cairn")


def base_binary(rev, work):
    commit = subprocess.run(["git", "rev-parse", "--verify", rev + "^{commit}"], cwd=REPO,
                            check=True, capture_output=True, text=True).stdout.strip()
    tree = os.path.join(work, "base-" + commit[:12])
    if not os.path.exists(tree):
        subprocess.run(["git", "worktree", "add", "--detach", "--force", tree, commit], cwd=REPO,
                       check=True, stdout=subprocess.DEVNULL)
    # One target folder for every base commit: only what changed is compiled again.
    return commit, tree, release_binary(tree, os.path.join(work, "base-target"))


def build(binary, site, out):
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    proc = subprocess.run([binary, "build", "--quiet", "--out", out, site], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit("%s failed on %s:\n%s" % (binary, site, proc.stderr[-3000:]))


UNSTABLE = "_cairn/pagefind"  # differs between two builds of the same binary


def files_under(root):
    found = set()
    for folder, subfolders, names in os.walk(root):
        if folder == root and UNSTABLE in subfolders:
            subfolders.remove(UNSTABLE)
        for name in names:
            found.add(os.path.relpath(os.path.join(folder, name), root))
    return found


def compare(before, after, limit=20):
    """Lines describing every difference between two output folders."""
    a, b = files_under(before), files_under(after)
    problems = ["only before: " + p for p in sorted(a - b)]
    problems += ["only after:  " + p for p in sorted(b - a)]
    for path in sorted(a & b):
        x, y = os.path.join(before, path), os.path.join(after, path)
        if filecmp.cmp(x, y, shallow=False):
            continue
        with open(x, encoding="utf-8", errors="replace") as f:
            old = f.read().splitlines()
        with open(y, encoding="utf-8", errors="replace") as f:
            new = f.read().splitlines()
        diff = [line for line in difflib.unified_diff(old, new, lineterm="", n=0)
                if line[:1] in "+-" and line[:3] not in ("---", "+++")]
        problems.append("differs:     %s  %s" % (path, " / ".join(d[:160] for d in diff[:2])))
    if len(problems) > limit:
        problems = problems[:limit] + ["… and %d more" % (len(problems) - limit)]
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the commit to compare against")
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--work", default=os.path.join(REPO, "target", "same-output"))
    parser.add_argument("--search", action="store_true",
                        help="keep search on for the generated corpus too")
    args = parser.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)

    commit, tree, before = base_binary(args.base, work)
    after = release_binary(REPO, os.path.join(REPO, "target"))
    corpus = generated(os.path.join(REPO, "target", "bench"), args.pages)
    corpus = corpus if args.search else without_search(corpus)
    # The example is built from each side's own checkout: its `themes/`
    # folder is the default theme, which the knowledge base there overrides
    # the built-in one with.
    sites = [("example", tree, REPO), ("corpus of %d pages" % args.pages, corpus, corpus)]

    failed = False
    for name, site_before, site_after in sites:
        outs = [os.path.join(work, "out-" + side) for side in ("before", "after")]
        build(before, site_before, outs[0])
        build(after, site_after, outs[1])
        problems = compare(*outs)
        count = len(files_under(outs[1]))
        if problems:
            failed = True
            print("%s: DIFFERENT from %s" % (name, commit[:12]))
            for line in problems:
                print("  " + line)
        else:
            print("%s: %d files, byte for byte the same as %s" % (name, count, commit[:12]))
        for out in outs:
            shutil.rmtree(out, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
