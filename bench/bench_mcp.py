"""``aura_log_intent`` over /mcp against ``POST /v1/intents``, both on the
embedded daphne (the one process of ``make run``), 200 calls each,
interleaved (MCP, REST, MCP, …) after a warm-up.

Each call is one HTTP round trip on a kept-alive connection from this
process: for MCP a JSON-RPC ``tools/call`` (stateless, JSON answer), for REST
the same body as JSON. The intent is the same small one (a summary, a ticket,
a branch, two nodes), so the difference is the MCP layer: the SDK's
transport and dispatch, the tool's in-process call of the REST view and the
reminders. Database ``aura_bench_mcp`` on the local PostgreSQL (created on
first use).

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

DB = "aura_bench_mcp"


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
    _, token = provisioning.create_token(member.user, [team], ["admin"])

    body = {"summary": "Tighten the session check [ENG-42]", "branch": "feat/mcp", "repo": "acme/app",
            "nodes": [{"path": "auth.py", "kind": "function", "name": "auth::check", "change": "modified"},
                      {"path": "auth.py", "kind": "function", "name": "auth::renew", "change": "added"}]}
    log = os.path.join(tempfile.mkdtemp(), "daphne.log")
    env = testing.server_env(f"{PG}/{DB}")
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    mcp_headers = {**headers, "Accept": "application/json, text/event-stream"}
    with testing.Server(env, log_path=log) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        def mcp_call(i):
            rpc = {"jsonrpc": "2.0", "id": i, "method": "tools/call",
                   "params": {"name": "aura_log_intent", "arguments": body}}
            r = http.post("/mcp", content=json.dumps(rpc), headers=mcp_headers)
            assert r.status_code == 200 and not r.json()["result"]["isError"], r.text[:300]

        def rest_call(i):
            r = http.post("/v1/intents", content=json.dumps(body), headers=headers)
            assert r.status_code == 201, r.text[:300]

        for i in range(args.warmup):
            mcp_call(i)
            rest_call(i)
        times = {"mcp": [], "rest": []}
        for i in range(args.runs):
            for name, fn in (("mcp", mcp_call), ("rest", rest_call)):
                start = time.perf_counter()
                fn(i)
                times[name].append((time.perf_counter() - start) * 1000)
    mcp, rest = stats(times["mcp"]), stats(times["rest"])
    for label, s in (("aura_log_intent over POST /mcp", mcp), ("POST /v1/intents", rest)):
        print(f"{label:<34} p50 {s['p50']:6.2f} ms   p90 {s['p90']:6.2f} ms   p99 {s['p99']:6.2f} ms   (n={args.runs})")
    print(f"{'difference of the p50s':<34} {mcp['p50'] - rest['p50']:+6.2f} ms")


if __name__ == "__main__":
    main()
