"""Capacity of the production shape, measured through its one origin.

    .venv/bin/python bench/peers/capacity.py [--peers 2000] [--big 0] [--generators 1] [--duration 60]
        [--workers 2] [--daphnes 1] [--rate-scale 1] [--ramp 30] [--json out.json] [--keep]

(``bench/capacity.sh`` runs this from a fresh clone; ``make capacity``.)

1. a fresh PostgreSQL database (``aura_cap_<pid>``, dropped afterwards) and a
   private Redis server on a free loopback port (so that its CPU is this
   run's alone; ``REDIS_URL`` uses a given one instead), migrated;
2. the peers' teams (``provision.py``): (PEERS - BIG) / 50 teams of 50 agents
   and, with ``--big``, one team of BIG; one token each;
3. the production shape of ``deploy/shape.py``: nginx on one port in front
   of gunicorn (REST), daphne (``/v1/events``), the /mcp daphne and the
   webhook sender;
4. ``peers.py`` against the nginx URL only, as ``--generators`` processes
   (whole teams each);
5. CPU time of every server process over the run, sampled from /proc each
   second: gunicorn (master and workers), daphne, nginx, the PostgreSQL
   backends of this run's database plus PostgreSQL's own background
   processes, Redis, the sender and the /mcp daphne.

It prints each generator's report, then the figures the capacity targets
name (docs/performance.md, "Peers, through nginx"), and last one line:

    capacity peers=N req_s=… req_p50_ms=… req_p99_ms=… event_p99_ms=… errors=E lost=L
        streams_open=K/N stream_open_max_ms=… cpu_ms_per_req=… us_per_delivery=…

Exit 0 when the targets hold: up to 2,000 peers request p99 < 100 ms and
event p99 < 250 ms; from 5,000 request p99 < 250 ms and event p99 < 500 ms
(``--req-p99`` / ``--event-p99`` override); always no error, nothing lost,
every stream open at load start within 10 s of asking, <= 3 ms of server CPU
per request (gunicorn + PostgreSQL + Redis + nginx + sender + /mcp, over
requests answered) and <= 50 us of daphne CPU per delivered event. Exit 1
when a target is missed, 2 when the run could not be measured.
"""

import argparse
import contextlib
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT))
from shape import Shape, free_port  # noqa: E402

from bench.common import PG, cmdline  # noqa: E402
TEAM_SIZE = 50
TICK = os.sysconf("SC_CLK_TCK")


def env_int(name, default):
    return int(os.environ.get(name, default))


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Capacity of the production shape through nginx (peers.py).")
    p.add_argument("--peers", type=int, default=env_int("PEERS", 2000))
    p.add_argument("--big", type=int, default=env_int("BIG", 0), help="one team of BIG among the peers")
    p.add_argument("--generators", type=int, default=env_int("GENERATORS", 1), help="peers.py processes")
    p.add_argument("--duration", type=float, default=float(os.environ.get("DURATION", 60)), help="measured s")
    p.add_argument("--ramp", type=float, default=float(os.environ.get("RAMP", 30)), help="streams open over S s")
    p.add_argument("--rate-scale", type=float, default=float(os.environ.get("RATE_SCALE", 1)))
    p.add_argument("--workers", type=int, default=env_int("WORKERS", 2), help="gunicorn workers")
    p.add_argument("--daphnes", type=int, default=env_int("DAPHNES", 1), help="daphne processes for /v1/events")
    p.add_argument("--req-p99", type=float, default=None, help="target, ms")
    p.add_argument("--event-p99", type=float, default=None, help="target, ms")
    p.add_argument("--json", dest="json_out", default=os.environ.get("JSON"), help="write every figure here")
    p.add_argument("--keep", action="store_true", default=os.environ.get("KEEP") == "1",
                   help="keep the work directory and the database")
    a = p.parse_args(argv)
    if not 1 <= a.peers or not 0 <= a.big <= a.peers or a.generators < 1 or a.duration <= 0:
        p.error("--peers >= 1, 0 <= --big <= --peers, --generators >= 1, --duration > 0")
    if a.req_p99 is None:
        a.req_p99 = 250.0 if a.peers >= 5000 else 100.0
    if a.event_p99 is None:
        a.event_p99 = 500.0 if a.peers >= 5000 else 250.0
    return a


