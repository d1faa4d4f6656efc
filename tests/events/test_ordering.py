"""The event sequence is commit-ordered (proved on PostgreSQL with threads)."""

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction

from events.log import record
from events.models import Event
from tests.conftest import make_team, need_postgres


def visible_seqs(after=0):
    return list(Event.objects.filter(seq__gt=after).order_by("seq").values_list("seq", flat=True))


@pytest.mark.postgres
def test_an_open_transaction_holds_no_other_writer_back(transactional_db):
    """T1 records an event and keeps its transaction open (a long intent);
    three other writers record and commit meanwhile, each numbered as it
    commits. Readers see their events at once, T1's when it commits, with
    the next number: the counter is locked for commits only."""
    need_postgres()
    team = make_team("order")
    base = max(visible_seqs() or [0])
    t1_recorded, release_t1 = threading.Event(), threading.Event()
    events, errors = {}, []

    def t1():
        try:
            with transaction.atomic():
                events["t1"] = record(team, "intent.logged", {"t": 1})
                t1_recorded.set()
                assert release_t1.wait(10)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()

    def other(n):
        try:
            assert t1_recorded.wait(10)
            with transaction.atomic():
                events[n] = record(team, "intent.logged", {"t": n})
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            close_old_connections()

    first = threading.Thread(target=t1)
    first.start()
    assert t1_recorded.wait(10)
    others = [threading.Thread(target=other, args=(n,)) for n in (2, 3, 4)]
    try:
        for t in others:
            t.start()
        for t in others:
            t.join(10)
        assert not any(t.is_alive() for t in others), "a writer waited for T1's open transaction"
        assert visible_seqs(base) == [base + 1, base + 2, base + 3]
        assert sorted(events[n].seq for n in (2, 3, 4)) == [base + 1, base + 2, base + 3]
    finally:
        release_t1.set()
        first.join(15)
    assert not errors, errors
    assert events["t1"].seq == base + 4
    assert visible_seqs(base) == [base + 1, base + 2, base + 3, base + 4]


@pytest.mark.postgres
def test_readers_only_ever_see_a_gapless_prefix_under_concurrent_writers(transactional_db):
    """Writers commit (or roll back) at random; a reader polling all the while
    never sees a sequence whose predecessor it has not seen."""
    need_postgres()
    team = make_team("prefix")
    base = max(visible_seqs() or [0])
    stop = threading.Event()
    problems = []

    def writer(n):
        try:
            for i in range(40):
                try:
                    with transaction.atomic():
                        record(team, "intent.logged", {"w": n, "i": i})
                        time.sleep(0.002 * (i % 3))
                        if i % 7 == 0:
                            raise RuntimeError("roll back")
                except RuntimeError:
                    pass
        finally:
            close_old_connections()

    def reader():
        try:
            while not stop.is_set():
                seen = visible_seqs(base)
                if seen != list(range(base + 1, base + 1 + len(seen))):
                    problems.append(seen)
                    return
        finally:
            close_old_connections()

    r = threading.Thread(target=reader)
    r.start()
    writers = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(60)
    stop.set()
    r.join(10)
    assert not problems, f"a reader saw a gap: {problems[0][:20]}"
    # 4 writers × 40, less the rolled-back ones (i % 7 == 0: 6 of each 40)
    assert len(visible_seqs(base)) == 4 * 34
    assert connection.vendor == "postgresql"
