"""Cross-branch impact detection, in the transaction that logs the intent.

When an intent on branch B of a repo changes node N (``modified``,
``signature_changed``, ``renamed``, ``deleted``), every other branch B' of
that repo where a live node calls N, or where an intent touched N in the last
14 days, gets an impact (your_branch=B', other_branch=B, function=N — the old
name for a rename):

    critical  deleted or renamed, and N has callers on B'
    warning   signature_changed (callers or a parallel edit); any parallel edit
    info      a body change (modified) with callers on B'

The rules (``severity``, ``plan``) are pure; ``detect`` reads the graph and
``raise_impacts`` writes. Dedupe: at most one active (open or snoozed) impact
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

import json

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from events.log import on, record
from intents import graph
from intents.models import IntentNode

from .models import ACTIVE, Impact
from .serializers import ImpactSerializer

WINDOW = timedelta(days=14)
DETECTING = ("modified", "signature_changed", "renamed", "deleted")
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
    callers: list | None = None  # None: not known (keep what the impact has)
    callers_count: int = 0
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


# --- reading the graph ---------------------------------------------------------------


@on("intent.logged")
def on_intent_logged(event):
    data = event.data
    if not (data.get("repo") and data.get("branch")):
        return
    detect(event.team, data["intent_id"], data["repo"], data["branch"], now=event.created_at, actor=event.actor)


def detect(team, intent_id, repo, branch, now=None, actor=None):
    """Raise the impacts of one logged intent; returns [(impact, created)]."""
    now = now or timezone.now()
    rows = IntentNode.objects.filter(team=team, intent_id=intent_id, change__in=DETECTING).values_list(
        "name", "change", "kind", "path", "before", "after"
    )
    changes = [node_change(*row) for row in rows]
    if not changes:
        return []
    names = {c["function"] for c in changes}
    callers = graph.callers_elsewhere(team, repo, names, branch)
    touched = graph.touched_elsewhere(team, repo, names, branch, since=now - WINDOW)
    findings = plan(repo, branch, changes, callers, touched)
    return raise_impacts(team, findings, intent_id=intent_id, now=now, actor=actor)


# --- writing -----------------------------------------------------------------------


LOCK_NAMESPACE = 0x41757261  # "Aura": the first key of this module's advisory locks


def lock_team_impacts(team):  # a Team or its id
    """Serialise the impact writers of one team until the transaction ends
    (a PostgreSQL advisory lock on the team; SQLite has one writer anyway).

    Taken before any impact row is touched, so writers of one team never
    hold rows in different orders (a batch resolving impacts in its own
    order, detection locking them in pk order) and never deadlock; writers
    of different teams run side by side."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                           [LOCK_NAMESPACE, str(getattr(team, "pk", team))])


def _active(team, findings):
    """The active impacts matching ``findings``, locked (in pk order, so two
    detectors never deadlock) until the transaction ends."""
    keys = {f.key for f in findings}
    rows = Impact.objects.select_for_update().filter(
        team=team, status__in=ACTIVE, repo__in={k[0] for k in keys}, function__in={k[1] for k in keys},
        other_branch__in={k[2] for k in keys}, your_branch__in={k[3] for k in keys},
    ).order_by("pk")
    found = {}
    for impact in rows:
        impact.team = team
        key = (impact.repo, impact.function, impact.other_branch, impact.your_branch, impact.change)
        if key in keys:
            found[key] = impact
    return found


def _refresh(pairs, intent_id, now):
    """Count a repeat on each (impact, finding); the impacts are locked, so
    their values are current. Returns the impacts whose severity changed.

    One statement for every repeat (occurrences, detected_at, the intent and
    the newest ``after``, which is the same on every branch); a row of its own
    only where its severity or its callers changed. ``before`` stays as first
    seen: the state the other branch was built against."""
    afters = {
        impact.pk: finding.after for impact, finding in pairs
        if finding.after is not None and finding.after != impact.after
    }
    _count_repeats([impact.pk for impact, _ in pairs], afters, intent_id, now)
    regraded = []
    for impact, finding in pairs:
        impact.occurrences += 1
        impact.detected_at = now
        impact.intent_id = intent_id if intent_id is not None else impact.intent_id
        impact.after = afters.get(impact.pk, impact.after)
        own = {}
        if finding.severity != impact.severity:
            own["severity"] = finding.severity
            regraded.append(impact)
        if finding.callers is not None and (finding.callers, finding.callers_count) != (
            impact.callers, impact.callers_count
        ):
            own.update(callers=finding.callers, callers_count=finding.callers_count)
        if impact.before is None and finding.before is not None:
            own["before"] = finding.before
        if own:
            Impact.objects.filter(pk=impact.pk).update(**own)
            for name, value in own.items():
                setattr(impact, name, value)
    return regraded