class Unmeasurable(Exception):
    pass


def run(cmd, env, what, stdout=None):
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    if proc.returncode != 0:
        raise Unmeasurable(f"{what} failed:\n{(proc.stderr or '')[-3000:]}")
    return proc


# --------------------------------------------------------------------------- CPU from /proc

def cpu_ticks(pid):
    """utime + stime of one process (its reaped children not included), or None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children(p))
    return out


def postmaster_pid():
    """The local PostgreSQL server's main process (the parent of its backends)."""
    for pid in map(int, filter(str.isdigit, os.listdir("/proc"))):
        cl = cmdline(pid)
        if "postgres" in cl and " -D " in cl and cl.split()[0].endswith("postgres"):
            return pid
    return None


def postgres_pids(master, db):
    """This run's database's backends and the server's own background processes
    (WAL writer, checkpointer, …: they work for every database; counted here)."""
    if master is None:
        return []
    out = [master]
    for pid in children(master):
        cl = cmdline(pid)
        if "(" in cl or "[local]" in cl:  # a client backend: "postgres: 15/main: user db 127.0.0.1(port) …"
            if f" {db} " in cl:
                out.append(pid)
        else:
            out.append(pid)
    return out


class CPUSampler:
    """Each second, the CPU ticks of every process of each group; a process seen
    for the first time after ``begin()`` was born during the run (starts at 0)."""

    def __init__(self, groups):
        self.groups = groups  # name -> callable returning the pids now
        self.first, self.last = {}, {}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread = None
        self.started = False

    def sample(self):
        with self.lock:
            for name, pids in self.groups.items():
                for pid in pids():
                    ticks = cpu_ticks(pid)
                    if ticks is None:
                        continue
                    key = (name, pid)
                    if key not in self.first:
                        self.first[key] = ticks if not self.started else 0
                    self.last[key] = ticks

    def begin(self):
        self.sample()
        self.started = True
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        while not self.stop.wait(1.0):
            self.sample()

    def end(self):
        self.stop.set()
        self.thread.join()
        self.sample()
        seconds = dict.fromkeys(self.groups, 0.0)
        for (name, pid), ticks in self.last.items():
            seconds[name] += (ticks - self.first[(name, pid)]) / TICK
        return seconds


def machine_busy():
    """Busy and total jiffies of all cores (/proc/stat)."""
    with open("/proc/stat") as f:
        vals = [int(x) for x in f.readline().split()[1:]]
    idle = vals[3] + vals[4]
    return sum(vals) - idle, sum(vals)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# --------------------------------------------------------------------------- the run

def start_redis(work):
    """A private redis-server (no persistence) on a free loopback port, or None."""
    binary = shutil.which("redis-server")
    if binary is None:
        return None, None
    port = free_port()
    log = open(work / "redis.log", "wb")
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--maxclients", "20000", "--dir", str(work)], stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return proc, f"redis://127.0.0.1:{port}/0"
        time.sleep(0.1)
    proc.kill()
    raise Unmeasurable("redis-server did not start")


def redis_pids_of(url):
    """The shared Redis server's process (all of it: other users' work included)."""
    port = url.rsplit(":", 1)[-1].split("/")[0] if url.count(":") > 1 else "6379"
    for pid in map(int, filter(str.isdigit, os.listdir("/proc"))):
        cl = cmdline(pid)
        if cl.startswith(("redis-server", "/usr/bin/redis-server")) and f":{port}" in cl:
            return [pid]
    return []


def split_teams(teams, generators):
    """Whole teams per generator, the largest first to the least loaded."""
    shares = [[] for _ in range(generators)]
    for team in sorted(teams, key=len, reverse=True):
        min(shares, key=len).extend(team)
    return [s for s in shares if s]


