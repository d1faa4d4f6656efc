"""Cross-branch impact detection, in the transaction that logs the intent.

The rule: when branch B of a repo changes node N (``modified``,
``signature_changed``, ``renamed``, ``deleted``), every other branch B' of
that repo where a live node calls N, or where an intent touched N, within 14
days of the change, gets an impact (your_branch=B', other_branch=B,
function=N — the old name for a rename):

    critical  deleted or renamed, and N has callers on B'
    warning   signature_changed (callers or a parallel edit); any parallel edit
    info      a body change (modified) with callers on B'

Whichever of B and B' logs its intent first, the same impacts are open
afterwards, so a logged intent is weighed both ways: its own changes, for
the other branches (``plan``: their callers and touches of what it changed,
``graph.elsewhere``); and the other branches' changes of the last 14 days
among what it touches or calls, for its own branch as it now is
(``plan_reverse``, ``sql.changes_elsewhere``). A change whose impact on the
branch was detected and then closed is not raised again that way.

The rules (``severity``, ``plan``, ``plan_reverse``) are pure; ``detect``
reads and ``raise_impacts`` writes (the SQL of both in ``impacts/sql.py``).
Dedupe: at most one active (open or snoozed) impact
per (team, repo, function, other_branch, your_branch, change), held by a
partial unique index. A repeat refreshes ``detected_at``, counts
``occurrences`` and takes the newest severity and snapshots, without a new
``impact.detected`` (``impact.updated`` only if the severity changed).

Concurrency: a team's impact writers (detection, reports, status changes)
take turns on a per-team lock held until commit (``lock_team_impacts``), so
they never lock impact rows in different orders; other teams are not held
up. Should two transactions still race to raise the same impact, the
second insert waits for the first, fails on the index inside a savepoint,
and refreshes the row the first committed instead — so there is exactly one.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from aura_site.db.rows import rows_param
from events.log import on, record_many
from intents import graph
from intents.models import DETECTING, IntentNode

from . import sql
from .models import Impact
from .serializers import represent_many

WINDOW = timedelta(days=14)
RANK = {"info": 1, "warning": 2, "critical": 3}
MAX_ROUNDS = 5


# --- the rules (pure) ------------------------------------------------------------


def severity(change, has_callers, parallel_edit):
    """The severity of ``change`` as seen from a branch, or None (no impact)."""
    if change in ("deleted", "renamed") and has_callers:
        return "critical"
    if change == "signature_changed" and (has_callers or parallel_edit):
        return "warning"
    if parallel_edit and change in DETECTING:
        return "warning"
    if change == "modified" and has_callers:
        return "info"
    return None


@dataclass
class Finding:
    repo: str
    your_branch: str
    other_branch: str
    function: str
    change: str
    severity: str
    before: dict | None = None
    after: dict | None = None
    callers: list | None = None  # None: not known (keep what the impact has); or graph.JSONText
    callers_count: int = 0
    intent_id: str | None = None  # the intent of the change, when not the one being logged
    extra: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.repo, self.function, self.other_branch, self.your_branch, self.change)


def snapshot(name, kind, path, side):
    side = side or {}
    return {
        "name": name, "kind": kind, "path": path, "hash": side.get("hash"),
        "signature": side.get("signature"), "calls": side.get("calls"),
    }


def node_change(name, change, kind, path, before, after):
    """An intent node → {function, change, before, after} with node snapshots."""
    before = before or {}
    function = before.get("name") if change == "renamed" else name
    return {
        "function": function,
        "change": change,
        "before": snapshot(function, kind, path, before),
        "after": None if change == "deleted" else snapshot(name, kind, path, after),
    }


def plan(repo, branch, changes, callers, touched):
    """The impacts ``changes`` on ``branch`` raise.

    ``callers``: {(other_branch, function): {"count", "callers"}};
    ``touched``: {(other_branch, function)} touched in the window.
    One finding per key; the highest severity wins a tie."""
    branches = sorted({b for b, _ in callers} | {b for b, _ in touched})
    found = {}
    for c in changes:
        fn = c["function"]
        for other in branches:
            if other == branch:
                continue
            hit = callers.get((other, fn))
            level = severity(c["change"], hit is not None, (other, fn) in touched)
            if level is None:
                continue
            finding = Finding(
                repo=repo, your_branch=other, other_branch=branch, function=fn, change=c["change"],
                severity=level, before=c["before"], after=c["after"],
                callers=hit["callers"] if hit else [], callers_count=hit["count"] if hit else 0,
            )
            prior = found.get(finding.key)
            if prior is None or RANK[level] > RANK[prior.severity]:
                found[finding.key] = finding
    return list(found.values())


def plan_reverse(repo, branch, touches, changes, callers, touched_here):
    """The impacts that changes made on other branches raise on ``branch``,
    now that an intent on it calls or touches what they changed.

    ``touches``: the names the intent touched (a rename: both names);
    ``changes``: the other branches' latest changes of the names it touched
    or calls (``sql.changes_elsewhere``: {branch, function, change,
    intent_id, name, kind, path, before, after, closed}); ``callers``:
    {function: {"count", "callers"}} on ``branch`` now; ``touched_here``:
    the functions an intent on ``branch`` touched in the window. The same
    severity as if the change had come after the intent; a change whose
    impact on ``branch`` was already detected and then resolved or dismissed
    is not raised again (it was said)."""
    found = {}
    for c in changes:
        if c["branch"] == branch or c["closed"]:
            continue
        fn = c["function"]
        hit = callers.get(fn)
        level = severity(c["change"], hit is not None, fn in touches or fn in touched_here)
        if level is None:
            continue
        snap = node_change(c["name"], c["change"], c["kind"], c["path"], c["before"], c["after"])
        finding = Finding(
            repo=repo, your_branch=branch, other_branch=c["branch"], function=fn, change=c["change"],
            severity=level, before=snap["before"], after=snap["after"],
            callers=hit["callers"] if hit else [], callers_count=hit["count"] if hit else 0,
            intent_id=c["intent_id"],
        )
        prior = found.get(finding.key)
        if prior is None or RANK[level] > RANK[prior.severity]:
            found[finding.key] = finding
    return list(found.values())


# --- reading the graph ---------------------------------------------------------------


@on("intent.logged")
def on_intent_logged(event):
    data = event.data
    if not (data.get("repo") and data.get("branch")):
        return
    detect(event.team, data["intent_id"], data["repo"], data["branch"], now=event.created_at, actor=event.actor,
           nodes=getattr(event, "context", {}).get("nodes"))


def detect(team, intent_id, repo, branch, now=None, actor=None, nodes=None):
    """Raise the impacts of one logged intent; returns [(impact id, created)].
    ``nodes``: the intent's nodes as logged, when the caller has them (else
    they are read back).

    Both ways: what the intent changed, for the other branches that call or
    touched it (``graph.elsewhere``, ``plan``); and what other branches
    changed lately, for this branch now that the intent calls or touches it
    (``sql.changes_elsewhere``, ``plan_reverse``). The latter also tells
    ``plan`` which other branches renamed a function away (a touch the
    graph no longer holds)."""
    now = now or timezone.now()
    if nodes is None:
        rows = IntentNode.objects.filter(team=team, intent_id=intent_id).order_by("position").values_list(
            "name", "change", "kind", "path", "before", "after"
        )
    else:
        rows = [(n["name"], n["change"], n["kind"], n.get("path"), n.get("before"), n.get("after")) for n in nodes]
    changes = [node_change(*row) for row in rows if row[1] in DETECTING]
    touches, calls = set(), set()
    for name, change, _kind, _path, before, after in rows:
        touches.add(name)
        if change == "renamed" and before and before.get("name"):
            touches.add(before["name"])
        if change != "deleted" and after and after.get("calls"):
            calls.update(after["calls"])
    since = now - WINDOW
    # The team's impact lock first, in the same round trip as the first
    # read: two intents logged at once (one changing N, one starting to call
    # it) take turns from here to their commits, so the second reads what
    # the first wrote — else each would miss the other and neither raise.
    lock = lock_statement(team)
    elsewhere, callers_here, touched_here = sql.changes_elsewhere(team, repo, branch, touches | calls, since,
                                                                  lock=lock)
    callers, touched = (graph.elsewhere(team, repo, {c["function"] for c in changes}, branch, since=since)
                        if changes else ({}, set()))
    touched = touched | {(c["branch"], c["function"]) for c in elsewhere}
    findings = plan(repo, branch, changes, callers, touched) + plan_reverse(
        repo, branch, touches, elsewhere, callers_here, touched_here)
    return raise_impacts(team, findings, intent_id=intent_id, now=now, actor=actor, locked=bool(touches))


# --- writing -----------------------------------------------------------------------


def lock_team_impacts(team):  # a Team or its id
    """Serialise the impact writers of one team until the transaction ends
    (a PostgreSQL advisory lock on the team; SQLite has one writer anyway).

    Taken before any impact row is touched, so writers of one team never
    hold rows in different orders (a batch resolving impacts in its own
    order, detection locking them in pk order) and never deadlock; writers
    of different teams run side by side."""
    sql.take_team_lock(team)


def lock_statement(team):
    """``(sql, params)`` taking the team's impact lock, or None (SQLite)."""
    return sql.lock_statement(team)


