"""Logging intents into a large logic graph, and listing them, on PostgreSQL.

Seeds (in a database of its own, ``aura_bench_intents``) 100 teams with 20
branches each and 1,000,000 intents in the busiest team (bench_lists.seed),
then the logic graph in SQL:

  - busiest team, repo acme/app, branches feat/b0..feat/b19: 10,000 nodes per
    branch (200,000), each calling 3 others (~600,000 edges). The names come
    from a shared core (2,000 functions, 1,000 of them on each branch) and 20
    feature areas of 6,000 (a branch holds its own area and 1,500 of each of
    the next two): core functions have callers on every branch, area
    functions on a few. Callees: 30% core, 50% the caller's own area, 20% any
    area. Nodes were touched over the last 90 days.
  - each other team: 1,000 nodes over its 20 branches, 3 edges each.

Then measures, server-side (in-process through the full middleware and DRF
stack, as bench_lists.py does), p50/p90/p99 and the queries per request of:

  - POST /v1/intents with 20 nodes on a random branch: 15 modified bodies, 3
    signature changes, 1 rename and 1 deletion of functions with callers on
    other branches, each sending hash, signature and calls. Every branch has
    a pool of such nodes whose impacts a warm-up has already opened, so most
    posts refresh open impacts; one post in ten swaps 3 nodes for ones never
    changed before, which raise new impacts.
  - the same, only posts that refresh open impacts, and only posts that
    raise new impacts;
  - GET /v1/intents?branch=feat/b7&limit=50.

    .venv/bin/python bench/bench_intents.py [--fresh] [--runs 300]
        [--profile 50] [--explain]

--profile runs cProfile over that many posts; --explain times each SQL
statement of one post and EXPLAIN ANALYZEs the slowest (rolled back).
REDIS_URL, when set, puts rate-limit counters and event wake-ups in Redis
as in production.
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import analyze, create_database, fmt, setup_django, timed  # noqa: E402

DB = "aura_bench_intents"
REPO = "acme/app"
BRANCHES = 20
CORE = 2_000
CORE_PER_BRANCH = 1_000
AREA = 6_000
NEIGHBOUR = 1_500
EDGES_PER_NODE = 3
SMALL_GRAPH = 1_000
POOL = {"modified": 30, "signature_changed": 6, "renamed": 3, "deleted": 3}
MIX = {"modified": 15, "signature_changed": 3, "renamed": 1, "deleted": 1}
FRESH_EVERY = 10  # one post in ten raises new impacts
FRESH_PER_POST = 3


# --- the graph's names (the SQL below builds the same ones) ---------------------------


def core_name(i):
    return f"core::m{i // 50}::f{i}"


def area_name(a, j):
    return f"area{a}::m{j // 50}::f{j}"


def path_of(name):
    area, module, _ = name.split("::")
    return f"src/{area}/{module}.rs"


def branch_of(b):
    return f"feat/b{b}"


def branch_names(b):
    """The 10,000 node names on branch b, in the seed's order."""
    return (
        [core_name((g * 7 + b * 97) % CORE) for g in range(CORE_PER_BRANCH)]
        + [area_name(b, j) for j in range(AREA)]
        + [area_name((b + 1) % BRANCHES, j) for j in range(NEIGHBOUR)]
        + [area_name((b + 2) % BRANCHES, j) for j in range(NEIGHBOUR, 2 * NEIGHBOUR)]
    )


def random_calls(rng, name):
    """3 callees drawn like the seeded edges."""
    own = name.split("::")[0]
    out = set()
    while len(out) < EDGES_PER_NODE:
        r = rng.random()
        if r < 0.3 or (r < 0.8 and own == "core"):
            out.add(core_name(rng.randrange(CORE)))
        elif r < 0.8:
            out.add(f"{own}::m{(j := rng.randrange(AREA)) // 50}::f{j}")
        else:
            out.add(area_name(rng.randrange(BRANCHES), rng.randrange(AREA)))
    return sorted(out)


