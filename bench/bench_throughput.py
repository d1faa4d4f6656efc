"""Requests/s of POST /v1/intents and GET /v1/intents?branch=…&limit=50 with a
concurrent client on loopback, through gunicorn (sync workers, the production
shape for the REST API) and daphne (one process, the embedded default),
beside the same server's floor: a bare DRF view answering {"ok": true}
(bench/urls.py, mounted by bench/settings.py, no authentication, no database).

The database is bench_intents.py's (seeded here too if missing: 100 teams,
1,000,000 intents and a 200,000-node graph in team000). The POST bodies are
bench_intents.py's mix: 20 nodes, most refreshing open impacts, one post in
ten raising new ones. The client is wrk (Debian's ``wrk``; a Lua script
cycles through the bodies), on the same two cores as the servers and
PostgreSQL. Rate-limit counters live in Redis (REDIS_URL, default db 13) with
limits far above what is sent. Every server is started on a free loopback
port and stopped by its pid at the end, whatever happens.

Before each run the bench waits (up to --wait seconds) until the cores are
quiet — other processes busy under --quiet percent over 2 s — and prints
``uptime``; each run is repeated --repeat times, and a run that started on a
busy machine is repeated once more.

    .venv/bin/python bench/bench_throughput.py [--servers gunicorn:2,gunicorn:4,daphne]
        [--duration 10] [--connections 8] [--repeat 3]
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.bench_intents import Others, cpu_check, uptime, wait_quiet  # noqa: E402
from bench.common import create_database, setup_django  # noqa: E402
from events import testing  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"

LUA = r"""
-- POST bodies from a file (one JSON per line), each thread from its own offset.
local threads, count = {}, 0
function setup(thread)
  thread:set("id", count)
  count = count + 1
  table.insert(threads, thread)
end
function init(args)
  bodies = {}
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  n = #bodies
  i = (id * 7919) % n
  wrk.method = "POST"
end
function request()
  i = i % n + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
