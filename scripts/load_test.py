#!/usr/bin/env python3
"""Load test for `cairn serve` on a generated knowledge base.

Usage:  scripts/load_test.py [--pages 1000] [--seconds 60] [--clients 100]
                             [--listeners 20] [--save-every-ms 200] [--idle 20]
                             [--abrupt 200] [--warmup 10] [--work DIR]
                             [--cairn BINARY]

Generates a corpus with ../shared/bench/gen_corpus.py (cached in the work
folder, shared with scripts/bench.py and scripts/bench_serve.py), copies it
to a scratch folder, starts `cairn serve` on it and, for --seconds:

  clients     --clients connections, each asking for one random page of the
              site's sitemap after another (kept alive, as browsers do);
  listeners   --listeners open pages listening for live-reload events;
  saves       an edit of a handover's text every --save-every-ms, rotating
              over ten handovers (each a quick rebuild and a reload event);
  idle        --idle connections that send nothing at all (slowloris): the
              server must close each (after its 10 s header timeout).

It samples the server's resident memory (VmRSS) and open file descriptors
(/proc/PID/fd) every second. Then every client and listener disconnects,
and the server must be back to the file descriptors it had at rest before
the load. Last, clients vanish abruptly: connections reset in the middle
of a page, event streams reset, clients that send half a request or nothing
and then reset; again the file descriptors must come back to the baseline.

It prints the figures as a table and exits non-zero if any request failed,
a listener missed reloads, an idle connection was left open, memory grew after the warm-up (--warmup seconds),
file descriptors did not come back, or the server stopped.

The clients are asyncio coroutines in this one process (Python's standard
library only), so on a small machine they compete with the server for the
processor: latencies include that.
"""
import argparse
import asyncio
import os
import random
import re
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAIRN = os.path.join(REPO, "target", "release", "cairn")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import generated  # noqa: E402  (the corpus cache shared with bench.py)