# --- seeding ---------------------------------------------------------------------------

NODES_SQL = """
INSERT INTO intents_logicnode (team_id, repo, branch, name, kind, path, hash, signature, deleted, touched_at)
SELECT %(team)s, %(repo)s, 'feat/b' || b, s.name, 'function',
       'src/' || split_part(s.name, '::', 1) || '/' || split_part(s.name, '::', 2) || '.rs',
       md5(s.name || b), 'fn ' || split_part(s.name, '::', 3) || '(x: u32) -> u32', false,
       now() - random() * interval '90 days'
FROM generate_series(0, %(branches)s - 1) AS b
CROSS JOIN LATERAL (
    SELECT 'core::m' || (i / 50) || '::f' || i AS name
    FROM (SELECT (g * 7 + b * 97) %% %(core)s AS i FROM generate_series(0, %(core_per_branch)s - 1) AS g) c
    UNION ALL
    SELECT 'area' || b || '::m' || (j / 50) || '::f' || j FROM generate_series(0, %(area)s - 1) AS j
    UNION ALL
    SELECT 'area' || ((b + 1) %% %(branches)s) || '::m' || (j / 50) || '::f' || j
    FROM generate_series(0, %(neighbour)s - 1) AS j
    UNION ALL
    SELECT 'area' || ((b + 2) %% %(branches)s) || '::m' || (j / 50) || '::f' || j
    FROM generate_series(%(neighbour)s, 2 * %(neighbour)s - 1) AS j
) AS s
"""

EDGES_SQL = """
INSERT INTO intents_logicedge (team_id, repo, branch, caller_id, callee)
SELECT n.team_id, n.repo, n.branch, n.id,
       CASE WHEN x.r < 0.3 OR (x.r < 0.8 AND split_part(n.name, '::', 1) = 'core')
                THEN 'core::m' || (x.i / 50) || '::f' || x.i
            WHEN x.r < 0.8 THEN split_part(n.name, '::', 1) || '::m' || (x.j / 50) || '::f' || x.j
            ELSE 'area' || x.a || '::m' || (x.j / 50) || '::f' || x.j END
FROM intents_logicnode n
CROSS JOIN LATERAL (
    SELECT random() AS r, floor(random() * %(core)s)::int AS i, floor(random() * %(area)s)::int AS j,
           floor(random() * %(branches)s)::int AS a
    FROM generate_series(1, %(edges)s) AS k WHERE n.id IS NOT NULL
) AS x
WHERE n.team_id = %(team)s
ON CONFLICT DO NOTHING
"""

SMALL_NODES_SQL = """
INSERT INTO intents_logicnode (team_id, repo, branch, name, kind, path, hash, signature, deleted, touched_at)
SELECT t.id, %(repo)s, 'feat/b' || (g %% %(branches)s), 'mod' || (g / 50) || '::f' || g, 'function',
       'src/mod' || (g / 50) || '.rs', md5(t.id || g), 'fn f' || g || '()', false,
       now() - random() * interval '90 days'
FROM accounts_team t CROSS JOIN generate_series(0, %(n)s - 1) AS g
WHERE t.id <> %(team)s
"""

SMALL_EDGES_SQL = """
INSERT INTO intents_logicedge (team_id, repo, branch, caller_id, callee)
SELECT n.team_id, n.repo, n.branch, n.id, 'mod' || (x.g / 50) || '::f' || x.g
FROM intents_logicnode n
CROSS JOIN LATERAL (
    SELECT floor(random() * %(n)s)::int AS g FROM generate_series(1, %(edges)s) AS k WHERE n.id IS NOT NULL
) AS x
WHERE n.team_id <> %(team)s
ON CONFLICT DO NOTHING
"""


