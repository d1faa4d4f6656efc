"""``aura_log_intent`` over /mcp against ``POST /v1/intents``, both on the
embedded daphne (the one process of ``make run``), and the MCP reminders
before and after their skip, interleaved after a warm-up.

Two daphne processes on one database: "before" runs the reminders as they
were (bench/settings_mcp_before.py → bench/mcp_before.py: three ORM scalar
subqueries on every call), "after" the current ones (one statement; the
latest sequence alone when nothing changed since the token's previous
call). Each round makes one call of each:

  - ``aura_log_intent`` on before and on after (a write: the team's sequence
    moves every call, so the reminders are computed every time);
  - ``aura_team_members`` on before and on after (a read: in steady state
    nothing changed since the previous call);
  - ``POST /v1/intents`` on after (the REST twin).

Each call is one HTTP round trip on a kept-alive connection from this
process (for MCP a JSON-RPC ``tools/call``, stateless, JSON answer). CPU
per call is the server process's (``/proc/<pid>/stat``, user + system, in
clock ticks of 10 ms: a median per call is meaningless, so the mean is
given). Database ``aura_bench_mcp`` on the local PostgreSQL (``AURA_BENCH_DB``
overrides; created on first use); Redis when ``REDIS_URL`` is set.

    REDIS_URL=redis://127.0.0.1:6379/4 AURA_BENCH_DB=aura_bench_h4 \
        .venv/bin/python bench/bench_mcp.py [--runs 200] [--warmup 20]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import PG, create_database, setup_django

DB = os.environ.get("AURA_BENCH_DB", "aura_bench_mcp")
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def stats(samples):
    samples = sorted(samples)
    n = len(samples)
    return {"p50": statistics.median(samples), "p90": samples[int(n * 0.9) - 1], "p99": samples[max(int(n * 0.99) - 1, 0)]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    create_database(DB)
    setup_django(DB)
    import httpx
    from django.core.management import call_command

    from accounts import provisioning
    from events import testing

    call_command("migrate", verbosity=0, interactive=False)
    team = provisioning.create_team(f"bench-{uuid.uuid4().hex[:8]}", name="Bench", strict_mode=False)
    member = provisioning.add_member(team, "bench")
    # A token per server: each keeps its own high-water mark.
    tokens = {name: provisioning.create_token(member.user, [team], ["admin"])[1] for name in ("before", "after")}

    body = {"summary": "Tighten the session check [ENG-42]", "branch": "feat/mcp", "repo": "acme/app",
            "nodes": [{"path": "auth.py", "kind": "function", "name": "auth::check", "change": "modified"},
                      {"path": "auth.py", "kind": "function", "name": "auth::renew", "change": "added"}]}
    logs = tempfile.mkdtemp()
    env = testing.server_env(f"{PG}/{DB}")
    servers = {
        "after": testing.Server(env, log_path=os.path.join(logs, "after.log")),
        "before": testing.Server({**env, "DJANGO_SETTINGS_MODULE": "bench.settings_mcp_before"},
                                 log_path=os.path.join(logs, "before.log")),
    }
    for server in servers.values():
        server.start()
    try:
        clients = {name: httpx.Client(base_url=server.url, timeout=30) for name, server in servers.items()}

        def headers(name):
            return {"Authorization": f"Bearer {tokens[name]}", "Content-Type": "application/json",
                    "Accept": "application/json, text/event-stream"}

        def tool(name, tool_name, arguments):
            def run(i):
                rpc = {"jsonrpc": "2.0", "id": i, "method": "tools/call",
                       "params": {"name": tool_name, "arguments": arguments}}
                r = clients[name].post("/mcp", content=json.dumps(rpc), headers=headers(name))
                assert r.status_code == 200 and not r.json()["result"]["isError"], r.text[:300]
            return run

        def rest(i):
            r = clients["after"].post("/v1/intents", content=json.dumps(body), headers=headers("after"))
            assert r.status_code == 201, r.text[:300]

        variants = [
            ("before: aura_log_intent", "before", tool("before", "aura_log_intent", body)),
            ("after: aura_log_intent", "after", tool("after", "aura_log_intent", body)),
            ("before: aura_team_members", "before", tool("before", "aura_team_members", {})),
            ("after: aura_team_members", "after", tool("after", "aura_team_members", {})),
            ("POST /v1/intents", "after", rest),
        ]
        for i in range(args.warmup):
            for _, _, fn in variants:
                fn(i)
        times = {label: [] for label, _, _ in variants}
        cpu = {label: 0.0 for label, _, _ in variants}
        for i in range(args.runs):
            for label, name, fn in variants:
                pid = servers[name].proc.pid
                c0, start = cpu_seconds(pid), time.perf_counter()
                fn(i)
                times[label].append((time.perf_counter() - start) * 1000)
                cpu[label] += cpu_seconds(pid) - c0
    finally:
        for server in servers.values():
            server.stop()
    print(f"{args.runs} rounds, one call of each per round, after {args.warmup} rounds of warm-up")
    for label, _, _ in variants:
        s = stats(times[label])
        print(f"{label:<28} p50 {s['p50']:6.2f} ms   p90 {s['p90']:6.2f} ms   p99 {s['p99']:6.2f} ms   "
              f"server cpu {cpu[label] / args.runs * 1000:5.2f} ms/call (mean)")
    mcp, rest_stats = stats(times["after: aura_log_intent"]), stats(times["POST /v1/intents"])
    print(f"{'aura_log_intent - REST, p50':<28} {mcp['p50'] - rest_stats['p50']:+6.2f} ms")


if __name__ == "__main__":
    main()
