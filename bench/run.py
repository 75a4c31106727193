"""Speed of Harbour against a bare Flask + Jinja app, with the small and the large data set: writes bench/RESULTS.md.

Seeds both data sets (bench/seed.py), starts the bare app and Harbour under gunicorn (-w 2, --preload), signs in
as a member, runs wrk (-t2 -c8; Debian package wrk) against every page in interleaved rounds, reads the workers'
CPU time from /proc, and writes medians with their ratios and the targets of issue 14.

Run by hand: .venv/bin/python bench/run.py [--rounds 3] [--seconds 5] [--data /tmp/harbour-bench]
"""

import argparse
import http.cookiejar
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench import seed  # noqa: E402
from bench.results import write_section  # noqa: E402

GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
TICK = os.sysconf("SC_CLK_TCK")
# what a browser sends on a click inside Harbour: compressed pages (portal/compression.py)
HEADERS = {"Accept-Encoding": "br, gzip", "Sec-Fetch-Site": "same-origin"}
PAGES = [("thread, 20 posts", "/forum/t/5"), ("/forum", "/forum"), ("a category", "/forum/topic-0"),
         ("calendar month", "/calendar?month=2026-12"), ("/rules (fixed cost)", "/rules"),
         ("search, a word in every post", "/forum/search?q=harbour")]
