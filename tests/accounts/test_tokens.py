"""Tokens: lifecycle, storage, lookup, the 401 codes and who sees them,
``last_used_at`` and the ``token.revoked`` event."""

import hashlib
import hmac
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import tokens
from accounts.models import Token
from events.models import Event
from tests.conftest import assert_error, make_member, make_token, token_row

pytestmark = pytest.mark.django_db


@contextmanager
def clock(when):
    """Every ``timezone.now()`` in the server answers ``when``."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def create_token(api, admin_raw, **body):
    body.setdefault("member", "bob")
    body.setdefault("scopes", ["read_intents", "write_intents"])
    r = api(admin_raw).post("/v1/admin/tokens", body)
    assert r.status_code == 201, r.content
    return r.json()


def status_of(api, raw):
    return api(raw).get("/v1/status")


# --- lifecycle -------------------------------------------------------------------------


def test_create_use_rotate_old_fails_new_works(api, world):
    created = create_token(api, world.alice_token, name="ci")
    raw = created["token"]
    assert created["id"].startswith("tok_")
    assert tokens.TOKEN_RE.match(raw)
    assert raw.startswith(f"aura_{created['prefix']}_")
    assert created["user"] == "bob" and created["teams"] == ["acme"] and created["state"] == "active"

    r = status_of(api, raw)
    assert r.status_code == 200 and r.json()["team"]["slug"] == "acme"

    r = api(world.alice_token).post(f"/v1/admin/tokens/{created['id']}/rotate")
    assert r.status_code == 201, r.content
    rotated = r.json()
    new_raw = rotated["token"]
    assert new_raw != raw and rotated["id"] != created["id"]
    assert rotated["rotated_from"] == created["id"]
    assert rotated["scopes"] == created["scopes"] and rotated["name"] == "ci"

    err = assert_error(status_of(api, raw), 401, "token_revoked")
    assert "rotated" in err["hint"].lower()
    assert status_of(api, new_raw).status_code == 200


def test_rotation_with_grace_keeps_the_old_secret_until_it_ends(api, world):
    created = create_token(api, world.alice_token)
    raw = created["token"]
    start = timezone.now()
    with clock(start):
        r = api(world.alice_token).post(f"/v1/admin/tokens/{created['id']}/rotate", {"grace": "10m"})
        assert r.status_code == 201, r.content
        new_raw = r.json()["token"]
        assert status_of(api, raw).status_code == 200
        detail = api(world.alice_token).get(f"/v1/admin/tokens/{created['id']}").json()
        assert detail["state"] == "rotating"
    with clock(start + timedelta(minutes=9, seconds=59)):
        assert status_of(api, raw).status_code == 200
    with clock(start + timedelta(minutes=10, seconds=1)):
        assert_error(status_of(api, raw), 401, "token_revoked")
        assert status_of(api, new_raw).status_code == 200


def test_rotating_twice_or_after_revocation_is_a_conflict(api, world):
    created = create_token(api, world.alice_token)
    r = api(world.alice_token).post(f"/v1/admin/tokens/{created['id']}/rotate", {"grace": "1h"})
    successor = r.json()["id"]
    err = assert_error(api(world.alice_token).post(f"/v1/admin/tokens/{created['id']}/rotate"), 409, "token_inactive")
    assert successor in err["message"]
    assert Token.objects.filter(rotated_from_id=created["id"]).count() == 1

    api(world.alice_token).post(f"/v1/admin/tokens/{successor}/revoke")
    assert_error(api(world.alice_token).post(f"/v1/admin/tokens/{successor}/rotate"), 409, "token_inactive")


def test_revocation_takes_effect_on_the_next_request(api, world):
    created = create_token(api, world.alice_token)
    raw = created["token"]
    assert status_of(api, raw).status_code == 200
    r = api(world.alice_token).post(f"/v1/admin/tokens/{created['id']}/revoke")
    assert r.status_code == 200 and r.json()["state"] == "revoked"
    r = status_of(api, raw)
    assert_error(r, 401, "token_revoked")
    assert r["WWW-Authenticate"].startswith("Bearer")


def test_expiry_answers_token_expired(api, world):
    created = create_token(api, world.alice_token, expires_in="1h")
    raw = created["token"]
    expires = token_row(raw).expires_at
    assert timedelta(minutes=59) < expires - timezone.now() <= timedelta(hours=1)
    assert status_of(api, raw).status_code == 200
    with clock(expires - timedelta(seconds=1)):
        assert status_of(api, raw).status_code == 200
    with clock(expires + timedelta(seconds=1)):
        assert_error(status_of(api, raw), 401, "token_expired")


# --- storage ---------------------------------------------------------------------------------


def _every_stored_value():
    """Every value in every table of the database, as text."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview):
                        value = bytes(value)
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    yield table, str(value)


