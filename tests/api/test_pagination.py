"""Keyset pagination on /v1/team/members and /v1/admin/tokens: walks with
no duplicates or gaps while rows arrive, stable order, limit bounds, signed
cursors bound to their query, and no OFFSET."""

import base64
import json
from datetime import datetime, timezone as dt_timezone

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Member, Token
from tests.conftest import ALL, assert_error, make_member, make_token

pytestmark = pytest.mark.django_db


def walk(client, url, params=None, limit=5, between=None):
    """Follow next_cursor to the end; returns (ids, pages)."""
    ids, pages, cursor = [], 0, None
    while True:
        query = {**(params or {}), "limit": limit}
        if cursor:
            query["cursor"] = cursor
        r = client.get(url, query)
        assert r.status_code == 200, r.content
        body = r.json()
        assert set(body) == {"data", "next_cursor", "has_more"}
        assert len(body["data"]) <= limit
        ids += [row["id"] for row in body["data"]]
        pages += 1
        assert body["has_more"] == (body["next_cursor"] is not None)
        if not body["has_more"]:
            return ids, pages
        assert len(body["data"]) == limit
        cursor = body["next_cursor"]
        if between:
            between(pages)


@pytest.fixture
def crowd(world):
    """acme gets 21 more members: 25 in all."""
    for n in range(21):
        make_member(world.acme, f"m{n:02d}")
    return world


def test_walk_members_newest_first_without_duplicates_or_gaps(api, crowd):
    expected = list(Member.objects.filter(team=crowd.acme).order_by("-id").values_list("id", flat=True))
    assert len(expected) == 25
    ids, pages = walk(api(crowd.alice_token), "/v1/team/members", limit=5)
    assert ids == expected
    assert pages == 5  # 25 rows, 5 per page: no empty trailing page


def test_walk_while_rows_are_inserted_between_pages(api, crowd):
    before = list(Member.objects.filter(team=crowd.acme).order_by("-id").values_list("id", flat=True))
    added = []

    def insert(page):
        added.append(make_member(crowd.acme, f"late{page}").id)

    ids, _ = walk(api(crowd.alice_token), "/v1/team/members", limit=4, between=insert)
    assert len(ids) == len(set(ids)), "a row was served twice"
    assert ids == before, "rows present at the start were skipped or reordered"
    assert not set(added) & set(ids)  # newer rows belong to a fresh walk from the top
    fresh = [row["id"] for row in api(crowd.alice_token).get("/v1/team/members", {"limit": 500}).json()["data"]]
    assert fresh[: len(added)] == sorted(added, reverse=True)


def test_walk_while_rows_are_deleted_between_pages(api, crowd):
    before = list(Member.objects.filter(team=crowd.acme).order_by("-id").values_list("id", flat=True))
    removed = []
    victims = ["m00", "m01", "m02", "bob"]  # the oldest: the walk reaches them last

    def delete(page):
        victim = Member.objects.get(team=crowd.acme, name=victims[page - 1])
        assert victim.id not in served(page)
        removed.append(victim.id)
        victim.delete()

    def served(pages):
        return set(before[: pages * 5])

    ids, _ = walk(api(crowd.alice_token), "/v1/team/members", limit=5, between=delete)
    assert ids == [i for i in before if i not in removed]


def test_order_is_stable_on_equal_timestamps(api, crowd):
    same = datetime(2026, 4, 21, 14, 23, 9, tzinfo=dt_timezone.utc)
    Member.objects.filter(team=crowd.acme).update(created_at=same)
    first, _ = walk(api(crowd.alice_token), "/v1/team/members", limit=3)
    second, _ = walk(api(crowd.alice_token), "/v1/team/members", limit=7)
    assert first == second == sorted(first, reverse=True)
    assert len(first) == 25


def test_walk_tokens_of_a_two_team_caller(api, world):
    make_member(world.globex, "alice", role="admin")
    make_member(world.globex, "bob")
    client = api(make_token(world.alice, ALL, teams=[world.acme, world.globex]))
    for n in range(6):
        make_token(world.bob, ["read_intents"], teams=[world.acme, world.globex])  # in both teams
        make_token(world.gina, ["read_intents"])
    expected = list(
        Token.objects.filter(teams__in=[world.acme, world.globex]).distinct().order_by("-id").values_list("id", flat=True)
    )
    ids, _ = walk(client, "/v1/admin/tokens", limit=4)
    # 5 tokens of the world, alice's two-team token, 6 of bob's (two teams), 6 of gina's
    assert ids == expected and len(ids) == len(set(ids)) == 18
    ids, _ = walk(client, "/v1/admin/tokens", {"team": "globex"}, limit=4)
    assert ids == list(Token.objects.filter(teams=world.globex).order_by("-id").values_list("id", flat=True))


def test_filters_apply_on_every_page(api, crowd):
    Member.objects.filter(name__in=["m01", "m05", "m09", "m13", "m17"]).update(role="read-only")
    ids, _ = walk(api(crowd.alice_token), "/v1/team/members", {"role": "read-only"}, limit=2)
    expected = Member.objects.filter(team=crowd.acme, role="read-only").order_by("-id").values_list("id", flat=True)
    assert ids == list(expected) and len(ids) == 6


# --- limit ----------------------------------------------------------------------------------------