def seed():
    """Teams, members and intents (bench_lists.seed), then the logic graph."""
    from django.db import connection

    from accounts.models import Team
    from bench import bench_lists
    from intents.models import LogicNode

    bench_lists.seed()
    team = Team.objects.get(slug="team000")
    if LogicNode.objects.filter(team=team).exists():
        return
    params = {
        "team": team.id, "repo": REPO, "branches": BRANCHES, "core": CORE, "core_per_branch": CORE_PER_BRANCH,
        "area": AREA, "neighbour": NEIGHBOUR, "edges": EDGES_PER_NODE, "n": SMALL_GRAPH,
    }
    started = time.time()
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(0.42)")
        for sql in (NODES_SQL, EDGES_SQL, SMALL_NODES_SQL, SMALL_EDGES_SQL):
            cur.execute(sql, params)
    analyze()
    print(f"graph seeded in {time.time() - started:.0f} s", flush=True)


# --- the posts ---------------------------------------------------------------------------


class Posts:
    """Bodies of POST /v1/intents: per branch, a pool of nodes (the same on
    every run; their impacts are open after the warm-up bodies) and a supply
    of nodes that never raised an impact from that branch. ``seed`` draws the
    bodies."""

    def __init__(self, team, seed=4):
        from django.db import connection

        from impacts.models import Impact

        self.rng = random.Random(seed)
        self.pool, self.fresh = {}, {}
        # Names that already raised an impact from a branch are not fresh (re-runs).
        seen = set(
            Impact.objects.filter(team=team, repo=REPO).values_list("other_branch", "function").distinct()
        )
        for b in range(BRANCHES):
            branch = branch_of(b)
            names = branch_names(b)
            with connection.cursor() as cur:
                # Nodes of b with callers on other branches: renames and deletions
                # (the core ones have callers everywhere; these are area functions).
                cur.execute(
                    """
                    SELECT DISTINCT e.callee FROM intents_logicedge e
                    WHERE e.team_id = %s AND e.repo = %s AND e.branch <> %s AND e.callee LIKE %s
                    ORDER BY e.callee LIMIT 400
                    """,
                    [team.id, REPO, branch, f"area{b}::%"],
                )
                called = [row[0] for row in cur.fetchall()]
            rng = random.Random(f"pool:{b}")  # the same pools whatever the seed
            breakable = rng.sample(called, POOL["renamed"] + POOL["deleted"])
            rest = [n for n in names if n not in set(breakable)]
            changed = rng.sample(rest, POOL["modified"] + POOL["signature_changed"])
            self.pool[b] = {
                "modified": changed[: POOL["modified"]],
                "signature_changed": changed[POOL["modified"]:],
                "renamed": breakable[: POOL["renamed"]],
                "deleted": breakable[POOL["renamed"]:],
            }
            used = set(changed) | set(breakable)
            supply = [n for n in rest if n not in used and (branch, n) not in seen]
            self.rng.shuffle(supply)
            self.fresh[b] = supply
        self.count = 0

    def node(self, b, name, change):
        rng = self.rng
        signature = f"fn {name.rsplit('::', 1)[1]}(x: u32) -> u32"
        node = {"path": path_of(name), "kind": "function", "name": name, "change": change,
                "before": {"hash": f"{rng.getrandbits(64):016x}", "signature": signature}}
        if change == "added":
            del node["before"]
        if change == "deleted":
            return node
        after = {"hash": f"{rng.getrandbits(64):016x}", "signature": signature, "calls": random_calls(rng, name)}
        if change == "signature_changed":
            after["signature"] = f"fn {name.rsplit('::', 1)[1]}(x: u32, y: u{rng.choice([8, 16, 64])}) -> u32"
        if change == "renamed":
            node["before"]["name"] = name
            node["name"] = name + "_v2"
        node["after"] = after
        return node

    def body(self, b, changes):
        self.count += 1
        return json.dumps({
            "summary": f"Bench change {self.count} [ENG-{self.rng.randrange(1, 5000)}]",
            "repo": REPO, "branch": branch_of(b), "commit_sha": f"{self.rng.getrandbits(160):040x}",
            "nodes": [self.node(b, name, change) for name, change in changes],
        })

    def added(self):
        """A body of 20 added nodes (new names): graph writes, no detection."""
        b = self.rng.randrange(BRANCHES)
        changes = [(f"area{b}::new{self.count}::f{k}", "added") for k in range(20)]
        return self.body(b, changes)

    def warm_up_bodies(self):
        """Per branch, one intent with every node of its pool."""
        return [self.body(b, [(n, c) for c, names in self.pool[b].items() for n in names])
                for b in range(BRANCHES)]

    def mixed(self, fresh=None):
        """A body of 20 nodes; ``fresh`` (default: one post in FRESH_EVERY)
        swaps FRESH_PER_POST modified pool nodes for never-changed ones."""
        b = self.rng.randrange(BRANCHES)
        if fresh is None:
            fresh = self.rng.randrange(FRESH_EVERY) == 0
        changes = []
        for change, n in MIX.items():
            changes += [(name, change) for name in self.rng.sample(self.pool[b][change], n)]
        if fresh:
            supply = self.fresh[b]
            new = [supply.pop() for _ in range(FRESH_PER_POST)]
            changes = [(name, "modified") for name in new] + changes[FRESH_PER_POST:]
        self.rng.shuffle(changes)
        return self.body(b, changes)


