"""The cost of a presence heartbeat: server CPU per POST /v1/presence.

One team of --members members (default 5,000, the issue's figure: one
heartbeat a minute each is 83/s), each already active (so a heartbeat is the
steady state: no event), Redis as the cache. Measures in-process, through
the whole middleware and DRF stack, per request: wall time (p50/p90/p99) and
CPU time of this process (``time.process_time``, the server's share: the
test client's is small and counted too), for

  - GET /v1/status (the fixed cost of an authenticated request, the floor)
  - POST /v1/presence, a steady heartbeat (same branch, 3 paths being edited)
  - the same with the heartbeat's answer reading nothing (a token with no
    read scopes: no impact, message or zone query)
  - GET /v1/presence (every member active)

and, with --profile N, the cProfile of N heartbeats.

    REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python bench/bench_presence.py [--runs 500] [--members 5000]
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import analyze, create_database, fmt, setup_django, timed  # noqa: E402

DB = "aura_bench_presence"


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
    from presence import state

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

    def heartbeat(headers=auth):
        r = client.post("/v1/presence", body, content_type="application/json", **headers)
        assert r.status_code == 200, r.content

    def listing():
        assert client.get("/v1/presence", **auth).status_code == 200

    print(f"{args.members} members, {args.runs} runs each")
    for label, fn, runs in (
        ("GET /v1/status (floor)", status, args.runs),
        ("POST /v1/presence", heartbeat, args.runs),
        ("POST /v1/presence, no read scopes", lambda: heartbeat(bare_auth), args.runs),
        ("GET /v1/presence (all active)", listing, max(args.runs // 10, 20)),
    ):
        stats = timed(fn, runs)
        print(fmt(label, stats), f"  cpu {cpu_per_call(fn, runs):.2f} ms/request")
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
