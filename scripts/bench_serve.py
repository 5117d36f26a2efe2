#!/usr/bin/env python3
"""Save-to-reload benchmark for `cairn serve` on a generated knowledge base.

Usage:  scripts/bench_serve.py [--pages 10000] [--runs 9] [--work DIR] [--no-search]
                              [--cairn BINARY]

Generates a corpus with ../shared/bench/gen_corpus.py (cached in the work
folder, shared with scripts/bench.py), copies it to a scratch folder with a
theme override of `page.html`, starts the release build of `cairn serve` on it
and listens to its live-reload events like an open browser page does. Then,
--runs times each, it saves:

  body      one handover with a new sentence at the end of its text;
  title     the same handover with a new title (shown in the backlinks of
            every page it links to, in its folder's sidebar and lists);
  template  the theme's page template with a new comment (everything is
            rebuilt).

and measures the time from the save to the `reload` event. With search on, it
then saves the handover's text --runs times more, each once the index has
settled, and measures the time from the save until the served index is a new
one (`search`): the saved words are searchable from then on. It prints, per
kind of edit, the median, fastest and slowest time, the files the server
rendered again, and the server's resident memory after the first build and
at the end. Each edit waits until the server is idle (under 5% of a processor
over half a second), so that each is its own rebuild and is not measured
together with the work the previous one left running in the background.

--no-search turns the search index off (`search: false`), so the figures show
Cairn's own work rather than the index's. --cairn runs another build of cairn
(an older commit's, say) instead of this checkout's release build, so two
versions can be measured side by side on the same corpus. With
CAIRN_BENCH_VERBOSE=1 the server runs with -v and its log (in the work
folder, serve.log) shows where each update's time went.
"""
import argparse
import json
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAIRN = os.path.join(REPO, "target", "release", "cairn")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import generated  # noqa: E402  (the corpus cache shared with bench.py)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Events:
    """The server's event stream, read on a thread: (arrival time, event name)."""

    def __init__(self, port):
        self.queue = queue.Queue()
        deadline = time.time() + 600
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if time.time() > deadline:
                    sys.exit("the server did not start")
                time.sleep(0.2)
        self.sock.sendall(b"GET /__cairn/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        self.sock.settimeout(None)
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        buffer = b""
        while True:
            data = self.sock.recv(65536)
            if not data:
                return
            now = time.perf_counter()
            buffer += data
            for name in re.findall(rb"event: ([a-z-]+)\n", buffer):
                self.queue.put((now, name.decode()))
            buffer = buffer[buffer.rfind(b"\n") + 1:]

    def wait(self, name, timeout=600):
        deadline = time.perf_counter() + timeout
        while True:
            at, got = self.queue.get(timeout=max(0.1, deadline - time.perf_counter()))
            if got == name:
                return at
            if got == "build-error":
                sys.exit("the rebuild failed; see the server's output")


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid):
    """The processor time (user and system) process `pid` has used so far."""
    with open("/proc/%d/stat" % pid) as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid, timeout=120):
    """Waits until the server is idle: under 5% of a processor used over
    half a second. After a save the server goes on working once the page
    has reloaded (the search index, packs and print views), and after it
    starts it builds its first search index; an edit measured meanwhile
    would measure the two together."""
    deadline = time.monotonic() + timeout
    before = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now - before < 0.025:
            return
        before = now
    sys.exit("the server was still busy %d s after the last edit" % timeout)