def test_the_database_never_holds_a_secret(api, world):
    # One token through the API with an Idempotency-Key (its answer is stored
    # for replay), one by rotation, one from the provisioning code.
    r = api(world.alice_token).post(
        "/v1/admin/tokens", {"member": "bob", "scopes": ["read_intents"]}, headers={"Idempotency-Key": "mint-1"}
    )
    assert r.status_code == 201
    first = r.json()
    rotated = api(world.alice_token).post(f"/v1/admin/tokens/{first['id']}/rotate", {"grace": "5m"}).json()
    secrets_issued = [first["token"], rotated["token"], world.alice_token, world.bob_token]

    for raw in secrets_issued:
        secret_part = raw.split("_", 2)[2]
        for table, value in _every_stored_value():
            assert secret_part not in value, f"{table} holds a token secret"

    # The row holds HMAC-SHA256(pepper, whole token), not a plain hash.
    row = token_row(first["token"])
    kid, pepper = tokens.peppers()[0]
    assert row.key_id == kid
    assert row.digest == hmac.new(pepper, first["token"].encode(), hashlib.sha256).hexdigest()
    assert row.digest != hashlib.sha256(first["token"].encode()).hexdigest()

    # A replay of the creation answers without the secret: it was shown once.
    replay = api(world.alice_token).post(
        "/v1/admin/tokens", {"member": "bob", "scopes": ["read_intents"]}, headers={"Idempotency-Key": "mint-1"}
    )
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    assert replay.json()["id"] == first["id"] and replay.json()["token"] is None


def test_lookup_is_by_keyed_digest(api, world):
    raw = world.bob_token
    row = token_row(raw)
    with CaptureQueriesContext(connection) as ctx:
        assert status_of(api, raw).status_code == 200
    token_queries = [q["sql"] for q in ctx.captured_queries if 'FROM "accounts_token"' in q["sql"]]
    assert token_queries and row.digest in token_queries[0] and '"digest" IN' in token_queries[0]
    secret_part = raw.split("_", 2)[2]
    assert all(secret_part not in q["sql"] for q in ctx.captured_queries)


def test_pepper_rotation_keeps_old_tokens_working(api, world, settings):
    old_raw = world.bob_token
    old_kid, old_pepper = tokens.peppers()[0]
    assert token_row(old_raw).key_id == old_kid

    settings.AURA_TOKEN_PEPPER = f"k9:{'n' * 43},{old_kid}:{old_pepper.decode()}"
    assert status_of(api, old_raw).status_code == 200
    created = create_token(api, world.alice_token)
    row = token_row(created["token"])
    assert row.key_id == "k9"
    assert row.digest == hmac.new(b"n" * 43, created["token"].encode(), hashlib.sha256).hexdigest()
    assert status_of(api, created["token"]).status_code == 200

    # Once the old pepper is dropped, its tokens are unknown (not "revoked").
    settings.AURA_TOKEN_PEPPER = f"k9:{'n' * 43}"
    assert_error(status_of(api, old_raw), 401, "unauthorized")
    assert status_of(api, created["token"]).status_code == 200


# --- unknown, malformed, and the holder-only codes ---------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Basic YWxpY2U6cGFzcw==",
        "Token aura_abcdefgh_" + "x" * 43,
        "Bearer aura_short",
        "Bearer aura_ABCDEFGH_" + "x" * 43,  # upper-case prefix: not a token shape
        "Bearer aura_abcdefgh_" + "x" * 43,  # well formed, unknown
        "Bearer aura_abcdefgh_" + "x" * 43 + " extra",
        "Bearer " + "é" * 50,
    ],
)
def test_unknown_or_malformed_tokens_are_unauthorized(api, world, header):
    headers = {} if header is None else {"Authorization": header}
    r = api().get("/v1/status", headers=headers)
    err = assert_error(r, 401, "unauthorized")
    assert err["message"]
    assert r["WWW-Authenticate"] == "Bearer"


def _forge(raw):
    """The same prefix with another secret."""
    prefix = raw.split("_")[1]
    return f"aura_{prefix}_{'Z' * 43}"