def _count_repeats(pks, afters, intent_id, now, chunk=500):
    """One UPDATE per ``chunk`` impacts: occurrences + 1, detected_at, the
    intent (when given) and, for the pks in ``afters``, the newest ``after``.

    Written in SQL: the ORM's equivalent (a CASE of one WHEN per impact) cost
    more to build in Python than the database took to run it. The new
    ``after`` values travel as one JSON object keyed by pk."""
    table, q = Impact._meta.db_table, connection.ops.quote_name
    if connection.vendor == "postgresql":
        pick = f"COALESCE((%s::jsonb) -> {q('id')}, {q('after')})"
    else:  # SQLite's JSON1; keys are ids (letters, digits, "_"), safe inside a JSON path
        pick = f"""COALESCE(json_extract(%s, '$."' || {q('id')} || '"'), {q('after')})"""
    detected_at = Impact._meta.get_field("detected_at").get_db_prep_value(now, connection)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), chunk):
            part = pks[start:start + chunk]
            mapping = json.dumps({pk: afters[pk] for pk in part if pk in afters})
            cursor.execute(
                f"UPDATE {q(table)} SET {q('occurrences')} = {q('occurrences')} + 1, {q('detected_at')} = %s, "
                f"{q('intent_id')} = COALESCE(%s, {q('intent_id')}), {q('after')} = {pick} "
                f"WHERE {q('id')} IN ({', '.join(['%s'] * len(part))})",
                [detected_at, intent_id, mapping, *part],
            )


def _new(team, finding, intent_id, reported_by, now):
    return Impact(
        team=team, repo=finding.repo, your_branch=finding.your_branch, other_branch=finding.other_branch,
        function=finding.function, change=finding.change, severity=finding.severity, first_detected_at=now,
        detected_at=now, intent_id=intent_id, reported_by=reported_by, before=finding.before,
        after=finding.after, callers=finding.callers or [], callers_count=finding.callers_count,
    )


def _insert(team, findings, intent_id, reported_by, now):
    """Insert new impacts; returns (created, raced findings). One statement
    unless a concurrent transaction opened some of them first."""
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


def raise_impacts(team, findings, *, intent_id=None, reported_by=None, now=None, actor=None):
    """Open each finding's impact, or refresh the active one; returns
    [(impact, created)].

    A fixed number of statements for any number of findings, plus one event
    per new (or re-graded) impact: lock the active ones, update them in one
    statement, insert the others in one. A finding whose insert lost a race
    (its twin committed meanwhile) goes round again and refreshes the twin."""
    if not findings:
        return []
    now = now or timezone.now()
    actor = actor if actor is not None else reported_by
    lock_team_impacts(team)
    results = []
    pending = list(findings)
    for _ in range(MAX_ROUNDS):
        active = _active(team, pending)
        repeats = [(active[f.key], f) for f in pending if f.key in active]
        regraded = _refresh(repeats, intent_id, now) if repeats else []
        created, pending = _insert(team, [f for f in pending if f.key not in active], intent_id, reported_by, now)
        for impact in created:
            record(team, "impact.detected", _as_event(impact), actor=actor)
        for impact in regraded:
            record(team, "impact.updated", _as_event(impact), actor=actor)
        results += [(impact, True) for impact in created] + [(impact, False) for impact, _ in repeats]
        if not pending:
            return results
    raise RuntimeError(f"could not raise {len(pending)} impacts after {MAX_ROUNDS} rounds")  # pragma: no cover


def _as_event(impact):
    return dict(ImpactSerializer(impact).data)
