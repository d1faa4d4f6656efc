"""Logging an intent: tickets, strict mode, rows, graph, the ``intent.logged``
event (whose subscribers — impact detection — run in this same transaction).

    intent = log_intent(team, author, validated_data)
"""

from django.db import connection

from accounts.models import Member
from aura_site.api import errors
from aura_site.api.filters import member_lookup
from aura_site.db.rows import json_rows, rows_param
from events.log import record

from . import graph
from . import tickets as ticket_rules
from .models import Intent, IntentNode, IntentTicket


def count_changes(nodes):
    """{"nodes_added", "nodes_deleted", "nodes_changed"} for a list of nodes."""
    added = sum(1 for n in nodes if n["change"] == "added")
    deleted = sum(1 for n in nodes if n["change"] == "deleted")
    return {"nodes_added": added, "nodes_deleted": deleted, "nodes_changed": len(nodes) - added - deleted}


def resolve_author(team, caller, ref, may_name_others):
    """The member an intent is logged for: the caller, or (for an admin) the
    member named by ``ref`` (an id or a handle)."""
    if not ref or ref in (caller.pk, caller.name):
        return caller
    if not may_name_others:
        raise errors.ScopeMissing(
            "Only an admin may log an intent for another member.",
            hint="Missing scope: admin. Leave out \"author\" to log as yourself.",
        )
    member = Member.objects.filter(team=team, **member_lookup(ref)).first()
    if member is None:
        raise errors.ValidationFailed(
            f"No member {ref!r} in {team.slug}.", fields={"author": "Unknown member (id or handle)."}
        )
    return member


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


_NODE_TYPES = {"position": "integer", "path": "text", "kind": "text", "name": "text", "change": "text",
               "before": "jsonb", "after": "jsonb"}


_TICKET_TYPES = {"system": "text", "id": "text"}


def _insert(intent, tickets, rows):
    """Insert the intent, its tickets ({system, id}) and its nodes (dicts of
    the IntentNode columns): one statement on PostgreSQL (the tickets and
    nodes as data-modifying parts of the intent's INSERT; foreign keys are
    checked at commit), three on SQLite. Tickets and nodes travel as one
    JSON parameter each (``aura_site.db.rows``): an intent's nodes are its
    largest write, and ``bulk_create`` spent longer building a model
    instance per node than the database spent inserting them; ``save()``
    added its own round trip and bookkeeping for the intent."""
    q = connection.ops.quote_name
    fields = Intent._meta.concrete_fields
    parts = [(
        f"INSERT INTO {q(Intent._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})",
        [f.get_db_prep_save(f.pre_save(intent, add=True), connection) for f in fields],
    )]
    if tickets:
        parts.append((
            f"INSERT INTO {q(IntentTicket._meta.db_table)} ({q('team_id')}, {q('intent_id')}, {q('system')}, "
            f"{q('ticket')}) SELECT %s, %s, r.{q('system')}, r.{q('id')} FROM {json_rows(connection, _TICKET_TYPES)}",
            [intent.team_id, intent.pk, rows_param(tickets)],
        ))
    if rows:
        columns = ("team_id", "intent_id", "repo", "branch", *_NODE_TYPES)
        parts.append((
            f"INSERT INTO {q(IntentNode._meta.db_table)} ({', '.join(q(c) for c in columns)}) "
            f"SELECT %s, %s, %s, %s, {', '.join(f'r.{q(c)}' for c in _NODE_TYPES)} "
            f"FROM {json_rows(connection, _NODE_TYPES)}",
            [intent.team_id, intent.pk, intent.repo, intent.branch, rows_param(rows)],
        ))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            (sql, params), *others = parts
            if others:
                sql = "WITH " + ", ".join(f"w{i} AS ({part})" for i, (part, _) in enumerate(others)) + " " + sql
                params = [p for _, part_params in others for p in part_params] + params
            cursor.execute(sql, params)
        else:
            for sql, params in parts:
                cursor.execute(sql, params)
    intent._state.adding, intent._state.db = False, connection.alias


def log_intent(team, author, data):
    """Write one intent from ``IntentCreateSerializer`` data; return it, with
    what was written as the API shows it in ``logged_tickets`` and
    ``logged_nodes`` (``serializers.represent_logged(intent)`` needs no
    query)."""
    summary = data["summary"]
    given = [
        {"system": t.get("system") or team.default_ticket_system, "id": t["id"]} for t in data.get("tickets") or []
    ]
    tickets = ticket_rules.merge(
        given, ticket_rules.extract(summary, team.ticket_pattern), team.default_ticket_system
    )
    if team.strict_mode and not tickets:
        raise errors.IntentMissingTicket(
            ticket_rules.missing_ticket_message(team.ticket_pattern), hint=ticket_rules.MISSING_TICKET_HINT
        )
    nodes = _plain(data.get("nodes") or [])
    intent = Intent(
        team=team,
        repo=data.get("repo"),
        branch=data.get("branch"),
        author=author,
        summary=summary,
        commit_sha=data.get("commit_sha"),
        prove_goals=_plain(data.get("prove_goals") or []),
        **count_changes(nodes),
    )
    rows = [
        {"position": index, "path": n.get("path"), "kind": n["kind"], "name": n["name"], "change": n["change"],
         "before": n.get("before"), "after": n.get("after")}
        for index, n in enumerate(nodes)
    ]
    _insert(intent, tickets, rows)
    # What was written, as the API shows it: the answer is written from these
    # rather than read back.
    intent.logged_tickets, intent.logged_nodes = tickets, rows
    graph.apply(intent, nodes)
    record(
        team,
        "intent.logged",
        {
            "intent_id": intent.pk,
            "repo": intent.repo,
            "branch": intent.branch,
            "author": author.as_ref() if author else None,
            "summary": summary,
            "commit_sha": intent.commit_sha,
            "tickets": tickets,
            "nodes_changed": intent.nodes_changed,
            "nodes_added": intent.nodes_added,
            "nodes_deleted": intent.nodes_deleted,
        },
        actor=author,
        context={"nodes": nodes},
    )
    return intent