KEY = sql.KEY


def _refresh(team, findings, intent_id, now, lock=None):
    """Count a repeat on the active impact of each finding that has one, in
    one statement (``sql.refresh``); returns {key: (pk, severity before)} of
    those.

    A repeat adds 1 to occurrences and takes detected_at, the intent (the
    finding's, else ``intent_id``), the finding's severity, its ``after``
    (the newest, the same on every branch) and its callers when it knows
    them; ``before`` only where the impact has none (it stays as first seen:
    the state the other branch was built against). ``lock``, the team's
    lock statement, goes in the same round trip on PostgreSQL."""
    rows = []
    for f in findings:
        row = dict(zip(KEY, f.key), severity=f.severity, after=f.after, before=f.before)
        if f.callers is not None:
            row["callers_count"] = f.callers_count
        if f.intent_id is not None:
            row["intent_id"] = f.intent_id
        rows.append(row)
    return sql.refresh(team, rows, _with_callers(rows, findings), intent_id, now, lock=lock)


def _with_callers(rows, findings):
    """``rows_param(rows)`` with each finding's callers (when known) added to
    its row as JSON text: the callers came from the database as text
    (``graph.JSONText``) and go back without being parsed and re-encoded —
    the bulk of the refresh's parameter."""
    parts = []
    for row, finding in zip(rows, findings):
        text = rows_param(row)
        if finding.callers is not None:
            callers = finding.callers if isinstance(finding.callers, graph.JSONText) else rows_param(finding.callers)
            text = f'{text[:-1]},"callers":{callers}}}'  # a dict's JSON ends with its closing brace
        parts.append(text)
    return f"[{','.join(parts)}]"


