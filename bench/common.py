"""Shared benchmark helpers: a PostgreSQL database of its own, Django set up
against it, bulk seeding in SQL, and timing of in-process requests.

Benchmarks are run by hand (``make bench``), never by the test suite.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = os.environ.get("AURA_BENCH_DB", "aura_bench")
PG = os.environ.get("AURA_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def cmdline(pid):
    """A process's command line from /proc ("" once it is gone)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def setup_django(db_name=BENCH_DB):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"{PG}/{db_name}"
    os.environ.setdefault("AURA_RATE_LIMIT_PER_MINUTE", "100000000")
    os.environ.setdefault("AURA_RATE_LIMIT_PER_SECOND", "100000000")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aura_site.settings")
    import django

    django.setup()


def create_database(db_name=BENCH_DB, fresh=False):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{db_name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{db_name}"')
            return True
    return False


def timed(fn, runs, warmup=5):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "runs": runs,
        "p50": statistics.median(samples),
        "p90": samples[int(runs * 0.90) - 1],
        "p99": samples[max(int(runs * 0.99) - 1, 0)],
        "max": samples[-1],
    }


def fmt(label, stats):
    return (
        f"{label:<58} p50 {stats['p50']:7.2f} ms   p90 {stats['p90']:7.2f} ms   "
        f"p99 {stats['p99']:7.2f} ms   (n={stats['runs']})"
    )


def analyze():
    """VACUUM ANALYZE: fresh statistics and a visibility map, as a settled database has."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    autocommit = raw.autocommit
    raw.autocommit = True
    try:
        with raw.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        raw.autocommit = autocommit
