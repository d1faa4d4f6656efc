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
def test_a_later_transaction_cannot_commit_past_an_open_one(transactional_db):
    need_postgres()
    team = make_team("order")
    base = max(visible_seqs() or [0])
    t1_recorded, release_t1 = threading.Event(), threading.Event()
    t2_started, t2_done = threading.Event(), threading.Event()
    seqs, errors = {}, []

    def t1():
        try:
            with transaction.atomic():
                seqs["t1"] = record(team, "intent.logged", {"t": 1}).seq
                t1_recorded.set()
                assert release_t1.wait(10)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()

    def t2():
        try:
            assert t1_recorded.wait(10)
            with transaction.atomic():
                t2_started.set()
                seqs["t2"] = record(team, "intent.logged", {"t": 2}).seq
            t2_done.set()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=t1), threading.Thread(target=t2)]
    for t in threads:
        t.start()
    try:
        assert t2_started.wait(10)
        # T2 tries to record and commit while T1 holds its transaction open: a
        # reader must never see T2's event without T1's. T2 waits instead.
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            assert visible_seqs(base) == []
            time.sleep(0.05)
        assert not t2_done.is_set(), "T2 committed while T1 was still open"
    finally:
        release_t1.set()
        for t in threads:
            t.join(15)
    assert not errors, errors
    assert seqs["t1"] < seqs["t2"]
    assert visible_seqs(base) == [seqs["t1"], seqs["t2"]]


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