# --- the machine: shared, so wait for quiet and note who else used the cores -------


def cpu_busy(seconds=2.0):
    """Percent of all cores busy over ``seconds`` (from /proc/stat)."""

    def sample():
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
        idle = values[3] + values[4]
        return sum(values) - idle, sum(values)

    busy0, total0 = sample()
    time.sleep(seconds)
    busy1, total1 = sample()
    return 100.0 * (busy1 - busy0) / max(total1 - total0, 1)


def _jiffies(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0


def _descendants(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except FileNotFoundError:
            pass
    return out


class Others:
    """CPU that processes other than ours (the trees of ``pids``, the
    PostgreSQL backends of the bench database, our waited-for children such as
    wrk) took during a measurement, in percent of all cores: a measurement is
    only as good as the machine was quiet."""

    def __init__(self, pids):
        self.pids = pids

    def _ours(self):
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
            backends = [row[0] for row in cur.fetchall()]
        return {pid: _jiffies(pid) for pid in [d for p in self.pids for d in _descendants(p)] + backends}

    @staticmethod
    def _total():
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
        return sum(values) - values[3] - values[4], sum(values)

    def __enter__(self):
        self.start_ours, self.start_total = self._ours(), self._total()
        self.start_children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return self

    def __exit__(self, *exc):
        end_ours, end_total = self._ours(), self._total()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        tick = os.sysconf("SC_CLK_TCK")
        ours = sum(end_ours[p] - self.start_ours.get(p, 0) for p in end_ours)
        ours += (children.ru_utime + children.ru_stime - self.start_children.ru_utime
                 - self.start_children.ru_stime) * tick  # wrk, once waited for
        busy = end_total[0] - self.start_total[0]
        self.percent = max(0.0, 100.0 * (busy - ours) / max(end_total[1] - self.start_total[1], 1))


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def cpu_check():
    """A fixed pure-Python loop, in ms (median of 5): the host's speed right
    now. The cores are virtual and their speed drifts with the host's load
    even when this machine is idle (about 45 ms when the host is quiet)."""
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(3000):
            sum(range(1000))
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def wait_quiet(limit, wait):
    """Wait until other processes keep the cores under ``limit`` percent busy
    (at most ``wait`` seconds); returns the last reading."""
    deadline = time.time() + wait
    busy = cpu_busy()
    while busy > limit and time.time() < deadline:
        busy = cpu_busy(5.0)
    return busy


# --- measuring -----------------------------------------------------------------------------


class CPU:
    """Wraps a request: the CPU time this process spends in it (the Python
    side; PostgreSQL runs in other processes), and how many."""

    def __init__(self, fn):
        self.fn, self.ms, self.n = fn, 0.0, 0

    def __call__(self):
        start = time.process_time()
        self.fn()
        self.ms += (time.process_time() - start) * 1000
        self.n += 1

    def line(self):
        return f"{'  CPU time in this process per request (mean)':<58} {self.ms / self.n:.1f} ms"


def counted(client, method, url, body=None, n=20):
    """Queries per request over ``n`` requests: (min, median, max)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            response = client.generic(method, url, body() if body else "", content_type="application/json")
        assert response.status_code in (200, 201), response.content[:300]
        counts.append(len(ctx.captured_queries))
    return min(counts), int(statistics.median(counts)), max(counts)


def impact_totals(team):
    from django.db.models import Count, Sum

    from impacts.models import Impact

    return Impact.objects.filter(team=team).aggregate(n=Count("id"), occ=Sum("occurrences"))


def explain_one(client, body):
    """Time every SQL statement of one post; EXPLAIN ANALYZE the slowest (rolled back)."""
    from django.db import connection, transaction

    statements = []

    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((time.perf_counter() - start) * 1000, sql, params, many))

    start = time.perf_counter()
    with connection.execute_wrapper(wrapper):
        response = client.post("/v1/intents", body, content_type="application/json")
    total = (time.perf_counter() - start) * 1000
    assert response.status_code == 201, response.content[:300]
    sql_ms = sum(s[0] for s in statements)
    print(f"\none post: {total:.1f} ms, {len(statements)} statements, {sql_ms:.1f} ms in SQL "
          f"(round trips included), {total - sql_ms:.1f} ms in Python")
    for ms, sql, _, _ in sorted(statements, key=lambda s: -s[0])[:30]:
        print(f"  {ms:6.2f} ms  {' '.join(sql.split())[:150]}")
    print()
    shown = 0
    for ms, sql, params, many in sorted(statements, key=lambda s: -s[0]):
        if shown == 4:
            break
        if many or not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "WITH")):
            continue  # inserts would only conflict with the rows the post just wrote
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = [row[0] for row in cur.fetchall()]
            transaction.set_rollback(True)
        shown += 1
        print(f"EXPLAIN ANALYZE ({ms:.2f} ms in the post): {' '.join(sql.split())[:200]}")
        for line in plan:
            print("    " + (line if len(line) < 300 else line[:300] + " …"))
        print()


# Where a post's time goes: wall time inside these functions (nested ones are
# part of their caller's time), wrapped at run time in this process only.
BREAKDOWN = [
    ("intents.views", "IntentViewSet.dispatch", "the view (under the middleware)"),
    ("intents.views", "IntentViewSet.initial", "  authentication, rate limit, scope"),
    ("aura_site.api.ratelimit", "check", "    rate limit (Redis)"),
    ("intents.serializers", "IntentCreateSerializer.is_valid", "  validation of the body"),
    ("intents.recorder", "log_intent", "  recorder.log_intent"),
    ("intents.graph", "apply", "    graph.apply"),
    ("intents.recorder", "record", "    record(intent.logged) and its subscribers"),
    ("impacts.detection", "detect", "      detection.detect"),
    ("impacts.sql", "changes_elsewhere", "        sql.changes_elsewhere (other branches' changes)"),
    ("intents.graph", "elsewhere", "        graph.elsewhere (callers, parallel edits)"),
    ("impacts.detection", "_refresh", "        _refresh (count the repeats)"),
    ("impacts.detection", "_insert", "        _insert (new impacts)"),
    ("impacts.detection", "record_many", "        record_many(impact.*)"),
    ("messages.posting", "post_many_from_server", "          sentinel messages"),
    ("events.log", "number_events", "  events.log.number_events (before COMMIT)"),
    ("events.log", "wake", "  wake-ups after the commit (one per event)"),
    ("intents.views", "IntentViewSet._log", "  _log (validation, recorder, the answer)"),
]

# The same for GET /v1/intents?branch=…&limit=50 (with the view, initial and
# rate-limit lines above).
BREAKDOWN_LIST = [
    ("accounts.authentication", "BearerTokenAuthentication.authenticate", "    token authentication"),
    ("intents.views", "IntentViewSet.list", "  list()"),
    ("intents.views", "IntentViewSet.filter_queryset", "    filters (django-filter)"),
    ("aura_site.api.pagination", "KeysetPagination.paginate_queryset", "    the page: SQL, 51 rows, tickets"),
    ("django.db.models.query", "prefetch_related_objects", "      the tickets (prefetch)"),
    ("rest_framework.serializers", "ListSerializer.to_representation", "    serialization of the 50 intents"),
]


def breakdown(client, posts, n):
    import importlib

    totals = {}
    restore = []

    def wrap(owner, attr, key):
        original = getattr(owner, attr)

        def timed_call(*a, **kw):
            start = time.perf_counter()
            try:
                return original(*a, **kw)
            finally:
                entry = totals.setdefault(key, [0.0, 0])
                entry[0] += (time.perf_counter() - start) * 1000
                entry[1] += 1

        setattr(owner, attr, timed_call)
        restore.append((owner, attr, original))

    # The event sequence is one locked counter row: from the moment a post
    # reserves its numbers (just before COMMIT) until its commit, every other
    # writer waits to commit.
    from django.db import connection
    from events import log

    held = {"first": None, "ms": 0.0, "commit": 0.0}
    number_events, commit, commit_now = log.number_events, connection.commit, connection._commit

    def first_seq(*args):
        if held["first"] is None:
            held["first"] = time.perf_counter()
        return number_events(*args)

    def timed_commit():
        try:
            return commit()
        finally:
            if held["first"] is not None:
                held["ms"] += (time.perf_counter() - held["first"]) * 1000
                held["first"] = None

    def timed_commit_now():  # the COMMIT statement alone (after the before-commit work)
        start = time.perf_counter()
        try:
            return commit_now()
        finally:
            held["commit"] += (time.perf_counter() - start) * 1000

    log.number_events, connection.commit, connection._commit = first_seq, timed_commit, timed_commit_now
    restore += [(log, "number_events", number_events), (connection, "commit", commit),
                (connection, "_commit", commit_now)]
    for module, dotted, label in BREAKDOWN + BREAKDOWN_LIST:
        owner = importlib.import_module(module)
        *path, attr = dotted.split(".")
        for part in path:
            owner = getattr(owner, part)
        wrap(owner, attr, label)
    try:
        kinds = [("20 added nodes: no detection", posts.added), ("refreshing open impacts", lambda: posts.mixed(False)),
                 ("raising new impacts", lambda: posts.mixed(True))]
        for kind, make in kinds:
            bodies = [make() for _ in range(n + 3)]
            for body in bodies[:3]:
                client.post("/v1/intents", body, content_type="application/json")
            totals.clear()
            held["ms"] = held["commit"] = 0.0
            request = 0.0
            for body in bodies[3:]:
                start = time.perf_counter()
                response = client.post("/v1/intents", body, content_type="application/json")
                request += (time.perf_counter() - start) * 1000
                assert response.status_code == 201, response.content[:300]
            print(f"\nwhere the time of a post goes ({kind}; mean of {n}; {uptime()}):")
            print(f"  {'the whole request (client.post)':<52} {request / n:7.1f} ms")
            for _, _, label in BREAKDOWN:
                ms, calls = totals.get(label, (0.0, 0))
                print(f"  {label:<52} {ms / n:7.1f} ms   ({calls / n:.1f} calls)")

            def ms(label):
                return totals.get(label, (0.0, 0))[0] / n

            view, log = BREAKDOWN[0][2], BREAKDOWN[-1][2]
            answer = ms(log) - ms(BREAKDOWN[3][2]) - ms(BREAKDOWN[4][2])
            rest = ms(view) - ms(BREAKDOWN[1][2]) - ms(log)
            print(f"  {'  (_log less validation and recorder: the answer)':<52} {answer:7.1f} ms")
            print(f"  {'  (the view less the above: commit, response)':<52} {rest:7.1f} ms")
            print(f"  {'event-sequence lock held (numbering → commit)':<52} {held['ms'] / n:7.1f} ms")
            print(f"  {'  of which the COMMIT statement':<52} {held['commit'] / n:7.1f} ms")

        url = f"/v1/intents?branch={branch_of(7)}&limit=50"
        for _ in range(5):
            client.get(url)
        totals.clear()
        start = time.perf_counter()
        for _ in range(n):
            assert client.get(url).status_code == 200
        request = (time.perf_counter() - start) * 1000
        print(f"\nwhere the time of GET {url} goes (mean of {n}; {uptime()}):")
        print(f"  {'the whole request (client.get)':<52} {request / n:7.1f} ms")
        lines = [BREAKDOWN[0], BREAKDOWN[1], BREAKDOWN_LIST[0], BREAKDOWN[2], *BREAKDOWN_LIST[1:]]
        for _, _, label in lines:
            ms, calls = totals.get(label, (0.0, 0))
            print(f"  {label:<52} {ms / n:7.1f} ms   ({calls / n:.1f} calls)")
    finally:
        for owner, attr, original in reversed(restore):
            setattr(owner, attr, original)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="drop and re-seed the bench database")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile N mixed posts")
    parser.add_argument("--explain", action="store_true", help="per-statement times and plans of one post")
    parser.add_argument("--breakdown", type=int, default=0, metavar="N",
                        help="time the parts of N posts of each kind (functions wrapped with timers)")
    parser.add_argument("--gc-freeze", action="store_true",
                        help="gc.freeze() after the warm-up (an experiment: full collections skip startup objects)")
    parser.add_argument("--quiet", type=float, default=20.0,
                        help="wait before a measurement until the cores are under this percent busy")
    parser.add_argument("--wait", type=float, default=300.0, help="seconds to wait for a quiet machine")
    parser.add_argument("--disturbed", type=float, default=10.0,
                        help="repeat a measurement during which other processes took more than this percent of the cores")
    parser.add_argument("--retries", type=int, default=2, help="repeats allowed per disturbed measurement")
    parser.add_argument("--db", default=DB, help=f"the database to seed and measure (default {DB})")
    parser.add_argument("--only", choices=["mixed", "open", "new", "added", "list"], action="append",
                        help="run only these measurements (repeatable; default: all)")
    args = parser.parse_args()
    create_database(args.db, fresh=args.fresh)
    setup_django(args.db)
    seed()

    from django.db import connection
    from django.test import Client

    from accounts import provisioning, scopes
    from accounts.models import Member, Team
    from intents.models import Intent, LogicEdge, LogicNode

    team = Team.objects.get(slug="team000")
    member = Member.objects.filter(team=team, role="admin").first()
    _, raw = provisioning.create_token(member.user, [team], list(scopes.ALL_SCOPES), name="bench")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    posts = Posts(team)

    def post(make):
        def call():
            response = client.post("/v1/intents", make(), content_type="application/json")
            assert response.status_code == 201, response.content[:300]

        return call

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, response.content[:300]

        return call

    for body in posts.warm_up_bodies():  # opens the pools' impacts (not measured)
        post(lambda body=body: body)()
    analyze()  # what autovacuum does for the impacts the warm-up opened
    print(f"PostgreSQL {connection.pg_version // 10000}, {Intent.objects.filter(team=team).count():,} intents in "
          f"team000 of {Team.objects.count()} teams; its graph: "
          f"{LogicNode.objects.filter(team=team).count():,} nodes, {LogicEdge.objects.filter(team=team).count():,} "
          f"edges on {BRANCHES} branches of {REPO}; REDIS_URL={os.environ.get('REDIS_URL') or '(none)'}")

    if args.explain:
        explain_one(client, posts.mixed(fresh=False))
        explain_one(client, posts.mixed(fresh=True))
    if args.breakdown:
        breakdown(client, posts, args.breakdown)
        return
    if args.profile:
        import cProfile
        import pstats

        bodies = [posts.mixed(fresh=False) for _ in range(args.profile)]
        profiler = cProfile.Profile()
        profiler.enable()
        for body in bodies:
            post(lambda body=body: body)()
        profiler.disable()
        stats = pstats.Stats(profiler)
        if os.environ.get("AURA_BENCH_PROFILE_OUT"):
            profiler.dump_stats(os.environ["AURA_BENCH_PROFILE_OUT"])
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
        return

    if args.gc_freeze:
        import gc

        gc.collect()
        gc.freeze()  # what a server could do once its application is loaded
        print("gc.freeze() after the warm-up: full collections skip the objects loaded so far")

    def measure(label, fn, runs, warmup):
        """timed(), repeated when other processes took the cores meanwhile."""
        for attempt in range(1 + args.retries):
            busy = wait_quiet(args.quiet, args.wait)
            print(f"\n{uptime()}; cores {busy:.0f}% busy just before; CPU check {cpu_check():.0f} ms", flush=True)
            with Others([os.getpid()]) as others:
                stats = timed(fn, runs, warmup=warmup)
            print(fmt(label, stats) + f"   others' CPU {others.percent:.0f}%", flush=True)
            if others.percent <= args.disturbed:
                break
            if attempt < args.retries:
                print("  (other processes took the cores during this run: it is repeated)", flush=True)
        return stats

    def wanted(name):
        return not args.only or name in args.only

    if wanted("mixed"):
        mixed_posts(measure, posts, post, client, team, args.runs)
    if wanted("open"):
        cpu = CPU(post(lambda: posts.mixed(fresh=False)))
        measure("POST /v1/intents, 20 nodes, only impacts already open", cpu, args.runs // 2, 2)
        print(cpu.line())
    if wanted("new"):
        before = impact_totals(team)
        cpu = CPU(post(lambda: posts.mixed(fresh=True)))
        measure("POST /v1/intents, 20 nodes, every post raises new impacts", cpu, max(args.runs // 5, 20), 2)
        after = impact_totals(team)
        print(f"{'  per post: impacts opened (mean)':<58} {(after['n'] - before['n']) / cpu.n:.1f}")
        print(cpu.line())
    if wanted("added"):
        cpu = CPU(post(posts.added))
        measure("POST /v1/intents, 20 added nodes (no detection)", cpu, args.runs // 2, 2)
        print(cpu.line())
    if wanted("list"):
        url = f"/v1/intents?branch={branch_of(7)}&limit=50"
        cpu = CPU(get(url))
        measure(f"GET {url}", cpu, args.runs, 5)
        print(cpu.line())
        print(f"{'  queries per request (min / median / max)':<58} {counted(client, 'GET', url)}")
    print(f"\n{uptime()}")


def mixed_posts(measure, posts, post, client, team, runs):
    before = impact_totals(team)
    cpu = CPU(post(posts.mixed))
    measure("POST /v1/intents, 20 nodes (1 in 10 raises new impacts)", cpu, runs, 10)
    after = impact_totals(team)
    created = after["n"] - before["n"]
    refreshed = (after["occ"] - before["occ"]) - created
    print(f"{'  per post: impacts refreshed / opened (mean)':<58} {refreshed / cpu.n:.1f} / {created / cpu.n:.1f}")
    print(cpu.line())
    print(f"{'  queries per post (min / median / max)':<58} "
          f"repeats only {counted(client, 'POST', '/v1/intents', lambda: posts.mixed(fresh=False))}   "
          f"with new {counted(client, 'POST', '/v1/intents', lambda: posts.mixed(fresh=True), n=10)}")


if __name__ == "__main__":
    main()