def test_limit_default_and_bounds(api, world):
    for n in range(55):
        make_member(world.acme, f"x{n:02d}")
    client = api(world.alice_token)
    body = client.get("/v1/team/members").json()
    assert len(body["data"]) == 50 and body["has_more"]
    assert len(client.get("/v1/team/members", {"limit": 1}).json()["data"]) == 1
    body = client.get("/v1/team/members", {"limit": 500}).json()
    assert len(body["data"]) == 59 and not body["has_more"] and body["next_cursor"] is None
    assert len(client.get("/v1/team/members", {"limit": ""}).json()["data"]) == 50


@pytest.mark.parametrize("limit", ["0", "501", "-1", "abc", "1.5", "1e2", "99999999999999999999"])
@pytest.mark.parametrize("url", ["/v1/team/members", "/v1/admin/tokens"])
def test_limit_out_of_bounds_is_400(api, world, url, limit):
    err = assert_error(api(world.alice_token).get(url, {"limit": limit}), 400, "invalid_parameter")
    assert "limit" in err["message"] and err["parameter"] == "limit"


# --- cursors ----------------------------------------------------------------------------------------


def first_cursor(client, url, params=None):
    body = client.get(url, {**(params or {}), "limit": 2}).json()
    assert body["next_cursor"]
    return body["next_cursor"]


def _tamper(cursor):
    middle = len(cursor) // 2
    swapped = "A" if cursor[middle] != "A" else "B"
    return cursor[:middle] + swapped + cursor[middle + 1:]


def test_a_tampered_cursor_is_refused(api, crowd):
    client = api(crowd.alice_token)
    cursor = first_cursor(client, "/v1/team/members")
    payload = signing.loads(cursor, salt="aura.cursor.v1")
    forged_payload = base64.urlsafe_b64encode(json.dumps({**payload, "k": "mem_ZZZZ"}).encode()).decode().rstrip("=")
    for bad in (
        _tamper(cursor),
        cursor[:-3],
        cursor + "x",
        "garbage",
        "",  # empty means "no cursor": the first page
        forged_payload + ":" + cursor.rsplit(":", 1)[1],
        signing.dumps(payload, salt="another.salt"),
        signing.dumps({**payload, "k": "mem_ZZZZ"}, salt="aura.cursor.v1", key="not-the-server-key"),
        "é" * 10,
    ):
        r = client.get("/v1/team/members", {"cursor": bad, "limit": 2})
        if bad == "":
            assert r.status_code == 200
            continue
        err = assert_error(r, 400, "invalid_cursor")
        assert err["hint"]


def test_a_cursor_from_another_query_is_refused(api, crowd):
    client = api(crowd.alice_token)
    cursor = first_cursor(client, "/v1/team/members")
    for url, params in (
        ("/v1/admin/members", {}),
        ("/v1/admin/tokens", {}),
        ("/v1/team/members", {"role": "member"}),
        ("/v1/team/members", {"team": "acme"}),
        ("/v1/team/members", {"kind": "human"}),
    ):
        err = assert_error(client.get(url, {**params, "cursor": cursor}), 400, "invalid_cursor")
        assert "another query" in err["message"]
    filtered = first_cursor(client, "/v1/team/members", {"kind": "human"})
    assert_error(client.get("/v1/team/members", {"cursor": filtered}), 400, "invalid_cursor")
    assert_error(client.get("/v1/team/members", {"kind": "agent", "cursor": filtered}), 400, "invalid_cursor")


def test_the_same_query_may_change_its_limit_and_parameter_order(api, crowd):
    client = api(crowd.alice_token)
    body = client.get("/v1/team/members?kind=human&role=member&limit=2").json()
    r = client.get(f"/v1/team/members?role=member&kind=human&limit=7&cursor={body['next_cursor']}")
    assert r.status_code == 200, r.content
    ids = [m["id"] for m in body["data"]] + [m["id"] for m in r.json()["data"]]
    expected = Member.objects.filter(team=crowd.acme, kind="human", role="member").order_by("-id")
    assert ids == list(expected.values_list("id", flat=True)[:9])


def test_the_cursor_is_opaque(api, crowd):
    cursor = first_cursor(api(crowd.alice_token), "/v1/team/members")
    assert "mem_" not in cursor and "acme" not in cursor


# --- the SQL ------------------------------------------------------------------------------------------------


def test_a_deep_page_is_a_keyset_query_never_offset(api, crowd):
    client = api(crowd.alice_token)
    body = client.get("/v1/team/members", {"limit": 20}).json()
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/v1/team/members", {"limit": 3, "cursor": body["next_cursor"]})
    assert r.status_code == 200 and len(r.json()["data"]) == 3
    listing = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT") and 'FROM "accounts_member"' in q["sql"]
               and "LIMIT" in q["sql"]]
    assert len(listing) == 1, listing
    sql = listing[0]
    assert "OFFSET" not in sql.upper()
    assert "LIMIT 4" in sql  # limit + 1, to know has_more
    assert '"accounts_member"."id" <' in sql and 'ORDER BY "accounts_member"."id" DESC' in sql
    assert '"accounts_member"."team_id" IN' in sql


def test_ids_are_prefixed_time_sortable_and_strictly_increasing():
    import re
    import threading

    from aura_site.api.ids import make_id

    made = [make_id("mem") for _ in range(20_000)]  # many within one millisecond
    assert all(re.match(r"^mem_[0-9A-HJKMNP-TV-Z]{26}$", i) for i in made[:100])
    assert made == sorted(made) and len(set(made)) == len(made)

    from_threads = []
    threads = [threading.Thread(target=lambda: from_threads.extend(make_id("tok") for _ in range(2000))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(from_threads)) == 8000