def _regraded(team, repeats):
    """The impacts among ``repeats`` [((pk, severity before), finding)] whose
    severity the refresh changed, read for their ``impact.updated``."""
    regraded = [pk for (pk, level), finding in repeats if finding.severity != level]
    if not regraded:
        return []
    impacts = list(Impact.objects.filter(pk__in=regraded).order_by("pk"))
    for impact in impacts:
        impact.team = team
    return impacts


def _value(callers):
    return callers.value if isinstance(callers, graph.JSONText) else callers


def _new(team, finding, intent_id, reported_by, now):
    return Impact(
        team=team, repo=finding.repo, your_branch=finding.your_branch, other_branch=finding.other_branch,
        function=finding.function, change=finding.change, severity=finding.severity, first_detected_at=now,
        detected_at=now, intent_id=finding.intent_id or intent_id, reported_by=reported_by, before=finding.before,
        after=finding.after, callers=_value(finding.callers) or [], callers_count=finding.callers_count,
    )


def _insert(team, findings, intent_id, reported_by, now):
    """Insert new impacts; returns (created, raced findings). One statement
    unless a concurrent transaction opened some of them first."""
    if not findings:
        return [], []
    # In key order: two transactions inserting overlapping impacts wait on
    # each other's rows in the same order, so neither waits on the other twice.
    findings = sorted(findings, key=lambda f: f.key)
    fresh = [_new(team, f, intent_id, reported_by, now) for f in findings]
    try:
        with transaction.atomic():
            Impact.objects.bulk_create(fresh)
        return fresh, []
    except IntegrityError:
        pass
    created, raced = [], []
    for impact, finding in zip(fresh, findings):
        try:
            with transaction.atomic():
                impact.save(force_insert=True)
            created.append(impact)
        except IntegrityError:
            raced.append(finding)
    return created, raced


def raise_impacts(team, findings, *, intent_id=None, reported_by=None, now=None, actor=None, locked=False):
    """Open each finding's impact, or refresh the active one; returns
    [(impact id, created)].

    A fixed number of statements for any number of findings: refresh the
    active ones in one statement, insert the others in one, record their
    events (one insert per kind). A finding whose insert lost a race
    (its twin committed meanwhile) goes round again and refreshes the twin.
    ``locked``: the caller holds the team's impact lock already."""
    if not findings:
        return []
    now = now or timezone.now()
    actor = actor if actor is not None else reported_by
    # Taken with the first refresh, before any impact row is touched.
    lock = None if locked else lock_statement(team)
    results = []
    pending = list(findings)
    for _ in range(MAX_ROUNDS):
        refreshed = _refresh(team, pending, intent_id, now, lock=lock)
        lock = None
        repeats = [(refreshed[f.key], f) for f in pending if f.key in refreshed]
        regraded = _regraded(team, repeats)
        created, pending = _insert(team, [f for f in pending if f.key not in refreshed], intent_id, reported_by,
                                   now)
        record_many(team, "impact.detected", _as_events(created), actor=actor)
        record_many(team, "impact.updated", _as_events(regraded), actor=actor)
        results += [(impact.pk, True) for impact in created] + [(pk, False) for (pk, _), _ in repeats]
        if not pending:
            return results
    raise RuntimeError(f"could not raise {len(pending)} impacts after {MAX_ROUNDS} rounds")  # pragma: no cover


def _as_events(impacts):
    """Event data of several impacts, as the API shows them
    (``serializers.represent_many``: a serializer's fields cost more than
    writing the rows)."""
    return represent_many(impacts) if impacts else []