def test_revoked_and_expired_codes_only_reach_the_real_secret(api, world):
    revoked = create_token(api, world.alice_token)
    api(world.alice_token).post(f"/v1/admin/tokens/{revoked['id']}/revoke")
    expired_raw = make_token(world.bob, ["read_intents"], expires_in=timedelta(seconds=1))
    active_raw = world.bob_token
    later = timezone.now() + timedelta(seconds=5)

    with clock(later):
        assert_error(status_of(api, revoked["token"]), 401, "token_revoked")
        assert_error(status_of(api, expired_raw), 401, "token_expired")
        bodies = set()
        for raw in (revoked["token"], expired_raw, active_raw):
            r = status_of(api, _forge(raw))
            err = assert_error(r, 401, "unauthorized")
            bodies.add((err["message"], err["hint"]))
        # Wrong secret for a revoked, expired or live token: the same answer.
        assert len(bodies) == 1


# --- last_used_at -------------------------------------------------------------------------


def _token_updates(ctx):
    # (On PostgreSQL the token's UPDATE is a WITH part of the members'.)
    return [q for q in ctx.captured_queries if 'UPDATE "accounts_token"' in q["sql"]]


def test_last_used_at_is_written_at_most_once_a_minute(api, world):
    raw = world.bob_token
    assert token_row(raw).last_used_at is None
    start = timezone.now()

    def call(at):
        with clock(at), CaptureQueriesContext(connection) as ctx:
            assert status_of(api, raw).status_code == 200
        return len(_token_updates(ctx))

    assert call(start) == 1
    assert token_row(raw).last_used_at == start
    assert call(start + timedelta(seconds=1)) == 0
    assert call(start + timedelta(seconds=59)) == 0
    assert token_row(raw).last_used_at == start
    assert call(start + timedelta(seconds=60)) == 1
    assert token_row(raw).last_used_at == start + timedelta(seconds=60)
    assert call(start + timedelta(seconds=61)) == 0


# --- the token.revoked event -----------------------------------------------------------------


def test_revocation_records_token_revoked_in_each_team(api, world):
    make_member(world.globex, "bob")  # bob is now in both teams
    r = api(world.alice_token).post("/v1/admin/tokens", {"member": "bob", "teams": ["acme"], "scopes": ["read_intents"]})
    one_team = r.json()
    api(world.alice_token).post(f"/v1/admin/tokens/{one_team['id']}/revoke")
    events = list(Event.objects.filter(topic="token.revoked"))
    assert len(events) == 1
    event = events[0]
    assert event.team_id == world.acme.id
    assert event.data["token_id"] == one_team["id"]
    assert event.data["prefix"] == one_team["prefix"]
    assert event.data["reason"] == "revoked"
    assert one_team["token"].split("_", 2)[2] not in str(event.data)

    # Revoking again is refused, changes nothing and records nothing.
    revoked_at = Token.objects.get(pk=one_team["id"]).revoked_at
    assert_error(api(world.alice_token).post(f"/v1/admin/tokens/{one_team['id']}/revoke"), 409, "token_inactive")
    assert Token.objects.get(pk=one_team["id"]).revoked_at == revoked_at
    assert Event.objects.filter(topic="token.revoked").count() == 1

    # A two-team token: one event per team.
    both = tokens.issue(world.bob.user, [world.acme, world.globex], ["read_intents"])[0]
    tokens.revoke(both)
    assert set(Event.objects.filter(topic="token.revoked", data__token_id=both.pk).values_list("team__slug", flat=True)) == {
        "acme",
        "globex",
    }