LONG_PAGE = ("thread, 50 posts on one page", "/forum/t/1")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A gunicorn master with two sync workers, started with --preload."""

    def __init__(self, name, module, chdir, env=None):
        self.name, self.port = name, free_port()
        self.process = subprocess.Popen(
            [str(GUNICORN), "-w", "2", "--preload", "-b", f"127.0.0.1:{self.port}", "--chdir", str(chdir), module],
            env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.cookie = ""

    def wait(self):
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.url}/healthz" if self.name != "bare" else self.url, timeout=2)
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start: {self.process.stderr.read().decode()[-2000:]}")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def cpu_seconds(self):
        total = 0
        for pid in self.workers():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return total / TICK

    def sign_in(self, handle, password):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{self.url}/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf_token": token, "handle": handle, "password": password}).encode()
        opener.open(f"{self.url}/login", data=form)
        self.cookie = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
        assert "session=" in self.cookie, "signing in failed"

    def warm(self, path):
        """A few requests one after the other, so that each worker has compiled its templates."""
        request = urllib.request.Request(self.url + path, headers=dict(HEADERS, Cookie=self.cookie))
        for _ in range(6):
            urllib.request.urlopen(request, timeout=60).read()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def harbour(name, database, per_page=20, root=ROOT):
    env = {"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "bench", "FORUM_POSTS_PER_PAGE": str(per_page),
           "REQUIRE_STAFF_2FA": "0"}
    return Server(name, "wsgi:app", root, env)


def wrk(server, path, seconds):
    """One wrk run: requests per second, worker CPU ms per request, latencies (ms)."""
    headers = dict(HEADERS, Cookie=server.cookie) if server.cookie else dict(HEADERS)
    # --timeout 10s: a slow page (the code before issue 14 at 100,000 posts) is measured, not dropped
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", "-s", str(BENCH / "report.lua")]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    before = server.cpu_seconds()
    output = subprocess.run(command + [server.url + path], capture_output=True, text=True, check=True).stdout
    cpu = server.cpu_seconds() - before
    report = json.loads(output.strip().splitlines()[-1])
    if report["status_errors"] or not report["requests"]:
        raise RuntimeError(f"{server.name} {path}: {report}")
    if report["errors"]:
        print(f"  {server.name} {path}: {report['errors']} socket errors or time-outs", flush=True)
    return {"rps": report["requests"] / (report["duration_us"] / 1e6), "cpu_ms": 1000 * cpu / report["requests"],
            "p95_ms": report["p95_us"] / 1000, "kb": report["bytes"] / report["requests"] / 1024}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--data", default="/tmp/harbour-bench")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--compare", metavar="CHECKOUT",
                        help="also run Harbour from another checkout (an earlier commit), in the same rounds")
    parser.add_argument("--compare-commit", default="", help="the commit that checkout holds, for the report")
    args = parser.parse_args()
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    for size in ("small", "large"):
        if args.reseed or not (data / f"{size}.db").exists():
            for leftover in data.glob(f"{size}.db*"):
                leftover.unlink()
            print(f"seeding {size} ...", flush=True)
            seed.seed(size, data / f"{size}.db")
    load_before = os.getloadavg()
    servers = {"bare": Server("bare", "hello:app", BENCH)}
    for size in ("small", "large"):
        servers[size] = harbour(size, data / f"{size}.db")
        servers[f"{size}50"] = harbour(f"{size}50", data / f"{size}.db", per_page=50)
    jobs = [("bare", "bare Flask + Jinja hello", "/")]
    for size in ("small", "large"):
        jobs += [(size, label, path) for label, path in PAGES] + [(f"{size}50", *LONG_PAGE)]
    if args.compare:
        for size in ("small", "large"):
            servers[f"{size}-before"] = harbour(f"{size}-before", data / f"{size}.db", root=Path(args.compare))
            jobs += [(f"{size}-before", label, path) for label, path in PAGES]
    runs = {(server, label): [] for server, label, _path in jobs}
    try:
        for server in servers.values():
            server.wait()
            if server.name != "bare":
                server.sign_in(seed.READER, seed.PASSWORD)
        for server, _label, path in jobs:  # warm up: every worker has compiled its templates and opened its pool
            servers[server].warm(path)
        for number in range(args.rounds):
            print(f"round {number + 1} of {args.rounds}", flush=True)
            for server, label, path in jobs:
                runs[(server, label)].append(wrk(servers[server], path, args.seconds))
    finally:
        for server in servers.values():
            server.stop()
    write(runs, jobs, args, load_before, os.getloadavg())


def median(values):
    return statistics.median(values)


def write(runs, jobs, args, load_before, load_after):
    bare = runs[("bare", "bare Flask + Jinja hello")]
    bare_rps = median([run["rps"] for run in bare])

    def figures(server, label):
        rows = runs[(server, label)]
        ratio = median([run["rps"] / base["rps"] for run, base in zip(rows, bare, strict=False)])
        return (median([run["rps"] for run in rows]), ratio, median([run["cpu_ms"] for run in rows]),
                median([run["p95_ms"] for run in rows]), median([run["kb"] for run in rows]))

    lines = [f"`bench/run.py`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: gunicorn -w 2 --preload, "
             f"wrk -t2 -c8, {args.rounds} interleaved rounds of {args.seconds} s per page, medians. Signed in as a "
             "member; requests carry `Accept-Encoding: br, gzip` and `Sec-Fetch-Site: same-origin`, as a browser's "
             "do, so pages are compressed. CPU is the two workers' user + system time per request (/proc).",
             "", f"Load average (1, 5, 15 min) before: {', '.join(f'{v:.2f}' for v in load_before)}; after: "
             f"{', '.join(f'{v:.2f}' for v in load_after)} on {os.cpu_count()} cores. The machine is shared: "
             "requests per second move with the load of others, CPU per request much less.", "",
             f"Bare Flask + Jinja hello: {bare_rps:.0f} requests/s, "
             f"{median([run['cpu_ms'] for run in bare]):.2f} ms CPU per request.", "",
             "| page | data | requests/s | ratio to bare Flask | CPU ms/request | large / small CPU | p95 ms | KB/response |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    results = {}
    for server, label, _path in jobs[1:]:
        results[(server, label)] = figures(server, label)
    for server, label, _path in [job for job in jobs[1:] if not job[0].endswith("-before")]:
        rps, ratio, cpu, p95, kb = results[(server, label)]
        size = "large" if server.startswith("large") else "small"
        small = results[(server.replace("large", "small"), label)][2]
        growth = f"{cpu / small:.2f}" if size == "large" else ""
        lines.append(f"| {label} | {size} | {rps:.0f} | {ratio:.3f} | {cpu:.2f} | {growth} | {p95:.1f} | {kb:.1f} |")
    if args.compare:
        lines += ["", f"Before and after, in the same rounds (before: `{args.compare}`, "
                  f"commit {args.compare_commit or commit_of(args.compare)}; after: commit {commit_of(ROOT)}):", "",
                  "| page | data | CPU ms/request before | after | ratio to bare Flask before | after |",
                  "|---|---|---:|---:|---:|---:|"]
        for size in ("small", "large"):
            for label, _path in PAGES:
                before, after = results[(f"{size}-before", label)], results[(size, label)]
                lines.append(f"| {label} | {size} | {before[2]:.2f} | {after[2]:.2f} | {before[1]:.3f} | {after[1]:.3f} |")
    lines += ["", "Targets (issue 14):", ""] + targets(results)
    write_section("Speed (bench/run.py)", lines)
    print("\n".join(lines))


def commit_of(checkout):
    return subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip() or "?"


def targets(results):
    """Each target of issue 14 with the measured figure and whether it is met."""
    def row(what, value, goal, met):
        return f"| {what} | {value} | {goal} | {'met' if met else 'NOT met'} |"

    out = ["| target | measured | goal | |", "|---|---:|---:|---|"]
    thread = results[("small", "thread, 20 posts")]
    out.append(row("thread page, ratio to bare Flask", f"{thread[1]:.3f}", ">= 0.20 (aim 0.40)", thread[1] >= 0.20))
    long_page = results[("small50", LONG_PAGE[0])]
    out.append(row("thread, 50 posts, ratio", f"{long_page[1]:.3f}", ">= 0.12", long_page[1] >= 0.12))
    for label in ("/forum", "a category", "calendar month"):
        value = results[("small", label)][1]
        out.append(row(f"{label}, ratio", f"{value:.3f}", ">= 0.30 (aim 0.60)", value >= 0.30))
    fixed = results[("small", "/rules (fixed cost)")][2]
    out.append(row("fixed cost of a signed-in page (/rules), CPU", f"{fixed:.2f} ms", "<= 1.5 ms", fixed <= 1.5))
    for label, _path in PAGES + [LONG_PAGE]:
        server = "small50" if label == LONG_PAGE[0] else "small"
        growth = results[(server.replace("small", "large"), label)][2] / results[(server, label)][2]
        out.append(row(f"{label}: large / small CPU", f"{growth:.2f}", "<= 1.5", growth <= 1.5))
    for label in ("thread, 20 posts", "search, a word in every post"):
        p95 = max(results[("small", label)][3], results[("large", label)][3])
        out.append(row(f"{label}: p95 at 8 connections", f"{p95:.1f} ms", "< 25 ms (idle machine)", p95 < 25))
    return out


if __name__ == "__main__":
    main()
