"""The event log: record() sequence numbers, subscribers inside the writer's
transaction (and rolled back with it), wake-ups after commit only, and the
commit-ordered sequence proved on PostgreSQL with two threads."""

import threading
import time
from collections import defaultdict

import pytest
from django.db import close_old_connections, transaction

from accounts.models import Team
from events import log
from events.models import Event
from tests.conftest import make_team, need_postgres

TOPIC = "zone.claimed"  # a topic no other app's subscriber needs real data for


@pytest.fixture
def registry(monkeypatch):
    """A fresh subscriber registry and waker list for the test."""
    monkeypatch.setattr(log, "_subscribers", defaultdict(list))
    monkeypatch.setattr(log, "_wakers", [])
    return log


@pytest.fixture
def team(db):
    return make_team("logco")


def seqs(after=0):
    return list(Event.objects.filter(seq__gt=after).order_by("seq").values_list("seq", flat=True))


# --- sequence numbers ------------------------------------------------------------------------------------


def test_record_hands_out_consecutive_sequence_numbers(registry, team):
    base = max(seqs() or [0])
    events = [registry.record(team, TOPIC, {"n": n}) for n in range(5)]
    assert [e.seq for e in events] == list(range(base + 1, base + 6))
    assert all(e.id.startswith("evt_") for e in events)
    stored = Event.objects.get(seq=events[2].seq)
    assert (stored.team_id, stored.topic, stored.data) == (team.id, TOPIC, {"n": 2})
    frame = stored.as_frame_data()
    assert frame["event_id"] == stored.id and frame["team"] == "logco" and frame["created_at"].endswith("Z")


def test_a_rolled_back_record_leaves_no_gap(registry, team):
    first = registry.record(team, TOPIC, {}).seq
    with pytest.raises(RuntimeError), transaction.atomic():
        registry.record(team, TOPIC, {"doomed": True})
        raise RuntimeError("writer fails")
    assert registry.record(team, TOPIC, {}).seq == first + 1
    assert not Event.objects.filter(data__doomed=True).exists()