def test_rotation_records_token_revoked_with_its_effective_time(api, world):
    created = create_token(api, world.alice_token)
    start = timezone.now().replace(microsecond=0)
    with clock(start):
        api(world.alice_token).post(f"/v1/admin/tokens/{created['id']}/rotate", {"grace": "10m"})
    event = Event.objects.get(topic="token.revoked", data__token_id=created["id"])
    assert event.data["reason"] == "rotated"
    assert event.data["effective_at"] == (start + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_failed_revocation_records_nothing(api, world):
    token = token_row(world.bob_token)
    with mock.patch("events.receivers.record", side_effect=RuntimeError("log down")):
        with pytest.raises(RuntimeError):
            tokens.revoke(token)
    token.refresh_from_db()
    assert token.revoked_at is None
    assert status_of(api, world.bob_token).status_code == 200


def test_a_deactivated_users_tokens_stop_working(api, world):
    assert status_of(api, world.bob_token).status_code == 200
    world.bob.user.is_active = False
    world.bob.user.save()
    err = assert_error(status_of(api, world.bob_token), 401, "token_revoked")
    assert "deactivated" in err["message"]
    # ...and a forged secret with that prefix learns nothing.
    assert_error(status_of(api, _forge(world.bob_token)), 401, "unauthorized")


def test_lookup_with_members_reads_what_the_orm_reads(world):
    """Authentication reads the token, its user and the user's members in the
    token's teams in one statement, turned into model instances by hand: they
    must equal what the ORM gives (JSON scopes, datetimes, booleans)."""
    from accounts.models import Member
    from tests.conftest import make_team

    third, fourth = make_team("initech"), make_team("umbrella")
    make_member(third, "alice", role="member")
    make_member(world.globex, "alice", role="admin")  # a team of hers the token is not for
    left = make_member(fourth, "alice")
    raw = make_token(world.alice, ["read_intents", "write_intents"], teams=[world.acme, third, fourth],
                     expires_in=timedelta(days=3), per_minute=77)
    left.delete()  # the token's team she has left
    found = tokens.lookup(raw)
    from accounts.authentication import touch_members

    touch_members([], token=found)  # its use recorded, as a request does
    expected_members = Member.objects.select_related("team").filter(user_id=found.user_id, team__tokens=found)
    with CaptureQueriesContext(connection) as queries:
        token, members = tokens.lookup_with_members(raw)
    assert len(queries) == 1

    def fields(obj):
        return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}

    fresh = Token.objects.select_related("user").get(pk=found.pk)
    assert fields(token) == fields(fresh) and token.scopes == ["read_intents", "write_intents"]
    assert token.last_used_at is not None and token.expires_at is not None
    assert fields(token.user) == fields(fresh.user) and token.user.is_active is True
    assert sorted(m.team.slug for m in members) == ["acme", "initech"]  # not globex (not the token's), not umbrella
    assert {m.pk: (fields(m), fields(m.team)) for m in members} == {
        m.pk: (fields(m), fields(m.team)) for m in expected_members
    }
    assert not token._state.adding and members[0]._state.db == "default"
    assert tokens.lookup_with_members(raw[:-1] + ("A" if raw[-1] != "A" else "B")) == (None, [])
    assert tokens.lookup_with_members("nonsense") == (None, [])


# --- revoking a rotated token ------------------------------------------------------------------


def rotate_via_api(api, admin_raw, token_id, grace=None):
    r = api(admin_raw).post(f"/v1/admin/tokens/{token_id}/rotate", {"grace": grace} if grace else None)
    assert r.status_code == 201, r.content
    return r.json()


def revoked_events():
    return sorted(
        Event.objects.filter(topic="token.revoked", data__reason="revoked").values_list("data__token_id", flat=True)
    )


def test_revoking_a_rotated_token_revokes_its_predecessor_in_grace(api, world):
    a = create_token(api, world.alice_token)
    b = rotate_via_api(api, world.alice_token, a["id"], grace="36500d")
    assert status_of(api, a["token"]).status_code == 200  # A in its grace period

    r = api(world.alice_token).post(f"/v1/admin/tokens/{b['id']}/revoke")
    assert r.status_code == 200, r.content
    assert r.json()["id"] == b["id"] and r.json()["state"] == "revoked"
    for raw in (a["token"], b["token"]):
        assert_error(status_of(api, raw), 401, "token_revoked")
    assert Token.objects.get(pk=a["id"]).state() == "revoked"
    assert revoked_events() == sorted([a["id"], b["id"]])  # one event per token actually revoked
    # ...at the revocation's time, not at the end of A's grace.
    event = Event.objects.get(topic="token.revoked", data__token_id=a["id"], data__reason="revoked")
    effective = timezone.datetime.fromisoformat(event.data["effective_at"].replace("Z", "+00:00"))
    assert abs(effective - timezone.now()) < timedelta(minutes=1)
    assert Token.objects.get(pk=a["id"]).revoked_at <= timezone.now()


def test_revoking_walks_the_whole_chain_but_skips_ended_predecessors(api, world):
    a = create_token(api, world.alice_token)
    b = rotate_via_api(api, world.alice_token, a["id"], grace="10d")
    c = rotate_via_api(api, world.alice_token, b["id"])  # B ends now, A still in grace
    d = rotate_via_api(api, world.alice_token, c["id"], grace="1h")
    b_end = Token.objects.get(pk=b["id"]).revoked_at

    assert api(world.alice_token).post(f"/v1/admin/tokens/{d['id']}/revoke").status_code == 200
    for raw in (a["token"], b["token"], c["token"], d["token"]):
        assert_error(status_of(api, raw), 401, "token_revoked")
    assert Token.objects.get(pk=b["id"]).revoked_at == b_end  # already ended: untouched
    assert revoked_events() == sorted([a["id"], c["id"], d["id"]])