def last_report(log):
    with open(log) as f:
        lines = [l for l in f if l.startswith(("Updated ", "Built "))]
    return lines[-1].strip() if lines else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--work", default=os.path.join("/tmp", "cairn-bench"))
    parser.add_argument("--no-search", action="store_true", help="build with `search: false`")
    parser.add_argument("--cairn", help="the cairn binary to measure [default: this checkout's release build]")
    parser.add_argument("--language", default="en", help="the corpus's language (default en)")
    args = parser.parse_args()

    os.makedirs(args.work, exist_ok=True)
    cairn = args.cairn
    if cairn is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        cairn = CAIRN
    source = generated(args.work, args.pages)
    site = os.path.join(args.work, "serve-%d" % args.pages)
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(source, site)
    if args.no_search:
        with open(os.path.join(site, "cairn.yaml"), "a") as f:
            f.write("\nsearch: false\n")
    templates = os.path.join(site, "themes", "default", "templates")
    os.makedirs(templates)
    template = os.path.join(templates, "page.html")
    shutil.copy(os.path.join(REPO, "themes", "default", "templates", "page.html"), template)

    handovers = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(os.path.join(site, "handovers"))
        for name in names if name.endswith(".md"))
    page = handovers[len(handovers) // 2]
    with open(page) as f:
        original = f.read()
    title = re.search(r'^title: "?(.*?)"?$', original, re.M).group(1)

    port = free_port()
    log = os.path.join(args.work, "serve.log")
    started = time.perf_counter()
    server = subprocess.Popen([cairn, "serve", site, "--port", str(port)] + (["-v"] if os.environ.get("CAIRN_BENCH_VERBOSE") else []),
                              stdout=subprocess.DEVNULL, stderr=open(log, "w"))
    try:
        events = Events(port)
        events.wait("hello")
        first_build = time.perf_counter() - started
        memory_start = rss_mib(server.pid)
        print("%d pages%s; first build and serve: %.1f s, %.0f MiB resident" %
              (args.pages, ", search off" if args.no_search else "", first_build, memory_start))
        print("edited page: %s" % os.path.relpath(page, site))

        def body(i):
            with open(page, "w") as f:
                f.write(original + "\nSaved for run %d of the benchmark.\n" % i)

        def retitle(i):
            with open(page, "w") as f:
                f.write(original.replace(title, "%s (revision %d)" % (title, i), 1))

        with open(template) as f:
            template_text = f.read()

        def touch_template(i):
            with open(template, "w") as f:
                f.write(template_text + "{#- run %d #}\n" % i)

        results = {}
        for kind, edit in [("body", body), ("title", retitle), ("template", touch_template)]:
            times = []
            reports = []
            for i in range(args.runs):
                wait_idle(server.pid)
                saved = time.perf_counter()
                edit(i)
                times.append(events.wait("reload") - saved)
                time.sleep(0.05)
                reports.append(last_report(log))
            results[kind] = times
            files = sorted({re.sub(r" in .*", "", r) for r in reports})
            print("%-8s median %7.1f ms   fastest %7.1f   slowest %7.1f   (%s)" % (
                kind, 1000 * statistics.median(times), 1000 * min(times), 1000 * max(times),
                "; ".join(files)))
        if not args.no_search:
            # Saved words are searchable once the served index names a new
            # metadata file: the server adds a new index's files all at once.
            def index_hash():
                url = "http://127.0.0.1:%d/_cairn/pagefind/pagefind-entry.json" % port
                try:
                    with urllib.request.urlopen(url, timeout=5) as r:
                        return json.load(r)["languages"][args.language]["hash"]
                except (OSError, KeyError, ValueError):
                    return None

            def settled():
                last, since = index_hash(), time.perf_counter()
                while time.perf_counter() - since < 4:
                    time.sleep(0.1)
                    now = index_hash()
                    if now != last:
                        last, since = now, time.perf_counter()
                return last

            times = []
            for i in range(args.runs):
                before = settled()
                wait_idle(server.pid)
                saved = time.perf_counter()
                body(1000 + i)
                while index_hash() in (before, None):
                    time.sleep(0.01)
                times.append(time.perf_counter() - saved)
            print("%-8s median %7.1f ms   fastest %7.1f   slowest %7.1f   (save to a new index)" % (
                "search", 1000 * statistics.median(times), 1000 * min(times), 1000 * max(times)))
        print("resident memory at the end: %.0f MiB" % rss_mib(server.pid))
    finally:
        server.terminate()
        server.wait()
        with open(page, "w") as f:
            f.write(original)


if __name__ == "__main__":
    main()