def test_record_many_writes_once_and_calls_each_kind_of_subscriber(registry, team):
    base = max(seqs() or [0])
    one, many = [], []
    registry.on(TOPIC)(lambda event: one.append(event.data["n"]))
    registry.on(TOPIC, many=True)(lambda events: many.append([e.data["n"] for e in events]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    registry.record(team, TOPIC, {"n": "first"})  # the counter row exists from here on
    one.clear()
    many.clear()
    base += 1
    with CaptureQueriesContext(connection) as ctx:
        events = registry.record_many(team, TOPIC, [{"n": i} for i in range(4)], actor="mem_A")
    assert [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT")] == [
        ctx.captured_queries[0]["sql"]
    ] and ctx.captured_queries[0]["sql"].startswith('INSERT INTO "events_event"')
    assert [e.seq for e in events] == [base + 1, base + 2, base + 3, base + 4]
    assert one == [0, 1, 2, 3] and many == [[0, 1, 2, 3]]
    assert all(e.actor == "mem_A" for e in Event.objects.filter(seq__gt=base))
    registry.record(team, TOPIC, {"n": 9})
    assert one[-1] == 9 and many[-1] == [9]
    assert registry.record_many(team, TOPIC, []) == []


def test_actor_and_private_audience(registry, team):
    event = registry.record(team, TOPIC, {}, actor="mem_A", audience=("mem_A", "mem_B"))
    assert event.actor == "mem_A" and event.is_private
    assert event.visible_to({"mem_B"}) and not event.visible_to({"mem_C"})
    assert registry.record(team, TOPIC, {}).visible_to(set())


def test_unknown_topics_are_refused(registry, team):
    with pytest.raises(ValueError):
        registry.record(team, "intent.deleted", {})
    with pytest.raises(ValueError):
        registry.on("intent.deleted")
    assert not Event.objects.exists()


# --- subscribers --------------------------------------------------------------------------------------------


def test_subscribers_run_in_the_writers_transaction(registry, team):
    seen = []

    @registry.on(TOPIC)
    def side_effect(event):
        # Inside the writer's transaction: the event is visible to it (under
        # a provisional number, final at commit), and what the subscriber
        # writes commits or rolls back with it.
        seen.append((event.seq, Event.objects.filter(seq=event.seq).exists(), transaction.get_connection().in_atomic_block))
        make_team(f"side-{event.id[-8:].lower()}")

    @registry.on("*")
    def every_topic(event):
        seen.append(("*", event.topic))

    base = max(seqs() or [0])
    with transaction.atomic():
        event = registry.record(team, TOPIC, {})
        provisional = event.seq
        assert provisional < 0
    assert seen == [(provisional, True, True), ("*", TOPIC)]
    assert event.seq == base + 1 and Event.objects.get(seq=base + 1).id == event.id
    assert Team.objects.filter(slug=f"side-{event.id[-8:].lower()}").exists()

    # The writer fails after recording: the event and the side effect go together.
    with pytest.raises(RuntimeError), transaction.atomic():
        doomed = registry.record(team, TOPIC, {})
        raise RuntimeError("writer fails later")
    assert not Event.objects.filter(id=doomed.id).exists()
    assert not Team.objects.filter(slug=f"side-{doomed.id[-8:].lower()}").exists()
    assert seqs() == [*seqs()[:-1], base + 1] and max(seqs()) == base + 1


def test_a_subscriber_that_raises_leaves_nothing_written(registry, team):
    @registry.on(TOPIC)
    def broken(event):
        make_team("written-by-subscriber")
        raise RuntimeError("subscriber fails")

    before = Event.objects.count()
    with pytest.raises(RuntimeError, match="subscriber fails"), transaction.atomic():
        make_team("written-by-writer")
        registry.record(team, TOPIC, {})
    assert Event.objects.count() == before
    assert not Team.objects.filter(slug__startswith="written-by").exists()


def test_registering_twice_runs_once(registry, team):
    calls = []

    def subscriber(event):
        calls.append(event.seq)

    registry.on(TOPIC)(subscriber)
    registry.on(TOPIC)(subscriber)
    registry.record(team, TOPIC, {})
    assert len(calls) == 1


def test_wakers_run_after_commit_only(registry, team, django_capture_on_commit_callbacks):
    woken = []
    registry.add_waker(woken.append)
    registry.add_waker(lambda seq: 1 / 0)  # a failing waker never breaks the writer

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            event = registry.record(team, TOPIC, {})
            assert woken == []
    assert woken == [event.seq]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            registry.record(team, TOPIC, {})
            raise RuntimeError("rolled back")
    assert callbacks == [] and woken == [event.seq]


def test_revoking_a_token_records_through_the_signal(team, world):
    from accounts import tokens
    from tests.conftest import token_row

    row = token_row(world.bob_token)
    tokens.revoke(row)
    event = Event.objects.get(topic="token.revoked")
    assert event.team_id == world.acme.id and event.data["token_id"] == row.pk


# --- the commit-ordering proof ---------------------------------------------------------------------------------


@pytest.mark.postgres
def test_sequence_is_commit_ordered_under_concurrent_transactions(transactional_db, registry):
    """T1 records and holds its transaction open; T2 records and commits
    meanwhile — the counter is locked for a commit only, never for a
    writer's whole transaction. Numbers follow commit order (T2's is below
    T1's), and a reader polling all along only ever sees a prefix of the
    final order: no hole that a later commit could fill."""
    need_postgres()
    team = make_team("ordering")
    base = max(seqs() or [0])
    t1_recorded, release_t1, t2_started, stop_reading = (threading.Event() for _ in range(4))
    result, errors, snapshots = {}, [], []

    def run(fn):
        def wrapper():
            try:
                fn()
            except Exception as exc:  # noqa: BLE001 - reported by the main thread
                errors.append(exc)
            finally:
                close_old_connections()
        return threading.Thread(target=wrapper)

    def t1():
        with transaction.atomic():
            event = registry.record(team, TOPIC, {"who": "t1"})
            t1_recorded.set()
            assert release_t1.wait(20)
        result["t1_committed_at"] = time.monotonic()
        result["t1"] = event.seq  # final once committed

    def t2():
        assert t1_recorded.wait(20)
        t2_started.set()
        with transaction.atomic():
            event = registry.record(team, TOPIC, {"who": "t2"})
        result["t2_committed_at"] = time.monotonic()
        result["t2"] = event.seq

    def reader():
        while not stop_reading.is_set():
            snapshots.append(seqs(base))
            time.sleep(0.01)
        snapshots.append(seqs(base))

    threads = [run(t1), run(t2), run(reader)]
    for thread in threads:
        thread.start()
    assert t2_started.wait(20)
    deadline = time.monotonic() + 10
    while "t2_committed_at" not in result and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "t2_committed_at" in result, "T2 waited for T1's transaction"
    time.sleep(0.1)
    assert seqs(base) == [result["t2"]]  # T1 is still open
    release_t1.set()
    threads[0].join(20)
    threads[1].join(20)
    stop_reading.set()
    threads[2].join(20)
    assert not errors, errors

    assert result["t2_committed_at"] < result["t1_committed_at"]
    assert result["t2"] == base + 1 and result["t1"] == base + 2
    for snapshot in snapshots:
        assert snapshot == [result["t2"], result["t1"]][: len(snapshot)], snapshot
    assert snapshots[-1] == [result["t2"], result["t1"]]
    assert sorted(Event.objects.filter(seq__gt=base).values_list("data__who", flat=True)) == ["t1", "t2"]


@pytest.mark.postgres
def test_numbers_are_handed_out_at_commit_for_the_surviving_events(transactional_db, registry):
    """Real commits (no test transaction): events of a savepoint that rolled
    back leave no number behind; the others are numbered in the order they
    were recorded, consecutively, and the provisional numbers never commit."""
    need_postgres()
    team = make_team("commits")
    base = max(seqs() or [0])
    with transaction.atomic():
        first = registry.record(team, TOPIC, {"n": 1})
        try:
            with transaction.atomic():
                registry.record(team, TOPIC, {"n": "doomed"})
                raise RuntimeError("this part fails")
        except RuntimeError:
            pass
        second = registry.record(team, TOPIC, {"n": 2})
        assert first.seq < 0 and second.seq < 0
    assert (first.seq, second.seq) == (base + 1, base + 2)
    assert list(Event.objects.filter(seq__gt=base).values_list("data__n", flat=True)) == [1, 2]
    assert not Event.objects.filter(seq__lte=0).exists()
    assert registry.record(team, TOPIC, {"n": 3}).seq == base + 3


@pytest.mark.django_db(transaction=True)
def test_numbering_in_one_statement_or_in_chunks_and_on_a_new_database(registry):
    """Real commits: a transaction's events take consecutive numbers whether
    they fit one statement (PostgreSQL reserves and renumbers at once) or
    span several chunks; with no counter row yet (a new database) the
    first event is number 1 and the row is made."""
    from events.models import EventCounter

    team = make_team("numbers")
    base = max(seqs() or [0])
    with transaction.atomic():
        many = [registry.record(team, TOPIC, {"n": i}) for i in range(log.CHUNK + 3)]
    assert [e.seq for e in many] == list(range(base + 1, base + log.CHUNK + 4))
    with transaction.atomic():
        few = [registry.record(team, TOPIC, {"n": i}) for i in range(3)]
    assert [e.seq for e in few] == [base + log.CHUNK + 4, base + log.CHUNK + 5, base + log.CHUNK + 6]
    assert EventCounter.objects.get(pk=1).value == base + log.CHUNK + 6
    assert list(Event.objects.filter(seq__gt=base).order_by("seq").values_list("data__n", flat=True)) == [
        *range(log.CHUNK + 3), 0, 1, 2
    ]

    Event.objects.all().delete()
    EventCounter.objects.all().delete()
    with transaction.atomic():
        fresh = registry.record(team, TOPIC, {"n": "first"})
    assert fresh.seq == 1 and EventCounter.objects.get(pk=1).value == 1


@pytest.mark.django_db(transaction=True)
def test_after_a_rollback_only_surviving_events_are_numbered_and_a_clean_run_skips_the_check(registry):
    """Real commits: the events of a transaction that rolled back stay in
    the connection's pending list; the next commit checks which are still
    there and numbers only its own. Once nothing was undone, a commit numbers
    its events without that check."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    team = make_team("rolls")
    base = max(seqs() or [0])

    with pytest.raises(RuntimeError), transaction.atomic():
        registry.record(team, TOPIC, {"n": "gone"})
        raise RuntimeError("the writer fails")
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        kept = registry.record(team, TOPIC, {"n": "kept"})
    assert kept.seq == base + 1 and len(_checks(ctx)) == 1
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        again = registry.record(team, TOPIC, {"n": "again"})
    assert again.seq == base + 2 and _checks(ctx) == []
    assert list(Event.objects.filter(seq__gt=base).values_list("data__n", flat=True)) == ["kept", "again"]
    assert not Event.objects.filter(seq__lte=0).exists()


def _checks(ctx):
    """The statements that looked up which pending events still exist."""
    return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT") and '"seq" IN' in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_closing_between_transactions_keeps_the_existence_check_away(registry):
    """A connection closed at the end of a request (between transactions)
    undid nothing: the next commit numbers its events without the check."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    team = make_team("closes")
    with transaction.atomic():
        registry.record(team, TOPIC, {"n": 0})
    with transaction.atomic():
        registry.record(team, TOPIC, {"n": 1})  # whatever came before is settled now
    connection.close()
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        registry.record(team, TOPIC, {"n": 2})
    assert _checks(ctx) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_closing_inside_a_transaction_brings_the_check_back(registry):
    """Closed inside a transaction (SQLite's in-memory test database ignores
    a close, hence PostgreSQL), the transaction and its event are gone: the
    next commit checks, and numbers only what is there."""
    need_postgres()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    team = make_team("closes-inside")
    with transaction.atomic():
        before = registry.record(team, TOPIC, {"n": 1})
    with transaction.atomic():
        registry.record(team, TOPIC, {"n": "lost"})
        connection.close()
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        kept = registry.record(team, TOPIC, {"n": 2})
    assert len(_checks(ctx)) == 1
    assert not Event.objects.filter(data__n="lost").exists()
    assert kept.seq == before.seq + 1  # no gap for the lost one


@pytest.mark.django_db(transaction=True)
def test_work_before_commit_that_fails_rolls_the_transaction_back(monkeypatch):
    """A real commit (no test transaction): an on_sequenced subscriber that
    raises something other than a database error still rolls back — the
    event and everything else of the transaction are gone, the counter is
    not advanced — and the caller sees the failure."""
    from django.db import DatabaseError

    team = make_team("failing")
    base = max(seqs() or [0])

    def broken(events):
        raise ValueError("a bug in a subscriber")

    monkeypatch.setattr(log, "_sequenced", [*log._sequenced, broken])
    with pytest.raises(DatabaseError) as caught:
        with transaction.atomic():
            log.record(team, TOPIC, {"n": "lost"})
            make_team("lost-with-it")
    assert isinstance(caught.value.__cause__, ValueError)
    assert not Event.objects.filter(data__n="lost").exists()
    assert not Team.objects.filter(slug="lost-with-it").exists()
    monkeypatch.setattr(log, "_sequenced", [f for f in log._sequenced if f is not broken])
    assert log.record(team, TOPIC, {}).seq == base + 1


def test_numbering_work_may_not_record(registry, team, monkeypatch):
    def records(events):
        registry.record(team, TOPIC, {"from": "inside"})

    monkeypatch.setattr(log, "_sequenced", [records])
    with pytest.raises(RuntimeError, match="on_sequenced"):
        registry.record(team, TOPIC, {})