"""


class LockWaits:
    """Samples pg_stat_activity every 50 ms during a run: how many of the bench
    database's backends were running a statement, and how many of those were
    waiting for a lock (the event-sequence row, impact rows) — the mean of each."""

    def __init__(self, dsn):
        import threading

        self.dsn, self.stop, self.samples = dsn, threading.Event(), []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self.stop.wait(0.05):
                self.samples.append(conn.execute(
                    "SELECT count(*) FILTER (WHERE state = 'active'), "
                    "count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock') "
                    "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchone())

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(5)
        n = max(len(self.samples), 1)
        self.active = sum(a for a, _ in self.samples) / n
        self.waiting = sum(w for _, w in self.samples) / n


# --- servers -----------------------------------------------------------------------------


class Server(testing.Server):
    """gunicorn (``workers`` sync workers) or daphne on a free loopback port
    (events.testing.Server: stopped by its process group whatever happens)."""

    def __init__(self, kind, workers, env, log_path):
        super().__init__(env, kind=kind, workers=workers, log_path=log_path)

    @property
    def label(self):
        return f"gunicorn, {self.workers} sync workers" if self.kind == "gunicorn" else "daphne, 1 process"

    def get(self, path, headers=None):
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


# --- the client ---------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url, token, duration, connections, threads, script=None, bodies=None):
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
           "--latency", "-H", f"Authorization: Bearer {token}", "-H", "Content-Type: application/json"]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    if bodies:
        cmd += ["--", bodies]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
              "requests": int(re.search(r"(\d+) requests in", out).group(1)),
              "bad": 0, "errors": 0, "raw": out}
    for pct in ("50", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M)
        result[f"p{pct}"] = _ms(m.group(1)) if m else float("nan")
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["bad"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = sum(int(g) for g in m.groups()) if m else 0
    return result


# --- the benchmark --------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", default="gunicorn:2,gunicorn:4,daphne",
                        help="comma-separated: gunicorn:<workers> or daphne")
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per endpoint and server")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quiet", type=float, default=20.0,
                        help="wait before a run until the cores are under this percent busy")
    parser.add_argument("--disturbed", type=float, default=10.0,
                        help="repeat a run during which other processes took more than this percent of the cores")
    parser.add_argument("--retries", type=int, default=4, help="extra runs allowed per cell for disturbed ones")
    parser.add_argument("--wait", type=float, default=300.0, help="seconds to wait for a quiet machine")
    parser.add_argument("--keep", action="store_true", help="keep the server logs and POST bodies")
    args = parser.parse_args()

    if not subprocess.run(["which", "wrk"], capture_output=True).stdout:
        sys.exit("wrk is missing: apt-get install -y wrk")
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"
    os.environ["REDIS_URL"] = redis_url
    from bench import bench_intents

    create_database(bench_intents.DB)
    setup_django(bench_intents.DB)
    bench_intents.seed()

    from django.test import Client

    from accounts import provisioning, scopes
    from accounts.models import Member, Team

    team = Team.objects.get(slug="team000")
    member = Member.objects.filter(team=team, role="admin").first()
    _, token = provisioning.create_token(member.user, [team], list(scopes.ALL_SCOPES), name="bench throughput")
    posts = bench_intents.Posts(team, seed=int(time.time()))  # fresh supplies for every run of the bench
    client = Client(headers={"Authorization": f"Bearer {token}"})
    for body in posts.warm_up_bodies():  # the pools' impacts are open before the first post
        assert client.post("/v1/intents", body, content_type="application/json").status_code == 201

    work = Path(tempfile.mkdtemp(prefix="aura-bench-throughput-"))
    script = work / "post.lua"
    script.write_text(LUA)
    env = testing.server_env(
        testing.database_url(), REDIS_URL=redis_url, DJANGO_SETTINGS_MODULE="bench.settings",
        AURA_RATE_LIMIT_PER_MINUTE="1000000000", AURA_RATE_LIMIT_PER_SECOND="1000000000",
    )
    dsn = testing.database_url()
    list_path = f"/v1/intents?branch={bench_intents.branch_of(7)}&limit=50"
    endpoints = [("floor: GET /bench/floor", "/bench/floor", False),
                 ("GET /v1/intents?branch=…&limit=50", list_path, False),
                 ("POST /v1/intents (20 nodes)", "/v1/intents", True)]

    def bodies_file(n=4000):
        path = work / f"bodies-{time.time_ns()}.jsonl"
        with open(path, "w") as f:
            for _ in range(n):
                f.write(posts.mixed() + "\n")
        return str(path)

    print(f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; "
          f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s on loopback; PostgreSQL "
          f"{bench_intents.DB}; REDIS_URL={redis_url}; {args.repeat} runs per cell")
    results = {}
    servers = []

    def stop_all(*_):
        for s in servers:
            s.stop()
        raise SystemExit(1)

    signal.signal(signal.SIGTERM, stop_all)
    try:
        for spec in args.servers.split(","):
            kind, _, workers = spec.partition(":")
            server = Server(kind, int(workers or 1), env, work / f"{kind}-{workers or 1}.log")
            servers.append(server)
            server.start()
            status, body = server.get(list_path, {"Authorization": f"Bearer {token}"})
            assert status == 200, body[:300]
            url = f"http://127.0.0.1:{server.port}"
            for label, path, is_post in endpoints:  # warm-up: every worker loads every path
                extra = {"script": str(script), "bodies": bodies_file(1000)} if is_post else {}
                wrk(url + path, token, args.warmup, args.connections, args.threads, **extra)
            for label, path, is_post in endpoints:
                runs = []
                attempts = 0
                while len(runs) < args.repeat and attempts < args.repeat + args.retries:
                    attempts += 1
                    busy = wait_quiet(args.quiet, args.wait)
                    check = cpu_check()
                    up = f"{uptime()}; CPU check {check:.0f} ms"
                    extra = {"script": str(script), "bodies": bodies_file()} if is_post else {}
                    with LockWaits(dsn) as locks, Others([server.proc.pid]) as others:
                        r = wrk(url + path, token, args.duration, args.connections, args.threads, **extra)
                    r["locks"] = (locks.active, locks.waiting)
                    r["busy"], r["uptime"], r["others"], r["check"] = busy, up, others.percent, check
                    print(f"[{server.label}] {label}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, "
                          f"p99 {r['p99']:.1f} ms, {r['requests']} requests, {r['bad']} non-2xx, "
                          f"{r['errors']} socket errors | before: cores {busy:.0f}% busy, {up} | "
                          f"during: other processes {others.percent:.0f}% of the cores; statements running "
                          f"{locks.active:.1f}, of which waiting for a lock {locks.waiting:.1f} (mean)", flush=True)
                    if others.percent > args.disturbed and attempts < args.repeat + args.retries:
                        print("  (other processes took the cores during this run: it is repeated)", flush=True)
                        continue
                    runs.append(r)
                results[(server.label, label)] = runs or [r]
            server.stop()
            errors = Path(server.log_path).read_text(errors="replace")
            for word in ("Traceback", "deadlock detected", "Internal Server Error"):
                if word in errors:
                    print(f"  {server.label}: {errors.count(word)} × {word!r} in its log")
    finally:
        for s in servers:
            s.stop()

    print("\n| server | endpoint | req/s (median of runs) | runs | p50 | p99 | non-2xx "
          "| statements running / waiting for a lock | others' CPU | CPU check |")
    print("|---|---|---:|---|---:|---:|---:|---|---|---|")
    for (server_label, label), runs in results.items():
        rps = [r["rps"] for r in runs]
        mid = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]
        others = ", ".join(f"{r['others']:.0f}%" for r in runs)
        checks = ", ".join(f"{r['check']:.0f} ms" for r in runs)
        print(f"| {server_label} | {label} | {statistics.median(rps):,.0f} | "
              f"{', '.join(f'{x:,.0f}' for x in rps)} | {mid['p50']:.1f} ms | {mid['p99']:.1f} ms | "
              f"{sum(r['bad'] for r in runs)} | {mid['locks'][0]:.1f} / {mid['locks'][1]:.1f} | {others} | {checks} |")

    if args.keep:
        print(f"\nserver logs and bodies kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
