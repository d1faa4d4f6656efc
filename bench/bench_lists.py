"""Lists at depth: keyset pagination and group_by on PostgreSQL.

1,000,000 intents in one team among 100 teams (the other 99 hold 1,000
each). Measures, server-side (in-process, through the full middleware and
DRF stack):
  - a page of 50 at the first page and at depth 900,000 (cursor)
  - GET /v1/intents?branch=…&limit=50
  - a grouped count over 30 days with a filter (group_by=author, group_by=day)

    .venv/bin/python bench/bench_lists.py [--fresh] [--runs 200]
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import analyze, create_database, fmt, setup_django, timed  # noqa: E402

BIG = 1_000_000
SMALL = 1_000
TEAMS = 100
BRANCHES = 20


def seed():
    from django.core.management import call_command
    from django.db import connection

    from accounts import provisioning
    from intents.models import Intent

    call_command("migrate", verbosity=0)
    if Intent.objects.exists():
        return
    teams = []
    for t in range(TEAMS):
        team = provisioning.create_team(f"team{t:03d}", name=f"Team {t}")
        for m in range(5):
            provisioning.add_member(team, f"t{t}m{m}", role="admin" if m == 0 else "member")
        teams.append(team)
    with connection.cursor() as cur:
        for index, team in enumerate(teams):
            n = BIG if index == 0 else SMALL
            # Ids sort by time across teams, as real prefixed ULIDs do.
            cur.execute(
                """
                INSERT INTO intents_intent (id, team_id, repo, branch, author_id, summary, commit_sha,
                    prove_goals, nodes_added, nodes_changed, nodes_deleted, created_at)
                SELECT 'itn_' || lpad(floor(extract(epoch FROM ts) * 1000)::bigint::text, 14, '0')
                              || %(t)s || lpad(g::text, 8, '0'),
                       %(team)s, 'acme/app', 'feat/b' || (g %% %(branches)s),
                       (SELECT id FROM accounts_member WHERE team_id = %(team)s ORDER BY id
                        OFFSET (g %% 5) LIMIT 1),
                       'Change ' || g || ' [ENG-' || (g %% 997) || ']', NULL, '[]'::jsonb,
                       g %% 3, g %% 7, g %% 2, ts
                FROM (SELECT g, now() - make_interval(secs => (%(n)s - g) * (90.0 * 86400 / %(n)s)) AS ts
                      FROM generate_series(1, %(n)s) AS g) AS s
                """,
                {"t": f"{index:03d}", "team": team.id, "branches": BRANCHES, "n": n},
            )
    analyze()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh", action="store_true", help="drop and re-seed the bench database")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    create_database(fresh=args.fresh)
    setup_django()
    seed()

    from django.db import connection
    from django.test import Client, RequestFactory
    from rest_framework.request import Request

    from accounts import provisioning, scopes
    from accounts.models import Member, Team
    from aura_site.api.pagination import encode_cursor

    team = Team.objects.get(slug="team000")
    member = Member.objects.filter(team=team, role="admin").first()
    _, raw = provisioning.create_token(member.user, [team], list(scopes.ALL_SCOPES), name="bench")
    client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, response.content[:300]
            return response

        return call

    with connection.cursor() as cur:
        cur.execute(
            "SELECT id FROM intents_intent WHERE team_id = %s ORDER BY id DESC OFFSET 899999 LIMIT 1", [team.id]
        )
        deep_id = cur.fetchone()[0]
    deep_cursor = encode_cursor(Request(RequestFactory().get("/v1/intents")), deep_id)
    deep = get(f"/v1/intents?limit=50&cursor={deep_cursor}")
    body = deep().json()
    assert len(body["data"]) == 50 and body["data"][0]["id"] < deep_id

    print(f"PostgreSQL, {BIG:,} intents in one team among {TEAMS} teams ({SMALL:,} in each other team)")
    first = timed(get("/v1/intents?limit=50"), args.runs)
    at_depth = timed(deep, args.runs)
    print(fmt("GET /v1/intents?limit=50 (first page)", first))
    print(fmt("GET /v1/intents?limit=50&cursor=<depth 900,000>", at_depth))
    print(f"{'  depth / first (p50)':<58} {at_depth['p50'] / first['p50']:.2f}x")
    print(fmt("GET /v1/intents?branch=feat/b7&limit=50", timed(get("/v1/intents?branch=feat/b7&limit=50"), args.runs)))
    print(fmt(
        "GET /v1/intents?since=30d&branch=feat/b7&group_by=author",
        timed(get("/v1/intents?since=30d&branch=feat/b7&group_by=author"), args.runs // 4),
    ))
    print(fmt(
        "GET /v1/intents?since=30d&author=t0m1&group_by=day",
        timed(get("/v1/intents?since=30d&author=t0m1&group_by=day"), args.runs // 4),
    ))
    print(fmt(
        "GET /v1/intents?since=30d&group_by=author (no filter)",
        timed(get("/v1/intents?since=30d&group_by=author"), args.runs // 4),
    ))


if __name__ == "__main__":
    main()