def provision(args, env, work):
    regular = args.peers - args.big
    teams = []
    if regular:
        n = (regular + TEAM_SIZE - 1) // TEAM_SIZE
        out = run([sys.executable, str(HERE / "provision.py"), "--teams", str(n), "--members", str(TEAM_SIZE)],
                  env, "provision.py").stdout.split()
        out = out[:regular]
        teams += [out[i:i + TEAM_SIZE] for i in range(0, len(out), TEAM_SIZE)]
    if args.big:
        out = run([sys.executable, str(HERE / "provision.py"), "--teams", "1", "--members", str(args.big),
                   "--prefix", "big"], env, "provision.py (the big team)").stdout.split()
        teams.append(out)
    return teams


def measure(args, work):
    db = f"aura_cap_{os.getpid()}"
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    redis_proc = None
    shape = None
    try:
        if os.environ.get("REDIS_URL"):
            redis_url = os.environ["REDIS_URL"]
            redis_pids = lambda: redis_pids_of(redis_url)  # noqa: E731
            redis_note = f"{redis_url} (shared: its CPU includes other users')"
        else:
            redis_proc, redis_url = start_redis(work)
            if redis_proc is None:
                raise Unmeasurable("no redis-server on PATH (or set REDIS_URL)")
            redis_pids = lambda: tree(redis_proc.pid)  # noqa: E731
            redis_note = f"{redis_url} (private)"
        env = dict(os.environ, DATABASE_URL=f"{PG}/{db}", REDIS_URL=redis_url, AURA_VAR_DIR=str(work / "var"),
                   DJANGO_SETTINGS_MODULE="aura_site.settings")
        t0 = time.monotonic()
        run([sys.executable, "manage.py", "migrate", "--noinput"], env, "migrate")
        teams = provision(args, env, work)
        print(f"capacity: database {db} migrated and {args.peers} peers in {len(teams)} teams provisioned "
              f"in {time.monotonic() - t0:.0f} s; Redis {redis_note}", flush=True)

        shape = Shape(work / "run", workers=args.workers, env=env, daphnes=args.daphnes).start()
        master = postmaster_pid()
        stream_names = ["daphne", *shape.extra_daphnes]
        groups = {
            "gunicorn": lambda: tree(shape.procs["gunicorn"].pid),
            "nginx": lambda: tree(shape.procs["nginx"].pid),
            "postgres": lambda: postgres_pids(master, db),
            "redis": redis_pids,
            "sender": lambda: tree(shape.procs["sender"].pid),
            "mcp": lambda: tree(shape.procs["mcp"].pid),
            "daphne": lambda: [p for n in stream_names for p in tree(shape.procs[n].pid)],
        }
        shares = split_teams(teams, args.generators)
        print(f"capacity: {shape.url} (nginx → gunicorn ×{args.workers}, daphne ×{len(stream_names)}); "
              f"{len(shares)} generator(s) of {', '.join(str(len(s)) for s in shares)} peers; "
              f"{args.duration:g} s after a {args.ramp:g} s ramp; load average {loadavg()}", flush=True)

        sampler = CPUSampler(groups)
        load_before = loadavg()
        busy0, total0 = machine_busy()
        wall0 = time.monotonic()
        sampler.begin()
        gens = []
        for k, tokens in enumerate(shares):
            (work / f"tokens.{k}").write_text("\n".join(tokens) + "\n")
            cmd = ["python3", str(HERE / "peers.py"), "--url", shape.url, "--tokens", str(work / f"tokens.{k}"),
                   "--peers", str(len(tokens)), "--duration", str(args.duration), "--ramp", str(args.ramp),
                   "--rate-scale", str(args.rate_scale), "--json", str(work / f"out.{k}.json"), "--quiet",
                   "--seed", str(k + 1)]
            gens.append(subprocess.Popen(cmd, stdout=open(work / f"peers.{k}.txt", "w"),
                                         stderr=open(work / f"peers.{k}.err", "w")))
        codes = [g.wait() for g in gens]
        cpu = sampler.end()
        wall = time.monotonic() - wall0
        busy1, total1 = machine_busy()
        load_after = loadavg()
        for k, code in enumerate(codes):
            report = (work / f"peers.{k}.txt").read_text()
            print(report.rstrip())
            if code != 0 or not (work / f"out.{k}.json").exists():
                raise Unmeasurable(f"peers.py #{k} exited with {code}:\n{(work / f'peers.{k}.err').read_text()[-3000:]}")
        runs = [json.loads((work / f"out.{k}.json").read_text()) for k in range(len(shares))]
        logs = {name: shape.log(name)[-1500:] for name in ("gunicorn", *stream_names, "nginx")}
        logs["nginx error.log"] = summarize_nginx_errors(shape.run_dir / "error.log")
        machine = {"cores": os.cpu_count(), "busy_s": (busy1 - busy0) / TICK, "wall_s": wall,
                   "load_before": load_before, "load_after": load_after}
        return summarize(args, runs, cpu, machine, logs)
    finally:
        if shape is not None:
            shape.stop()
        if redis_proc is not None:
            redis_proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                redis_proc.wait(10)
        if not args.keep:
            with contextlib.suppress(Exception), psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        else:
            print(f"capacity: kept {work} and the database {db}")


