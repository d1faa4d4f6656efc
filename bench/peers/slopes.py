"""REST throughput at saturation through the production shape's nginx, with 1
and with 2 gunicorn workers (or any list), interleaved: the slope of adding a
worker (docs/scaling.md).

    .venv/bin/python bench/peers/slopes.py [--workers 1,2] [--rounds 3] [--duration 10]
        [--connections 16] [--mix dogfood|list|status]

Makes a fresh PostgreSQL database and a private Redis (as capacity.py does),
one team of 50 agents, 200 intents on their branches, then for each round and
each worker count starts deploy/shape.py and runs wrk through nginx for
--duration seconds:

- ``dogfood``: the peers' request mix, 48 pushes (``POST /v1/intents``, 5
  functions of a made-up code base, as peers.py makes them), 76 pulls (``GET /v1/intents?branch=…&limit=50``) and 60
  ``GET /v1/status`` in 184, spread over the 50 tokens;
- ``list``: ``GET /v1/intents?branch=…&limit=50`` only;
- ``status``: ``GET /v1/status`` only.

Prints, per run, requests/s, latency p50/p99 (wrk's), non-2xx answers and
the server CPU per request (gunicorn + nginx + PostgreSQL backends + Redis,
from /proc), then the medians per worker count and the ratio to the first.
Needs wrk (apt-get install wrk) and nginx.
"""

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from capacity import (PG, ROOT, CPUSampler, Shape, loadavg, machine_busy, postmaster_pid,  # noqa: E402
                      postgres_pids, run, start_redis, tree)

LUA = r"""
-- the peers' mix: 48 pushes, 76 pulls, 60 status calls in 184, over many tokens; a push's five
-- nodes are functions of a made-up code base (16 areas x 4 modules x 12 functions), four in five
-- in the peer's home area, as bench/peers/peers.py makes them
local tokens = {}
for line in io.lines(os.getenv("SLOPES_TOKENS")) do tokens[#tokens + 1] = line end
local mix = os.getenv("SLOPES_MIX")
local areas = {"auth", "billing", "search", "sync", "api", "storage", "notify", "graph", "ingest",
               "report", "cache", "queue", "export", "admin", "config", "metrics"}
local modules = {"core", "handlers", "model", "util"}
local funcs = {"load", "save", "refresh", "validate", "parse", "render", "retry", "merge", "resolve",
               "apply", "flush", "lookup"}
local hash_a, hash_b = string.rep("a", 40), string.rep("b", 40)
local function intent(i)
  local home = areas[(i - 1) % #areas + 1]
  local seen, nodes = {}, {}
  while #nodes < 5 do
    local area = home
    if math.random() >= 0.8 then area = areas[math.random(#areas)] end
    local module = modules[math.random(#modules)]
    local name = area .. "::" .. module .. "::" .. funcs[math.random(#funcs)]
    if not seen[name] then
      seen[name] = true
      nodes[#nodes + 1] = string.format('{"path": "src/%s/%s.rs", "kind": "function", "name": "%s", '
        .. '"change": "modified", "before": {"hash": "%s", "signature": "fn f(&self) -> bool", "calls": []}, '
        .. '"after": {"hash": "%s", "signature": "fn f(&self) -> bool", "calls": []}}',
        area, module, name, hash_a, hash_b)
    end
  end
  return '{"summary": "Refactor ' .. home .. ' [ENG-' .. math.random(9999) .. ']", "repo": "bench/app", '
    .. '"branch": "peer-' .. (i - 1) .. '", "nodes": [' .. table.concat(nodes, ", ") .. ']}'
end
local n = 0
request = function()
  n = n + 1
  local i = (n * 7919) % #tokens + 1
  local h = {["Authorization"] = "Bearer " .. tokens[i]}
  local r = math.random(184)
  if mix == "status" or (mix == "dogfood" and r > 124) then
    return wrk.format("GET", "/v1/status", h)
  elseif mix == "list" or (mix == "dogfood" and r > 48) then
    return wrk.format("GET", "/v1/intents?branch=peer-" .. ((n * 31) % #tokens) .. "&limit=50", h)
  end
  h["Content-Type"] = "application/json"
  return wrk.format("POST", "/v1/intents", h, intent(i))
end
done = function(summary, latency, requests)
  io.write(string.format("SLOPES %d %d %.3f %.3f\n", summary.requests, summary.errors.status,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""

AREAS = ["auth", "billing", "search", "sync", "api", "storage", "notify", "graph", "ingest", "report", "cache",
         "queue", "export", "admin", "config", "metrics"]
FUNCS = ["load", "save", "refresh", "validate", "parse", "render", "retry", "merge", "resolve", "apply", "flush",
         "lookup"]


def intent_body(i, rng):
    """An intent as the Lua script makes them: five functions, four in five in the peer's home area."""
    home, names = AREAS[i % len(AREAS)], []
    while len(names) < 5:
        area = home if rng.random() < 0.8 else rng.choice(AREAS)
        name = f"{area}::{rng.choice(['core', 'handlers', 'model', 'util'])}::{rng.choice(FUNCS)}"
        if name not in names:
            names.append(name)
    side = {"signature": "fn f(&self) -> bool", "calls": []}
    return {"summary": f"Refactor {home} [ENG-1]", "repo": "bench/app", "branch": f"peer-{i}",
            "nodes": [{"path": "src/%s/%s.rs" % tuple(n.split("::")[:2]), "kind": "function", "name": n,
                       "change": "modified", "before": {"hash": "a" * 40, **side}, "after": {"hash": "b" * 40, **side}}
                      for n in names]}