def test_revoking_a_predecessor_in_grace_leaves_its_successor(api, world):
    a = create_token(api, world.alice_token)
    b = rotate_via_api(api, world.alice_token, a["id"], grace="1h")
    r = api(world.alice_token).post(f"/v1/admin/tokens/{a['id']}/revoke")
    assert r.status_code == 200 and r.json()["state"] == "revoked"
    assert_error(status_of(api, a["token"]), 401, "token_revoked")
    assert status_of(api, b["token"]).status_code == 200
    assert revoked_events() == [a["id"]]


def test_revoking_a_revoked_token_is_409_and_writes_nothing(api, world):
    a = create_token(api, world.alice_token)
    b = rotate_via_api(api, world.alice_token, a["id"])  # A revoked at once
    before = (Token.objects.get(pk=a["id"]).revoked_at, Event.objects.count())
    err = assert_error(api(world.alice_token).post(f"/v1/admin/tokens/{a['id']}/revoke"), 409, "token_inactive")
    assert err["state"] == "revoked" and a["id"] in err["message"]
    assert (Token.objects.get(pk=a["id"]).revoked_at, Event.objects.count()) == before
    assert status_of(api, b["token"]).status_code == 200


def test_revoking_an_unknown_or_another_teams_token_is_404(api, world):
    gina = token_row(world.gina_token)
    assert_error(api(world.alice_token).post("/v1/admin/tokens/tok_01J0000000000000000000000/revoke"), 404, "not_found")
    assert_error(api(world.alice_token).post(f"/v1/admin/tokens/{gina.pk}/revoke"), 404, "not_found")
    assert status_of(api, world.gina_token).status_code == 200
    assert not Event.objects.filter(topic="token.revoked").exists()


@pytest.mark.django_db(transaction=True)
def test_a_revocation_in_another_process_stops_the_chain_at_once(api):
    """One process revokes B (``manage.py token revoke``) while this one keeps
    authenticating with B and its predecessor A: once B is refused, A is
    refused too (one transaction), and both stay refused."""
    import subprocess
    import sys

    from events import testing
    from tests.conftest import BASE_DIR, make_team, need_postgres

    need_postgres()
    team = make_team("chain")
    admin = make_member(team, "alice", role="admin")
    a_raw = make_token(admin)
    a = token_row(a_raw)
    b, b_raw = tokens.rotate(a, grace=timedelta(days=36500))
    assert status_of(api, a_raw).status_code == 200 and status_of(api, b_raw).status_code == 200

    env = testing.server_env(testing.database_url())
    child = subprocess.Popen(
        [sys.executable, str(BASE_DIR / "manage.py"), "token", "revoke", b.pk],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    seen = []
    try:
        while child.poll() is None:
            b_code = status_of(api, b_raw).status_code
            a_code = status_of(api, a_raw).status_code
            seen.append((b_code, a_code))
            assert not (b_code == 401 and a_code == 200), seen[-5:]
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    assert out.splitlines() == [f"{b.pk} revoked", f"{a.pk} revoked (rotated to {b.pk}, was still in its grace period)"]
    for raw in (a_raw, b_raw):
        assert_error(status_of(api, raw), 401, "token_revoked")
    assert seen and seen[0] == (200, 200)


@pytest.mark.django_db(transaction=True)
def test_recording_use_never_waits_for_a_locked_row(world):
    """Use times are best effort: while another transaction holds the
    member's row (an admin's change, a user's deletion), a request records
    the token's use, skips the member's, and does not wait — so it cannot
    deadlock with a transaction that locks the token after the member."""
    import threading
    import time

    from django.db import transaction

    from accounts import sql
    from accounts.models import Member
    from tests.conftest import in_threads, need_postgres

    need_postgres()
    token = tokens.lookup(world.bob_token)
    locked, done = threading.Event(), threading.Event()
    now = timezone.now()
    took = []

    def holder():
        with transaction.atomic():
            Member.objects.select_for_update().get(pk=world.bob.pk)
            locked.set()
            done.wait(10)

    def recorder():
        locked.wait(10)
        try:
            start = time.monotonic()
            sql.record_use({token.pk: now}, {world.bob.pk: now, world.alice.pk: now}, timedelta(minutes=1))
            took.append(time.monotonic() - start)
        finally:
            done.set()

    errors = in_threads(holder, recorder)
    assert not errors, errors
    assert took and took[0] < 2, took  # no wait for the holder's commit
    assert Token.objects.get(pk=token.pk).last_used_at == now
    assert Member.objects.get(pk=world.bob.pk).last_seen_at is None  # skipped: it was locked
    assert Member.objects.get(pk=world.alice.pk).last_seen_at == now
