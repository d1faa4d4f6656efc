"""The cost of a presence heartbeat: server CPU per POST /v1/presence.

One team of --members members (default 5,000, the issue's figure: one
heartbeat a minute each is 83/s), each already active (so a heartbeat is the
steady state: no event), Redis as the cache. Measures in-process, through
the whole middleware and DRF stack, per request: wall time (p50/p90/p99) and
CPU time of this process (``time.process_time`` around each request, the
server's share: the test client's is small and counted too). Interleaved,
one of each per round:

  - GET /v1/status (the fixed cost of an authenticated request, the floor)
  - before: POST /v1/presence as it was (bench/presence_before.py: four ORM
    queries for the answer, three cache round trips, a request transaction)
  - after: POST /v1/presence, the steady state (nothing changed since the
    member's last answer: the answer is reused)
  - after: POST /v1/presence with the answer computed (another editing list
    each time: one statement)
  - before / after with a token reading none of the answer's parts

and, with --list-runs N, GET /v1/presence (every member active); with
--profile N, the cProfile of N heartbeats.

    REDIS_URL=redis://127.0.0.1:6379/4 AURA_BENCH_DB=aura_bench_h4 \
        .venv/bin/python bench/bench_presence.py [--runs 500] [--members 5000]
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import analyze, create_database, fmt, setup_django, timed  # noqa: E402

DB = os.environ.get("AURA_BENCH_DB", "aura_bench_presence")


def seed(members):
    from django.core.management import call_command

    from accounts import provisioning
    from accounts.models import Member, Team

    call_command("migrate", verbosity=0)
    team = Team.objects.filter(slug="presence").first() or provisioning.create_team("presence")
    have = Member.objects.filter(team=team).count()
    for i in range(have, members):
        provisioning.add_member(team, f"p{i:05d}", role="admin" if i == 0 else "member")
    return team


def cpu_per_call(fn, runs):
    start = time.process_time()
    for _ in range(runs):
        fn()
    return (time.process_time() - start) / runs * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--list-runs", type=int, default=0, help="also time GET /v1/presence this many times")
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        sys.exit("set REDIS_URL (presence lives in the cache; production runs Redis)")
    create_database(DB, fresh=args.fresh)
    setup_django(DB)

    import json

    from django.core.cache import cache
    from django.test import Client

    from accounts import provisioning
    from accounts.models import Member
    from bench import presence_before
    from presence import state
    from presence.views import PresenceView

    team = seed(args.members)
    analyze()
    cache.clear()
    member = Member.objects.get(team=team, name="p00000")
    _, raw = provisioning.create_token(member.user, [team], ["read_impacts", "read_messages", "read_zones"])
    _, bare = provisioning.create_token(member.user, [team], ["read_intents"])
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    bare_auth = {"HTTP_AUTHORIZATION": f"Bearer {bare}"}
    body = json.dumps({"repo": "acme/app", "branch": "main", "editing": ["src/a.py", "src/b.py", "pay::total"],
                       "client": "bench"})
    # every member active, as at steady state
    now = state.clock()
    for m in Member.objects.filter(team=team).only("id", "name", "kind"):
        cache.set(state.key(team.id, m.id), {
            "member": m.as_ref(), "team_slug": team.slug, "repo": "acme/app", "branch": "main", "editing": [],
            "client": "bench", "since": now, "last_seen": now, "left": False}, state.ENTRY_TTL)

    def status():
        assert client.get("/v1/status", **auth).status_code == 200

    def heartbeat(headers=auth, payload=body):
        r = client.post("/v1/presence", payload, content_type="application/json", **headers)
        assert r.status_code == 200, r.content

    other_body = json.dumps({**json.loads(body), "editing": ["src/c.py"]})
    flip = [False]

    def recomputed():
        # Another editing list each time: another question, so the answer is computed afresh.
        flip[0] = not flip[0]
        heartbeat(payload=other_body if flip[0] else body)

    def listing():
        assert client.get("/v1/presence", **auth).status_code == 200

    def before(fn):
        def run():
            presence_before.install(PresenceView)
            try:
                fn()
            finally:
                presence_before.uninstall(PresenceView)
        return run

    variants = [
        ("GET /v1/status (floor)", status),
        ("before: POST /v1/presence", before(heartbeat)),
        ("after: POST /v1/presence (answer reused)", heartbeat),
        ("after: POST /v1/presence (answer computed)", recomputed),
        ("before: POST /v1/presence, no read scopes", before(lambda: heartbeat(bare_auth))),
        ("after: POST /v1/presence, no read scopes", lambda: heartbeat(bare_auth)),
    ]
    print(f"{args.members} members, {args.runs} runs of each, interleaved (one of each per round)")
    for _, fn in variants:
        for _ in range(5):
            fn()
    wall = {label: [] for label, _ in variants}
    cpu = {label: [] for label, _ in variants}
    for _ in range(args.runs):
        for label, fn in variants:
            c0, t0 = time.process_time(), time.perf_counter()
            fn()
            wall[label].append((time.perf_counter() - t0) * 1000)
            cpu[label].append((time.process_time() - c0) * 1000)
    for label, _ in variants:
        w = sorted(wall[label])
        stats = {"runs": args.runs, "p50": statistics.median(w), "p90": w[int(len(w) * 0.9) - 1],
                 "p99": w[max(int(len(w) * 0.99) - 1, 0)]}
        print(fmt(label, stats), f"  cpu median {statistics.median(cpu[label]):.2f} ms, "
              f"mean {statistics.fmean(cpu[label]):.2f} ms/request")
    if args.list_runs:
        stats = timed(listing, args.list_runs)
        print(fmt("GET /v1/presence (all active)", stats), f"  cpu {cpu_per_call(listing, args.list_runs):.2f} ms/request")
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.profile):
            heartbeat()
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