def seed(url, tokens, count):
    """`count` intents over the tokens' branches, through the shape."""
    rng = random.Random(1)
    for n in range(count):
        i = n % len(tokens)
        body = json.dumps(intent_body(i, rng)).encode()
        req = urllib.request.Request(url + "/v1/intents", data=body, method="POST", headers={
            "Authorization": f"Bearer {tokens[i]}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            assert resp.status == 201, resp.status


def one_run(args, env, work, tokens_file, workers, master, db, redis_proc):
    shape = Shape(work / f"run-{workers}", workers=workers, env=env, sender=False).start()
    try:
        # warm every worker up (imports, the pool's connections) before measuring
        subprocess.run(["wrk", "-t1", "-c4", "-d2s", "-s", str(work / "mix.lua"), shape.url],
                       env=dict(os.environ, **lua_env(args, tokens_file)), capture_output=True, timeout=60)
        sampler = CPUSampler({
            "gunicorn": lambda: tree(shape.procs["gunicorn"].pid),
            "nginx": lambda: tree(shape.procs["nginx"].pid),
            "postgres": lambda: postgres_pids(master, db),
            "redis": lambda: tree(redis_proc.pid),
        })
        load = loadavg()
        busy0, total0 = machine_busy()
        t0 = time.monotonic()
        sampler.begin()
        out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration:g}s", "-s",
                              str(work / "mix.lua"), shape.url],
                             env=dict(os.environ, **lua_env(args, tokens_file)), capture_output=True, text=True,
                             timeout=args.duration + 60)
        cpu = sampler.end()
        wall = time.monotonic() - t0
        busy1, total1 = machine_busy()
    finally:
        shape.stop()
    m = re.search(r"SLOPES (\d+) (\d+) ([\d.]+) ([\d.]+)", out.stdout)
    if not m:
        raise SystemExit(f"wrk said:\n{out.stdout}\n{out.stderr}")
    reqs, non2xx, p50, p99 = int(m[1]), int(m[2]), float(m[3]), float(m[4])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out.stdout)[1])
    server = sum(cpu.values())
    others = max(0.0, (busy1 - busy0) / os.sysconf("SC_CLK_TCK") - server)
    return {"workers": workers, "rps": rps, "requests": reqs, "non2xx": non2xx, "p50_ms": p50, "p99_ms": p99,
            "cpu_s": cpu, "cpu_ms_per_req": 1000.0 * server / reqs if reqs else None, "load": load,
            "others_pct": 100.0 * others / wall / os.cpu_count()}


def lua_env(args, tokens_file):
    return {"SLOPES_TOKENS": str(tokens_file), "SLOPES_MIX": args.mix}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workers", default="1,2", help="gunicorn worker counts, comma-separated")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", type=float, default=10.0)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--mix", choices=["dogfood", "list", "status"], default="dogfood")
    p.add_argument("--json", dest="json_out")
    args = p.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("needs wrk (apt-get install wrk)")
    counts = [int(x) for x in args.workers.split(",")]
    work = Path(tempfile.mkdtemp(prefix="aura-slopes."))
    db = f"aura_slopes_{os.getpid()}"
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')
    redis_proc, redis_url = start_redis(work)
    results = []
    try:
        env = dict(os.environ, DATABASE_URL=f"{PG}/{db}", REDIS_URL=redis_url, AURA_VAR_DIR=str(work / "var"),
                   DJANGO_SETTINGS_MODULE="aura_site.settings")
        run([sys.executable, "manage.py", "migrate", "--noinput"], env, "migrate")
        tokens = run([sys.executable, str(HERE / "provision.py"), "--teams", "1", "--members", "50"],
                     env, "provision.py").stdout.split()
        tokens_file = work / "tokens.txt"
        tokens_file.write_text("\n".join(tokens) + "\n")
        (work / "mix.lua").write_text(LUA)
        with Shape(work / "seed", workers=2, env=env, sender=False) as shape:
            seed(shape.url, tokens, 200)
        master = postmaster_pid()
        print(f"slopes: {args.mix} mix, wrk -t2 -c{args.connections} -d{args.duration:g}s through nginx; "
              f"workers {counts} x {args.rounds} rounds, interleaved", flush=True)
        for r in range(args.rounds):
            for workers in counts:
                res = one_run(args, env, work, tokens_file, workers, master, db, redis_proc)
                res["round"] = r + 1
                results.append(res)
                print(f"round {r + 1} gunicorn x{workers}: {res['rps']:.0f} req/s, p50 {res['p50_ms']:.1f} ms, "
                      f"p99 {res['p99_ms']:.1f} ms, non-2xx {res['non2xx']}, CPU/req {res['cpu_ms_per_req']:.2f} ms ("
                      + ", ".join(f"{k} {v:.1f} s" for k, v in res["cpu_s"].items())
                      + f"); load {res['load']}, others {res['others_pct']:.0f}% of the cores", flush=True)
    finally:
        redis_proc.terminate()
        with contextlib.suppress(Exception), psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)
    base = None
    print("\nmedians:")
    for workers in counts:
        mine = [x for x in results if x["workers"] == workers]
        rps = statistics.median(x["rps"] for x in mine)
        base = base or rps
        print(f"  gunicorn x{workers}: {rps:.0f} req/s ({rps / base:.2f}x), "
              f"p50 {statistics.median(x['p50_ms'] for x in mine):.1f} ms, "
              f"p99 {statistics.median(x['p99_ms'] for x in mine):.1f} ms, "
              f"CPU/req {statistics.median(x['cpu_ms_per_req'] for x in mine):.2f} ms")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