# How long a request may take before it counts as failed.
REQUEST_TIMEOUT = 10.0
# Memory after the warm-up may grow by this much (MiB), or this fraction,
# whichever is larger, and still count as flat: allocators keep some slack.
RSS_SLACK_MIB = 16
RSS_SLACK_FRACTION = 0.03
# How long file descriptors may take to come back after clients leave.
SETTLE_SECONDS = 15


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid):
    try:
        with open("/proc/%d/status" % pid) as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def open_fds(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return -1


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Stats:
    def __init__(self):
        self.latencies = []
        self.requests = 0
        self.bytes = 0
        self.failures = []
        self.reloads = []  # one count per listener
        self.listener_errors = []
        self.saves = 0
        self.samples = []  # (seconds since start, rss MiB, fds, requests)
        self.idle_closed = []  # seconds after which the server closed an idle connection


async def read_response(reader):
    """Reads one HTTP/1.1 response with a Content-Length body: (status, body length)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = await reader.readexactly(length)
    return status, len(body)


async def client(port, paths, stop, stats, seed):
    rng = random.Random(seed)
    reader = writer = None
    while not stop.is_set():
        path = rng.choice(paths)
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection("127.0.0.1", port), REQUEST_TIMEOUT)
            writer.write(("GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n" % path).encode())
            status, length = await asyncio.wait_for(read_response(reader), REQUEST_TIMEOUT)
            stats.latencies.append(time.perf_counter() - started)
            stats.requests += 1
            stats.bytes += length
            if status != 200 or length == 0:
                stats.failures.append("%s: status %d, %d bytes" % (path, status, length))
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as error:
            # A kept-alive connection the server closed while idle is not a
            # failure (browsers retry those); anything else is.
            idle_close = isinstance(error, asyncio.IncompleteReadError) and not error.partial
            if not idle_close:
                stats.requests += 1
                stats.failures.append("%s: %s" % (path, type(error).__name__ + " " + str(error)))
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()
        try:
            await writer.wait_closed()
        except OSError:
            pass


async def listener(port, stop, stats, index):
    """An open page: reads the event stream and counts `reload` events."""
    stats.reloads.append(0)
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /__cairn/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        head = await reader.readuntil(b"\r\n\r\n")
        if b" 200 " not in head.split(b"\r\n")[0]:
            stats.listener_errors.append("listener %d: %r" % (index, head[:60]))
            return
        buffer = b""
        while not stop.is_set():
            try:
                data = await asyncio.wait_for(reader.read(65536), 0.5)
            except asyncio.TimeoutError:
                continue
            if not data:
                stats.listener_errors.append("listener %d: the server closed the stream" % index)
                return
            buffer += data
            stats.reloads[index] += len(re.findall(rb"event: reload\n", buffer))
            buffer = buffer[buffer.rfind(b"\n") + 1:]
        writer.close()
    except (OSError, asyncio.IncompleteReadError) as error:
        stats.listener_errors.append("listener %d: %s" % (index, error))


async def idle(port, started, stop, stats):
    """A client that connects and sends nothing: the server must close it."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return
    read = asyncio.ensure_future(reader.read(1))
    await asyncio.wait([read, asyncio.ensure_future(stop.wait())], return_when=asyncio.FIRST_COMPLETED)
    if read.done():
        stats.idle_closed.append(time.perf_counter() - started)
    else:
        read.cancel()
    writer.close()


async def saver(pages, originals, every, stop, stats):
    i = 0
    while not stop.is_set():
        page = pages[i % len(pages)]
        with open(page, "w") as f:
            f.write(originals[page] + "\nSaved %d times by the load test.\n" % i)
        i += 1
        stats.saves += 1
        try:
            await asyncio.wait_for(stop.wait(), every)
        except asyncio.TimeoutError:
            pass


async def sampler(pid, started, stop, stats):
    while not stop.is_set():
        stats.samples.append((time.perf_counter() - started, rss_mib(pid), open_fds(pid), stats.requests))
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except asyncio.TimeoutError:
            pass


def abrupt(port, paths, count):
    """Clients that vanish: reset mid-page, reset event streams, half a
    request or nothing and then reset. Returns how many were made."""
    linger = struct.pack("ii", 1, 0)  # close() sends a reset at once
    sockets = []
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        kind = i % 4
        if kind == 0:
            s.sendall(("GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n" % random.choice(paths)).encode())
            s.recv(100)  # the start of the page, then gone
        elif kind == 1:
            s.sendall(b"GET /__cairn/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            s.recv(100)
        elif kind == 2:
            s.sendall(b"GET / HTTP/1.1\r\nHost: loc")
        sockets.append(s)
    time.sleep(0.2)
    for s in sockets:
        s.close()
    return count


def settle(pid, baseline, seconds):
    """Waits until the server has at most `baseline` files open; returns
    (files open, seconds it took)."""
    started = time.perf_counter()
    while True:
        fds = open_fds(pid)
        if fds <= baseline or time.perf_counter() - started > seconds:
            return fds, time.perf_counter() - started
        time.sleep(0.1)


def at_rest(pid, port):
    """The server's open files at rest, after it has answered a request."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        while s.recv(65536):
            pass
    fewest = None
    for _ in range(10):
        time.sleep(0.1)
        fds = open_fds(pid)
        fewest = fds if fewest is None else min(fewest, fds)
    return fewest


def sitemap_paths(port):
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(b"GET /sitemap.xml HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            data += chunk
    paths = []
    for loc in re.findall(rb"<loc>([^<]*)</loc>", data):
        loc = loc.decode()
        loc = re.sub(r"^[a-z]+://[^/]+", "", loc).lstrip("/")
        paths.append("/" + loc.replace(" ", "%20"))
    return paths


def wait_until_serving(server, log, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if server.poll() is not None:
            sys.exit("cairn serve stopped:\n" + open(log).read())
        with open(log) as f:
            match = re.search(r"Serving the knowledge base at http://[^:]+:(\d+)/", f.read())
        if match:
            return int(match.group(1))
        time.sleep(0.2)
    sys.exit("cairn serve did not start within %d s" % timeout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--listeners", type=int, default=20)
    parser.add_argument("--save-every-ms", type=int, default=200)
    parser.add_argument("--warmup", type=float, default=10,
                        help="seconds of load before memory must stay flat (default 10)")
    parser.add_argument("--idle", type=int, default=20,
                        help="connections that send nothing, to be closed by the server (default 20)")
    parser.add_argument("--abrupt", type=int, default=200,
                        help="clients that vanish abruptly after the load (default 200)")
    parser.add_argument("--work", default=os.path.join("/tmp", "cairn-bench"))
    parser.add_argument("--cairn", help="the cairn binary to test [default: this checkout's release build]")
    args = parser.parse_args()

    os.makedirs(args.work, exist_ok=True)
    cairn = args.cairn
    if cairn is None:
        # Built before anything is measured.
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        cairn = CAIRN
    source = generated(args.work, args.pages)
    site = os.path.join(args.work, "load-%d" % args.pages)
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(source, site)
    handovers = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(os.path.join(site, "handovers"))
        for name in names if name.endswith(".md"))
    edited = handovers[:: max(1, len(handovers) // 10)][:10]
    originals = {}
    for page in edited:
        with open(page) as f:
            originals[page] = f.read()

    log = os.path.join(args.work, "load-serve.log")
    server = subprocess.Popen([cairn, "serve", site, "--port", str(free_port())],
                              stdout=subprocess.DEVNULL, stderr=open(log, "w"))
    problems = []
    try:
        port = wait_until_serving(server, log)
        paths = sitemap_paths(port)
        if not paths:
            sys.exit("the served sitemap lists no pages")
        baseline_fds = at_rest(server.pid, port)
        rss_at_rest = rss_mib(server.pid)
        print("%d pages (%d in the sitemap), %d clients, %d listeners, a save every %d ms, %g s"
              % (args.pages, len(paths), args.clients, args.listeners, args.save_every_ms, args.seconds))

        stats = Stats()

        async def load():
            stop = asyncio.Event()
            started = time.perf_counter()
            tasks = [asyncio.create_task(listener(port, stop, stats, i)) for i in range(args.listeners)]
            await asyncio.sleep(0.5)  # the listeners are subscribed before the first save
            tasks += [asyncio.create_task(idle(port, started, stop, stats)) for _ in range(args.idle)]
            tasks += [asyncio.create_task(client(port, paths, stop, stats, i)) for i in range(args.clients)]
            tasks.append(asyncio.create_task(saver(edited, originals, args.save_every_ms / 1000, stop, stats)))
            tasks.append(asyncio.create_task(sampler(server.pid, started, stop, stats)))
            await asyncio.sleep(args.seconds)
            stop.set()
            await asyncio.sleep(0.6)  # the last save's reload
            await asyncio.gather(*tasks)

        asyncio.run(load())
        rebuilds = sum(1 for line in open(log) if line.startswith(("Updated ", "Built "))) - 1
        if server.poll() is not None:
            problems.append("the server stopped during the load")
        # Put the edited pages back, so the copy matches the corpus again.
        for page, text in originals.items():
            with open(page, "w") as f:
                f.write(text)

        fds_during = max(s[2] for s in stats.samples)
        fds_after, took_after = settle(server.pid, baseline_fds, SETTLE_SECONDS)
        vanished = abrupt(port, paths, args.abrupt)
        fds_vanished, took_vanished = settle(server.pid, baseline_fds, SETTLE_SECONDS)
        # Still serving after all that.
        try:
            after = sitemap_paths(port)
            if not after:
                problems.append("the server answers no more after the clients vanished")
        except OSError as error:
            problems.append("the server answers no more after the clients vanished: %s" % error)

        warm = [s for s in stats.samples if s[0] >= args.warmup]
        if len(warm) < 4:
            problems.append("too few memory samples after the warm-up: run longer than --warmup")
            first_rss = last_rss = max_rss = float("nan")
        else:
            third = max(1, len(warm) // 3)
            first_rss = max(s[1] for s in warm[:third])
            last_rss = max(s[1] for s in warm[-third:])
            max_rss = max(s[1] for s in warm)
            allowed = max(RSS_SLACK_MIB, first_rss * RSS_SLACK_FRACTION)
            if last_rss - first_rss > allowed:
                problems.append("memory grew after the warm-up: %.0f MiB to %.0f MiB" % (first_rss, last_rss))

        latencies = stats.latencies
        reloads = stats.reloads
        if stats.failures:
            problems.append("%d requests failed, e.g. %s" % (len(stats.failures), "; ".join(stats.failures[:3])))
        if stats.listener_errors:
            problems.append("listeners failed: %s" % "; ".join(stats.listener_errors[:3]))
        # Saves that come faster than the server rebuilds are rebuilt
        # together, once for all the saves since the last rebuild: every
        # listener must have had a reload for every rebuild (the last may
        # end after the listeners have gone).
        if not reloads or min(reloads) == 0 or min(reloads) < rebuilds - 1:
            problems.append("listeners missed reloads: %s for %d rebuilds (%d saves)" % (
                reloads, rebuilds, stats.saves))
        if len(stats.idle_closed) < args.idle:
            problems.append("%d of %d idle connections were still open at the end" % (
                args.idle - len(stats.idle_closed), args.idle))
        if fds_after > baseline_fds:
            problems.append("file descriptors after the clients left: %d, at rest %d" % (fds_after, baseline_fds))
        if fds_vanished > baseline_fds:
            problems.append("file descriptors after clients vanished: %d, at rest %d" % (fds_vanished, baseline_fds))

        rows = [
            ("requests", "%d (%.0f/s, %.0f MiB/s)" % (
                stats.requests, stats.requests / args.seconds, stats.bytes / args.seconds / 2**20)),
            ("failed requests", "%d" % len(stats.failures)),
            ("latency p50 / p99 / max", "%.1f / %.1f / %.1f ms" % (
                1000 * percentile(latencies, 0.5), 1000 * percentile(latencies, 0.99),
                1000 * max(latencies) if latencies else float("nan"))),
            ("saves / rebuilds served", "%d / %d" % (stats.saves, rebuilds)),
            ("idle connections closed by the server", "%d of %d (after %s s)" % (
                len(stats.idle_closed), args.idle,
                "%.1f-%.1f" % (min(stats.idle_closed), max(stats.idle_closed)) if stats.idle_closed else "-")),
            ("reloads per listener (min-max)", "%d-%d" % (min(reloads), max(reloads)) if reloads else "-"),
            ("resident memory at rest", "%.0f MiB" % rss_at_rest),
            ("resident memory after warm-up: first third / last third / max",
             "%.0f / %.0f / %.0f MiB" % (first_rss, last_rss, max_rss)),
            ("open fds at rest / peak under load", "%d / %d" % (baseline_fds, fds_during)),
            ("open fds after clients left", "%d (%.1f s)" % (fds_after, took_after)),
            ("open fds after %d clients vanished" % vanished, "%d (%.1f s)" % (fds_vanished, took_vanished)),
        ]
        width = max(len(r[0]) for r in rows)
        print("| %s | %s |" % ("figure".ljust(width), "value"))
        print("|%s|%s|" % ("-" * (width + 2), "-" * 30))
        for name, value in rows:
            print("| %s | %s |" % (name.ljust(width), value))
        print("memory (MiB) every 5 s: %s" % " ".join("%.0f" % s[1] for s in stats.samples[::5]))
    finally:
        server.terminate()
        server.wait()
    if problems:
        print("\nFAILED:")
        for problem in problems:
            print("  - " + problem)
        sys.exit(1)
    print("\nOK: no failures, memory flat after the warm-up, file descriptors back to rest")


if __name__ == "__main__":
    main()