def summarize_nginx_errors(path):
    """nginx's error log, its lines counted by what they say (addresses and numbers left out)."""
    import re
    from collections import Counter

    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    kinds = Counter(re.sub(r"\d+", "N", line.split("] ", 1)[-1].split(", client:")[0])[:160] for line in lines)
    return "\n".join(f"{n} x {kind}" for kind, n in kinds.most_common(8))


def summarize(args, runs, cpu, machine, logs):
    def total(get):
        return sum(get(r) for r in runs)

    def worst(get):
        vals = [get(r) for r in runs]
        return None if any(v is None for v in vals) else max(vals)

    measured = max(r["measured_s"] for r in runs)
    answered = total(lambda r: r["requests"]["all"]["answered"])
    # every token's /v1/status before the load (preflight) is a request the servers answered too
    preflight = total(lambda r: r["config"]["tokens"])
    requests = answered + preflight
    delivered = total(lambda r: r["events"]["received"])
    lost = total(lambda r: r["events"]["missing"])
    expected = total(lambda r: r["events"]["expected"])
    errors = total(lambda r: r["summary"]["errors"])
    rate_limited = total(lambda r: r["rate_limited"])
    streams_start = total(lambda r: r["streams"]["open_at_load_start"])
    streams_end = total(lambda r: r["streams"]["open_at_load_end"])
    open_max = worst(lambda r: r["streams"]["connect_latency"]["max_ms"])
    open_p99 = worst(lambda r: r["streams"]["connect_latency"]["p99_ms"])
    open_p50 = worst(lambda r: r["streams"]["connect_latency"]["p50_ms"])
    req_p50 = worst(lambda r: r["requests"]["all"]["latency_2xx"]["p50_ms"])
    req_p99 = worst(lambda r: r["requests"]["all"]["latency_2xx"]["p99_ms"])
    ev_p50 = worst(lambda r: r["events"]["latency_from_response"]["p50_ms"])
    ev_p99 = worst(lambda r: r["events"]["latency_from_response"]["p99_ms"])
    lag_p99 = max(r["generator"]["loop_lag"]["p99_ms"] or 0 for r in runs)
    gen_cpu = total(lambda r: r["generator"]["cpu_s_total"])
    gen_load_cpu = total(lambda r: r["generator"]["cpu_s_load"])
    per_request_s = cpu["gunicorn"] + cpu["postgres"] + cpu["redis"] + cpu["nginx"] + cpu["sender"] + cpu["mcp"]
    ms_per_req = 1000.0 * per_request_s / requests if requests else None
    us_per_delivery = 1e6 * cpu["daphne"] / delivered if delivered else None
    server_s = per_request_s + cpu["daphne"]
    others_s = max(0.0, machine["busy_s"] - server_s - gen_cpu)
    req_s = answered / measured if measured else None

    checks = {
        f"request p99 < {args.req_p99:g} ms": req_p99 is not None and req_p99 < args.req_p99,
        f"event p99 < {args.event_p99:g} ms": ev_p99 is not None and ev_p99 < args.event_p99,
        "no errors": errors == 0,
        "no lost events": lost == 0,
        "every stream open at load start, within 10 s": streams_start == args.peers and (open_max or 1e9) <= 10000,
        "<= 3 ms server CPU per request": ms_per_req is not None and ms_per_req <= 3.0,
        "<= 50 us daphne CPU per delivery": us_per_delivery is not None and us_per_delivery <= 50.0,
    }

    def f(x, nd=1):
        return "-" if x is None else f"{x:.{nd}f}"

    print(f"\n== capacity: {args.peers} peers, gunicorn ×{args.workers}, daphne ×{args.daphnes}, "
          f"{len(runs)} generator(s), through nginx")
    print(f"machine   {machine['cores']} cores; load average before {machine['load_before']}, after "
          f"{machine['load_after']}; other processes used {others_s:.1f} s of CPU in {machine['wall_s']:.0f} s "
          f"({100 * others_s / machine['wall_s'] / machine['cores']:.0f}% of the cores)")
    print(f"requests  {answered} answered in {measured:.0f} s = {f(req_s)} req/s (+ {preflight} before the load); "
          f"p50 {f(req_p50)} ms, p99 {f(req_p99)} ms; errors {errors}, 429 {rate_limited}")
    print(f"events    {delivered} delivered, lost {lost} of {expected} expected; "
          f"p50 {f(ev_p50)} ms, p99 {f(ev_p99)} ms after the POST's answer")
    print(f"streams   open at load start {streams_start} of {args.peers}, at load end {streams_end}; "
          f"open time p50 {f(open_p50)} ms, p99 {f(open_p99)} ms, max {f(open_max)} ms")
    print("server    CPU over the run: " + ", ".join(f"{k} {v:.1f} s" for k, v in cpu.items()))
    print(f"          per request {f(ms_per_req, 2)} ms (gunicorn + PostgreSQL + Redis + nginx + sender + /mcp, "
          f"over {requests} requests); per delivery {f(us_per_delivery, 0)} µs (daphne, over {delivered} events)")
    print(f"simulator CPU {gen_cpu:.1f} s in all, {gen_load_cpu:.1f} s while loading "
          f"({100 * gen_load_cpu / measured:.0f}% of a core); loop lag p99 {lag_p99} ms (worst generator)")
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'MISS'} {name}")
    if errors:
        print("  (server logs, last lines)\n" + "\n".join(f"  [{k}] {v.strip()[-600:]}" for k, v in logs.items() if v.strip()))
    print(f"capacity peers={args.peers} req_s={f(req_s)} req_p50_ms={f(req_p50)} req_p99_ms={f(req_p99)} "
          f"event_p99_ms={f(ev_p99)} errors={errors} lost={lost} streams_open={streams_start}/{args.peers} "
          f"stream_open_max_ms={f(open_max, 0)} cpu_ms_per_req={f(ms_per_req, 2)} "
          f"us_per_delivery={f(us_per_delivery, 0)} loop_lag_p99_ms={lag_p99} load={machine['load_before']}")
    summary = {"peers": args.peers, "big": args.big, "workers": args.workers, "daphnes": args.daphnes,
               "generators": len(runs), "duration_s": args.duration, "rate_scale": args.rate_scale,
               "req_s": req_s, "requests": requests, "answered": answered, "req_p50_ms": req_p50,
               "req_p99_ms": req_p99, "event_p50_ms": ev_p50, "event_p99_ms": ev_p99, "errors": errors,
               "rate_limited": rate_limited, "delivered": delivered, "expected": expected, "lost": lost,
               "streams_open_at_load_start": streams_start, "streams_open_at_load_end": streams_end,
               "stream_open_ms": {"p50": open_p50, "p99": open_p99, "max": open_max},
               "cpu_s": cpu, "cpu_ms_per_request": ms_per_req, "cpu_us_per_delivery": us_per_delivery,
               "generator_cpu_s": gen_cpu, "generator_cpu_s_load": gen_load_cpu, "loop_lag_p99_ms": lag_p99,
               "machine": machine, "others_cpu_s": others_s, "checks": checks}
    return summary, all(checks.values()), runs


def main(argv=None):
    args = parse_args(argv)
    # Every open stream holds a socket in the simulator, nginx (two) and daphne.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    work = Path(tempfile.mkdtemp(prefix="aura-capacity."))
    try:
        summary, ok, runs = measure(args, work)
    except Unmeasurable as exc:
        print(f"capacity: could not measure: {exc}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"summary": summary, "generators": runs}, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
