"""The fixed cost of a request: ``GET /v1/status`` (token lookup, principal
and team, rate limit, headers, a small JSON body) against the floor — a bare
DRF view answering ``{"ok": true}`` through the same middleware stack
(bench/urls.py, mounted by bench/settings.py only) — on the same gunicorn
(deploy/gunicorn.conf.py, 2 sync workers), on PostgreSQL and Redis.

wrk drives both side by side: each round runs the floor and the status
endpoint one after the other (the order alternating between rounds), and the
figures are the medians over the rounds: requests/s, latency p50/p99, and
the gunicorn workers' CPU per request (utime + stime from /proc over the
run), and how busy the rest of the machine was (every core's busy time from
/proc/stat, less the workers' and wrk's: PostgreSQL and Redis serving the
requests, and whatever else runs). The ratio status/floor is taken per round, then its median. The
token's budget is far above what is sent, so every request is counted (the
Redis round trips are measured) and none is refused.

``--profile N``: cProfile (CPU time) over N in-process ``GET /v1/status``
through the WSGI application itself, as a gunicorn worker calls it (the
whole middleware and DRF stack, the same PostgreSQL and Redis): the CPU time
per request without the profiler, then where it goes by stage (cumulative
time of the functions that carry each stage) and the top functions by own
time.

    REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python bench/bench_fixed_cost.py \
        [--rounds 5] [--duration 5] [--connections 8] [--workers 2] [--compare DIR] [--profile 2000]

The database is ``aura_bench_fixed`` (``--db``), created and migrated on
first use; each run adds a fresh token to its one team.
"""

import argparse
import contextlib
import http.client
import os
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import PG, create_database, setup_django  # noqa: E402

BIN = Path(sys.executable).parent
TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid):
    out = []
    for path in Path(f"/proc/{pid}/task").glob("*/children"):
        out += [int(p) for p in path.read_text().split()]
    return out


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def machine_busy():
    """Busy CPU seconds of the whole machine (every core), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / TICK


def seed():
    """A team with one member and a fresh token with every scope and an unreachable budget."""
    from django.core.management import call_command

    from accounts import provisioning
    from accounts.models import Member, Team
    from accounts.scopes import ALL_SCOPES

    call_command("migrate", verbosity=0)
    team = Team.objects.filter(slug="fixed").first() or provisioning.create_team("fixed", name="Fixed", strict_mode=False)
    member = Member.objects.filter(team=team, name="bench").first() or provisioning.add_member(team, "bench")
    _, raw = provisioning.create_token(member.user, [team], list(ALL_SCOPES),
                                       per_minute=1_000_000_000, per_second=1_000_000_000)
    return raw


def start_gunicorn(env, workers, root=ROOT):
    port = free_port()
    cmd = [str(BIN / "gunicorn"), "aura_site.wsgi:application", "-c", str(root / "deploy" / "gunicorn.conf.py"),
           "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, cwd=root, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            break
        time.sleep(0.1)
    # Workers load the application after they start: ready when each has answered.
    answered = 0
    while answered < 4 * workers and time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/bench/floor")
        answered += conn.getresponse().status == 200
        conn.close()
    return proc, port


def stop(proc):
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


def parse_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url, token, duration, connections, workers_pids):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency", url]
    if token:
        cmd[1:1] = ["-H", f"Authorization: Bearer {token}"]
    cpu0, busy0, wall0 = cpu_seconds(workers_pids), machine_busy(), time.monotonic()
    child0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    child1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu1, busy1, wall1 = cpu_seconds(workers_pids), machine_busy(), time.monotonic()
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} answers were not 2xx:\n{out}")
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    server_cpu = cpu1 - cpu0
    wrk_cpu = (child1.ru_utime + child1.ru_stime) - (child0.ru_utime + child0.ru_stime)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": parse_ms(latency["50"]),
        "p99": parse_ms(latency["99"]),
        "cpu_ms": server_cpu / requests * 1000,
        "others": max((busy1 - busy0) - server_cpu - wrk_cpu, 0) / (wall1 - wall0) / os.cpu_count() * 100,
    }


def throughput(args, token):
    from django.conf import settings

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"{PG}/{args.db}",
        AURA_SECRET_KEY=settings.SECRET_KEY,
        AURA_TOKEN_PEPPER=settings.AURA_TOKEN_PEPPER,
        PYTHONUNBUFFERED="1",
    )
    procs = []
    try:
        proc, port = start_gunicorn(env, args.workers)
        procs.append(proc)
        workers = {"this": children(proc.pid)}
        targets = {"floor": (f"http://127.0.0.1:{port}/bench/floor", None, "this"),
                   "status": (f"http://127.0.0.1:{port}/v1/status", token, "this")}
        if args.compare:
            # The same bench settings and database, served from another checkout (e.g. before a change).
            proc, port = start_gunicorn(env, args.workers, Path(args.compare).resolve())
            procs.append(proc)
            workers["other"] = children(proc.pid)
            targets["status (--compare)"] = (f"http://127.0.0.1:{port}/v1/status", token, "other")
        for name, (url, tok, server) in targets.items():  # warm-up: imports, connections, caches
            run_wrk(url, tok, 2, args.connections, workers[server])
        results = {name: [] for name in targets}
        print(f"uptime: {os.getloadavg()}; gunicorn {args.workers} workers (pids {workers}); "
              f"wrk -t2 -c{args.connections} -d{args.duration}s", flush=True)
        for round_ in range(args.rounds):
            order = list(targets) if round_ % 2 == 0 else list(reversed(targets))
            for name in order:
                url, tok, server = targets[name]
                r = run_wrk(url, tok, args.duration, args.connections, workers[server])
                results[name].append(r)
                print(f"  round {round_ + 1} {name:<18} {r['rps']:8.0f} req/s  p50 {r['p50']:6.2f} ms  "
                      f"p99 {r['p99']:6.2f} ms  worker CPU {r['cpu_ms']:.3f} ms/request  "
                      f"rest of the machine {r['others']:.0f}% of the cores", flush=True)
        print()
        med = {name: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for name, rs in results.items()}
        ratios = [s["rps"] / f["rps"] for s, f in zip(results["status"], results["floor"])]
        for name, m in med.items():
            print(f"{name:<18} median {m['rps']:8.0f} req/s  p50 {m['p50']:6.2f} ms  p99 {m['p99']:6.2f} ms  "
                  f"worker CPU {m['cpu_ms']:.3f} ms/request")
        print(f"status/floor: median {statistics.median(ratios) * 100:.0f}% "
              f"(per round: {', '.join(f'{r * 100:.0f}%' for r in ratios)})")
        print(f"fixed cost of /v1/status over the floor: "
              f"{med['status']['cpu_ms'] - med['floor']['cpu_ms']:.3f} ms of worker CPU per request")
        if args.compare:
            other = [o["rps"] / f["rps"] for o, f in zip(results["status (--compare)"], results["floor"])]
            print(f"status (--compare)/floor: median {statistics.median(other) * 100:.0f}%; its fixed cost "
                  f"{med['status (--compare)']['cpu_ms'] - med['floor']['cpu_ms']:.3f} ms of worker CPU per request")
    finally:
        for proc in procs:
            stop(proc)


# Stages of GET /v1/status: (label, a function that carries the stage, by "file:function").
STAGES = [
    ("whole request (WSGIHandler.__call__ + close)", "bench/bench_fixed_cost.py:one"),
    ("  the handler's signals (request_started/finished)", "django/dispatch/dispatcher.py:send"),
    ("  middleware stack, outside the view", "django/core/handlers/base.py:_get_response"),
    ("  DRF dispatch (the view, all of it)", "rest_framework/views.py:dispatch"),
    ("    authentication (token + members, one query)", "accounts/authentication.py:authenticate"),
    ("      token lookup query", "accounts/sql.py:select_token_with_members"),
    ("      principal built", "accounts/principal.py:build"),
    ("    permission (scopes, team)", "rest_framework/views.py:check_permissions"),
    ("    rate limit (Redis)", "aura_site/api/ratelimit.py:check"),
    ("    the view's get()", "accounts/views.py:get"),
    ("    response rendering (JSON)", "rest_framework/response.py:rendered_content"),
    ("    finalize_response (headers)", "rest_framework/views.py:finalize_response"),
    ("  database connection (get / close)", "django/db/backends/base/base.py:close_if_unusable_or_obsolete"),
    ("  database: cursor executes", "django/db/backends/utils.py:execute"),
    ("  Redis commands", "redis/client.py:execute_command"),
    ("  Redis pipelines", "redis/client.py:execute"),
]


def profile(args, token):
    """cProfile (CPU time) over N calls of the WSGI application itself, as a
    gunicorn worker makes them (no test client, no sockets between)."""
    import cProfile
    import io
    import pstats

    from aura_site.wsgi import application

    def environ(path="/v1/status"):
        return {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1:8000", "HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_USER_AGENT": "wrk",
            "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
            "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False, "wsgi.version": (1, 0),
        }

    status = []

    def start_response(s, headers, exc_info=None):
        status.append(s)

    def one(path="/v1/status"):
        response = application(environ(path), start_response)
        b"".join(response)
        response.close()  # request_finished: the connection goes back to the pool
        assert status.pop().startswith("200"), f"GET {path} did not answer 200"

    # CPU per request without the profiler, the floor and the status in turns of 100.
    spent = {"/bench/floor": [], "/v1/status": []}
    for _ in range(200):
        one()
        one("/bench/floor")
    for turn in range(max(args.profile // 100, 1) * 2):
        path = "/v1/status" if turn % 2 else "/bench/floor"
        cpu = time.process_time()
        for _ in range(100):
            one(path)
        spent[path].append((time.process_time() - cpu) * 10)  # ms per request
    floor, stat = statistics.median(spent["/bench/floor"]), statistics.median(spent["/v1/status"])
    print(f"In-process through the WSGI application, no profiler, median of {len(spent['/v1/status'])} turns "
          f"of 100: floor {floor:.3f} ms CPU per request, GET /v1/status {stat:.3f} ms "
          f"(fixed cost {stat - floor:.3f} ms; floor/status {floor / stat * 100:.0f}%)")
    prof = cProfile.Profile(time.process_time)  # CPU time: what limits throughput
    prof.enable()
    for _ in range(args.profile):
        one()
    prof.disable()
    stats = pstats.Stats(prof)
    if os.environ.get("AURA_BENCH_PROFILE_OUT"):  # for pstats / snakeviz
        stats.dump_stats(os.environ["AURA_BENCH_PROFILE_OUT"])
    total = None
    print("\nCPU under cProfile (it inflates every call; read the shares), per request:")
    for label, where in STAGES:
        path, func = where.rsplit(":", 1)
        cum = calls = 0
        for (file, _, name), (cc, nc, tt, ct, callers) in stats.stats.items():
            if name == func and file.endswith(path):
                cum += ct
                calls += nc
        if total is None:
            total = cum
        print(f"  {label:<52} {cum / args.profile * 1000:7.3f} ms  {cum / total * 100:5.1f}%  "
              f"({calls / args.profile:.1f} calls)")
    print("\nTop 30 functions by own time:")
    stats.sort_stats("tottime").print_stats(30)
    if args.callees:
        for pattern in args.callees:
            stats.sort_stats("cumulative").print_callees(pattern)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="aura_bench_fixed")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--compare", metavar="DIR", help="also measure GET /v1/status served from another "
                        "checkout of the project (e.g. git archive of an earlier commit), in the same rounds")
    parser.add_argument("--profile", type=int, default=0, help="cProfile over N in-process requests instead")
    parser.add_argument("--callees", nargs="*", help="with --profile: print what these functions call (regexes)")
    args = parser.parse_args()
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")
    create_database(args.db)
    setup_django(args.db)
    token = seed()
    if args.profile:
        from django.conf import settings

        settings.ROOT_URLCONF = "bench.urls"  # the floor beside the product's URLs, as the servers run
        profile(args, token)
    else:
        throughput(args, token)


if __name__ == "__main__":
    main()
