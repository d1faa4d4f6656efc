"""The tools: each a thin layer over its REST twin (``agents.calls``), so
the scopes, validation, team choice, events and answers are the API's.

A tool function here is synchronous and runs in one worker-thread hop
(``agents.server`` wraps it); it returns ``(structured, text)``. The
registry at the bottom is what the endpoint serves, what ``tools/list``
answers and what the dashboard's Help page lists.
"""

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from . import reminders as reminder_rules
from .calls import ToolFailed, call

# --- inputs --------------------------------------------------------------------

Team = Annotated[str | None, Field(description="Team slug; needed when the token reaches several teams.")]
IdemKey = Annotated[
    str | None,
    Field(description="Replays the first answer for a retried call (the Idempotency-Key header's semantics)."),
]
Limit = Annotated[int | None, Field(description="Page size, 1 to 200 (default 50).")]
Cursor = Annotated[str | None, Field(description="next_cursor of the previous page.")]


# --- outputs -------------------------------------------------------------------


class Reminders(BaseModel):
    unread_messages: int = Field(description="Messages to you or your team you have not read.")
    new_impacts: list[dict[str, Any]] = Field(
        description="Impacts detected on your branches (those of your intents of the last 14 days) "
        "since this token's previous call."
    )


class Page(BaseModel):
    data: list[dict[str, Any]]
    next_cursor: str | None
    has_more: bool
    reminders: Reminders


class StatusOut(BaseModel):
    team: dict[str, Any] | None
    teams: list[dict[str, Any]]
    member: dict[str, Any] | None
    unread_messages: int
    open_impacts: int = Field(description="Open impacts on your branches.")
    branches: list[str] = Field(description="Your branches: those of your intents of the last 14 days.")
    reminders: Reminders


class IntentOut(BaseModel):
    intent: dict[str, Any] = Field(description="The intent as POST /v1/intents answers it.")
    reminders: Reminders


class ResolveOut(BaseModel):
    results: list[dict[str, Any]] = Field(description="One {ok} or {err} per impact id, in order.")
    reminders: Reminders


class MessageOut(BaseModel):
    message: dict[str, Any]
    reminders: Reminders


class MessagesOut(Page):
    marked_read: list[str] = Field(description="Ids of the messages this call marked read.")


class ZoneOut(BaseModel):
    zone: dict[str, Any] = Field(description="The zone as POST /v1/zones answers it (with its warn conflicts).")
    reminders: Reminders


class ReleasedOut(BaseModel):
    released: str
    reminders: Reminders


class ZoneCheckOut(BaseModel):
    path: str
    blocked: bool
    conflicts: list[dict[str, Any]] = Field(description="Other members' zones covering the path.")
    reminders: Reminders


class ProveOut(BaseModel):
    verdict: str
    result: str
    failing: list[dict[str, Any]] = Field(description="The requirements that do not hold.")
    run: dict[str, Any]
    reminders: Reminders


class SnapshotOut(BaseModel):
    snapshot: dict[str, Any]
    reminders: Reminders


class HeartbeatOut(BaseModel):
    active_window_seconds: int = Field(description="How long a heartbeat keeps you active.")
    presence: list[dict[str, Any]] = Field(description="Your presence row, one per team.")
    act_on: list[dict[str, Any]] = Field(
        description="Per team: open impacts on your branch, unread messages and others' zones covering what you "
        "edit (each null when the token may not read it), as POST /v1/presence answers."
    )
    reminders: Reminders


class RadarOut(BaseModel):
    data: list[dict[str, Any]] = Field(description="One row per active member: branch, editing, last seen.")
    reminders: Reminders


class KnowledgeOut(BaseModel):
    entry: dict[str, Any] = Field(description="The entry as POST /v1/knowledge answers it.")
    reminders: Reminders


# --- the tools -----------------------------------------------------------------


def _page_text(noun, page, describe, plural=None):
    lines = [f"{len(page['data'])} {noun if len(page['data']) == 1 else plural or noun + 's'}"
             + (f" (more: cursor {page['next_cursor']})" if page.get("has_more") else "") + "."]
    lines += [f"- {describe(row)}" for row in page["data"]]
    return "\n".join(lines)


def aura_status(caller, team=None):
    data = call(caller, "GET", "/v1/status", query={"team": team})
    principal = caller.principal
    member = None
    if data["team"].get("id"):
        m = principal.member(data["team"]["id"])
        member = {"id": m.id, "name": m.name, "role": m.role, "kind": m.kind} if m else None
    on_branches = reminder_rules.branches(principal)
    unread = reminder_rules.unread_messages(principal)
    open_count = reminder_rules.open_impacts(principal, on_branches)
    teams = data.get("teams") or ([{k: data["team"][k] for k in ("id", "slug", "name")}] if member else [])
    out = {
        "team": data["team"] if member else None, "teams": teams, "member": member,
        "unread_messages": unread, "open_impacts": open_count, "branches": on_branches,
    }
    text = (
        f"Team {data['team'].get('slug', '-')}, member {member['name'] if member else '-'}: "
        f"{unread} unread message(s), {open_count} open impact(s) on your branches"
        f" ({', '.join(on_branches) or 'none in the last 14 days'})."
    )
    return out, text


def aura_log_intent(caller, summary, tickets=None, repo=None, branch=None, nodes=None, commit_sha=None,
                    team=None, idempotency_key=None):
    body = {"summary": summary, "tickets": tickets, "repo": repo, "branch": branch, "nodes": nodes,
            "commit_sha": commit_sha, "team": team}
    body = {k: v for k, v in body.items() if v is not None}
    intent = call(caller, "POST", "/v1/intents", body=body, idempotency_key=idempotency_key)
    tickets_text = ", ".join(t["id"] for t in intent.get("tickets") or []) or "no ticket"
    return {"intent": intent}, (
        f"Logged intent {intent['id']} ({tickets_text}) on {intent.get('branch') or 'no branch'}: "
        f"{intent.get('nodes_changed', 0)} changed, {intent.get('nodes_added', 0)} added, "
        f"{intent.get('nodes_deleted', 0)} deleted node(s)."
    )


def aura_intent_query(caller, branch=None, author=None, ticket=None, q=None, since=None, repo=None,
                      limit=None, cursor=None, team=None):
    page = call(caller, "GET", "/v1/intents", query={
        "branch": branch, "author": author, "ticket": ticket, "q": q, "since": since, "repo": repo,
        "limit": limit, "cursor": cursor, "team": team,
    })
    return page, _page_text(
        "intent", page, lambda i: f"{i['id']} {i.get('branch') or '-'} {i.get('author') and i['author'].get('name')}: "
        f"{i['summary']}",
    )


def aura_live_impacts(caller, status=None, branch=None, limit=None, cursor=None, team=None):
    page = call(caller, "GET", "/v1/impacts", query={
        "status": status, "branch": branch, "limit": limit, "cursor": cursor, "team": team,
    })
    return page, _page_text(
        "impact", page, lambda i: f"{i['id']} [{i['severity']}, {i['status']}] {i['function']} ({i['change']}) "
        f"on {i['other_branch']} affects {i['your_branch']}",
    )


def aura_live_resolve(caller, impact_ids, status, note=None, snooze_until=None, idempotency_key=None):
    items = []
    for index, impact_id in enumerate(impact_ids):
        item = {"id": impact_id, "status": status}
        if note is not None:
            item["note"] = note
        if snooze_until is not None:
            item["snooze_until"] = snooze_until
        if idempotency_key is not None:
            item["idempotency_key"] = f"{idempotency_key}:{index}"
        items.append(item)
    results = call(caller, "POST", "/v1/impacts:batch", body={"impacts": items})
    failed = [(impact_id, r["err"]) for impact_id, r in zip(impact_ids, results) if "err" in r]
    if failed:
        impact_id, err = failed[0]
        raise ToolFailed({
            "code": err.get("code"), "message": f"{impact_id}: {err.get('message')}", "hint": err.get("hint"),
            "request_id": caller.request_id, **{k: v for k, v in err.items() if k in ("fields",)},
            "results": results,
        })
    return {"results": results}, f"{len(results)} impact(s) now {status}."


def aura_msg_send(caller, message, to=None, team=None, idempotency_key=None):
    body = {"body": message, "to": {"kind": "member", "id": to} if to else {"kind": "broadcast"}}
    if team is not None:
        body["team"] = team
    sent = call(caller, "POST", "/v1/messages", body=body, idempotency_key=idempotency_key)
    return {"message": sent}, f"Sent {sent['id']} to {to or 'the team'}."


def aura_msg_list(caller, unread_only=True, limit=None, cursor=None, team=None):
    page = call(caller, "GET", "/v1/messages", query={
        "unread_only": "true" if unread_only else None, "limit": limit, "cursor": cursor, "team": team,
    })
    principal = caller.principal
    mine = {m.id for m in principal.members.values()}
    marked = []
    for msg in page["data"]:
        team_id = next((m.team_id for m in principal.members.values() if m.team.slug == msg.get("team")), None)
        unread = not (set(msg.get("read_by") or []) & mine) and (msg.get("from") or {}).get("id") not in mine
        if unread and team_id is not None and principal.has("write_messages", team_id):
            call(caller, "PATCH", f"/v1/messages/{msg['id']}", body={"read": True})
            marked.append(msg["id"])
    page = {**page, "marked_read": marked}
    return page, _page_text(
        "message", page, lambda m: f"{m['id']} from {(m.get('from') or {}).get('name', 'sentinel')}: {m['body'][:200]}",
    )


def aura_zone_claim(caller, paths, mode="warn", ttl_seconds=None, reason=None, repo=None, branch=None, team=None,
                    idempotency_key=None):
    body = {"paths": paths, "mode": mode, "ttl_seconds": ttl_seconds, "reason": reason, "repo": repo,
            "branch": branch, "team": team}
    body = {k: v for k, v in body.items() if v is not None}
    zone = call(caller, "POST", "/v1/zones", body=body, idempotency_key=idempotency_key)
    warn = f"; overlaps {len(zone['conflicts'])} warn zone(s)" if zone.get("conflicts") else ""
    return {"zone": zone}, f"Claimed {zone['id']} ({zone['mode']}) until {zone['expires_at']}{warn}."


def aura_zone_release(caller, zone_id, idempotency_key=None):
    call(caller, "DELETE", f"/v1/zones/{zone_id}", idempotency_key=idempotency_key)
    return {"released": zone_id}, f"Released {zone_id}."


def aura_zone_check(caller, path, repo=None, branch=None, team=None):
    data = call(caller, "GET", "/v1/zones/check", query={"path": path, "repo": repo, "branch": branch, "team": team})
    holders = ", ".join(f"{z['owner']['name']} ({z['mode']}, {z['id']})" for z in data["conflicts"]
                        if z.get("owner")) or "nobody else"
    return data, f"{path}: {'BLOCKED' if data['blocked'] else 'not blocked'}; held by {holders}."


def aura_prove(caller, goal, repo, branch, requirements=None, team=None, idempotency_key=None):
    body = {"goal": goal, "repo": repo, "branch": branch}
    if requirements is not None:
        body["requirements"] = requirements
    if team is not None:
        body["team"] = team
    run = call(caller, "POST", "/v1/prove", body=body, idempotency_key=idempotency_key)
    failing = [r for r in run.get("requirements") or [] if not r.get("satisfied")]
    lines = [f"{run['verdict']} ({run['result']}): {goal}"]
    lines += [f"- {r['node']}: {r.get('reason')}" for r in failing]
    return {"verdict": run["verdict"], "result": run["result"], "failing": failing, "run": run}, "\n".join(lines)


def aura_snapshot(caller, path, content, branch=None, repo=None, commit_sha=None, team=None, idempotency_key=None):
    body = {"path": path, "content": content, "branch": branch, "repo": repo, "commit_sha": commit_sha, "team": team}
    body = {k: v for k, v in body.items() if v is not None}
    snap = call(caller, "POST", "/v1/snapshots", body=body, idempotency_key=idempotency_key)
    return {"snapshot": snap}, f"Snapshot {snap['id']} of {path} ({snap.get('size')} bytes)."


def aura_snapshot_list(caller, file=None, branch=None, repo=None, limit=None, cursor=None, team=None):
    page = call(caller, "GET", "/v1/snapshots", query={
        "file": file, "branch": branch, "repo": repo, "limit": limit, "cursor": cursor, "team": team,
    })
    return page, _page_text("snapshot", page, lambda s: f"{s['id']} {s['path']} @ {s.get('branch') or '-'}")


def aura_team_members(caller, limit=None, cursor=None, team=None):
    page = call(caller, "GET", "/v1/team/members", query={"limit": limit, "cursor": cursor, "team": team})
    return page, _page_text("member", page, lambda m: f"{m['id']} {m['name']} ({m['role']}, {m.get('kind')})")


def aura_heartbeat(caller, repo=None, branch=None, editing=None, client=None, team=None, idempotency_key=None):
    body = {"repo": repo, "branch": branch, "editing": editing, "client": client, "team": team}
    body = {k: v for k, v in body.items() if v is not None}
    answer = call(caller, "POST", "/v1/presence", body=body, idempotency_key=idempotency_key)
    lines = [f"Active for {answer['active_window_seconds']} s in {', '.join(r['team'] for r in answer['presence'])}."]
    for act in answer["act_on"]:
        parts = []
        if act.get("open_impacts"):
            parts.append(f"{act['open_impacts']['count']} open impact(s)")
        if act.get("unread_messages"):
            parts.append(f"{act['unread_messages']} unread message(s)")
        for zone in act.get("zones") or []:
            owner = (zone.get("owner") or {}).get("name", "someone")
            parts.append(f"{zone['mode']} zone {zone['id']} of {owner} covers {', '.join(zone['covers'])}")
        lines.append(f"- {act['team']}: {'; '.join(parts) or 'nothing to act on'}.")
    return answer, "\n".join(lines)


def aura_team_radar(caller, team=None):
    page = call(caller, "GET", "/v1/presence", query={"team": team})
    lines = [f"{len(page['data'])} active member(s)."]
    lines += [f"- {r['member']['name']} ({r['team']}) on {r.get('branch') or '-'}"
              + (f", editing {', '.join(r['editing'][:5])}" if r.get("editing") else "")
              + f"; last seen {r['last_seen_at']}" for r in page["data"]]
    return page, "\n".join(lines)


def aura_knowledge_search(caller, q=None, category=None, tag=None, repo=None, limit=None, cursor=None, team=None):
    page = call(caller, "GET", "/v1/knowledge", query={
        "q": q, "category": category, "tag": tag, "repo": repo, "limit": limit, "cursor": cursor, "team": team,
    })
    return page, _page_text(
        "knowledge entry", page,
        lambda e: f"{e['id']} ({e['votes']} vote(s)) Q: {e['question'][:200]} A: {e['answer'][:500]}",
        plural="knowledge entries",
    )


def aura_knowledge_add(caller, question, answer, category=None, tags=None, repo=None, source=None, team=None,
                       idempotency_key=None):
    body = {"question": question, "answer": answer, "category": category, "tags": tags, "repo": repo,
            "source": source, "team": team}
    body = {k: v for k, v in body.items() if v is not None}
    entry = call(caller, "POST", "/v1/knowledge", body=body, idempotency_key=idempotency_key)
    return {"entry": entry}, f"Added {entry['id']} to {entry['team']}'s knowledge base."


# --- the registry --------------------------------------------------------------


@dataclass(frozen=True)
class ToolSpec:
    fn: Any
    title: str
    description: str
    scope: str | None
    output: type
    read_only: bool
    destructive: bool = False
    idempotent: bool = False
    params: dict = field(default_factory=dict)  # name → (annotation, default)


STATUSES = Literal["resolved", "dismissed", "snoozed"]

REGISTRY = [
    ToolSpec(aura_status, "Status", "Your team, your member, unread messages and open impacts on your branches.",
             None, StatusOut, read_only=True, idempotent=True, params={"team": (Team, None)}),
    ToolSpec(aura_log_intent, "Log an intent",
             "Record what you are changing and why (like POST /v1/intents): raises impacts on the branches "
             "your change affects and emits intent.logged.",
             "write_intents", IntentOut, read_only=False, params={
                 "summary": (Annotated[str, Field(description="What and why, up to 500 characters.")], ...),
                 "tickets": (Annotated[list[str | dict[str, Any]] | None, Field(
                     description='Ticket ids ("ENG-1") or {"system", "id"}.')], None),
                 "repo": (str | None, None), "branch": (str | None, None),
                 "nodes": (Annotated[list[dict[str, Any]] | None, Field(
                     description="The nodes changed: {path, kind, name, change, before, after} as in POST "
                     "/v1/intents.")], None),
                 "commit_sha": (str | None, None), "team": (Team, None), "idempotency_key": (IdemKey, None),
             }),
    ToolSpec(aura_intent_query, "Query intents",
             "Intents of your teams, newest first, filtered like GET /v1/intents.",
             "read_intents", Page, read_only=True, idempotent=True, params={
                 "branch": (str | None, None),
                 "author": (Annotated[str | None, Field(description="Member id or handle.")], None),
                 "ticket": (str | None, None),
                 "q": (Annotated[str | None, Field(
                     description="Case-insensitive substring of the summary (at most 200 characters).")], None),
                 "since": (Annotated[str | None, Field(description="RFC 3339 time or a duration like 24h.")], None),
                 "repo": (str | None, None), "limit": (Limit, None), "cursor": (Cursor, None), "team": (Team, None),
             }),
    ToolSpec(aura_live_impacts, "Live impacts",
             "Impacts on your teams' branches (open by default), like GET /v1/impacts.",
             "read_impacts", Page, read_only=True, idempotent=True, params={
                 "status": (Literal["open", "resolved", "snoozed", "dismissed", "all"] | None, None),
                 "branch": (Annotated[str | None, Field(description="Your branch (the one affected).")], None),
                 "limit": (Limit, None), "cursor": (Cursor, None), "team": (Team, None),
             }),
    ToolSpec(aura_live_resolve, "Resolve impacts",
             "Resolve, dismiss or snooze impacts by id, like POST /v1/impacts:batch (each id on its own).",
             "write_impacts", ResolveOut, read_only=False, idempotent=True, params={
                 "impact_ids": (Annotated[list[str], Field(min_length=1, max_length=500)], ...),
                 "status": (STATUSES, ...),
                 "note": (str | None, None),
                 "snooze_until": (Annotated[str | None, Field(
                     description="RFC 3339; snoozed without it: 24 hours.")], None),
                 "idempotency_key": (IdemKey, None),
             }),
    ToolSpec(aura_msg_send, "Send a message",
             "Post to your team's channel, or directly to one member.",
             "write_messages", MessageOut, read_only=False, params={
                 "message": (Annotated[str, Field(description="Up to 10,000 characters.")], ...),
                 "to": (Annotated[str | None, Field(
                     description="A member id or handle for a direct message; absent: the whole team.")], None),
                 "team": (Team, None), "idempotency_key": (IdemKey, None),
             }),
    ToolSpec(aura_msg_list, "List messages",
             "Your messages, newest first; marks the listed unread ones read when the token has write_messages.",
             "read_messages", MessagesOut, read_only=False, idempotent=True, params={
                 "unread_only": (bool, True), "limit": (Limit, None), "cursor": (Cursor, None), "team": (Team, None),
             }),
    ToolSpec(aura_zone_claim, "Claim a zone",
             "Claim paths or globs: warn tells others, block refuses their writes (zone_conflict when another "
             "member holds a block zone over them).",
             "write_zones", ZoneOut, read_only=False, params={
                 "paths": (Annotated[list[str], Field(description="Paths or globs (src/auth/**).")], ...),
                 "mode": (Literal["warn", "block"], "warn"),
                 "ttl_seconds": (Annotated[int | None, Field(description="Lifetime; default 4 hours.")], None),
                 "reason": (str | None, None), "repo": (str | None, None), "branch": (str | None, None),
                 "team": (Team, None), "idempotency_key": (IdemKey, None),
             }),
    ToolSpec(aura_zone_release, "Release a zone", "Release one of your zones (an admin may release any).",
             "write_zones", ReleasedOut, read_only=False, destructive=True, idempotent=False,
             params={"zone_id": (str, ...), "idempotency_key": (IdemKey, None)}),
    ToolSpec(aura_zone_check, "Check a path",
             "Who else holds a zone over this path, and whether a write of it is blocked.",
             "read_zones", ZoneCheckOut, read_only=True, idempotent=True, params={
                 "path": (str, ...), "repo": (str | None, None), "branch": (str | None, None), "team": (Team, None),
             }),
    ToolSpec(aura_prove, "Prove a goal",
             "Check a goal against the logic graph of a repo and branch; returns the verdict and the failing "
             "requirements.",
             "run_prove", ProveOut, read_only=False, params={
                 "goal": (str, ...), "repo": (str, ...), "branch": (str, ...),
                 "requirements": (Annotated[list[dict[str, Any]] | None, Field(
                     description='[{"node": "auth::login", "kind": "function", "must_call": ["audit"]}]')], None),
                 "team": (Team, None), "idempotency_key": (IdemKey, None),
             }),
    ToolSpec(aura_snapshot, "Snapshot a file", "Store a file's content (text) for the team.",
             "write_snapshots", SnapshotOut, read_only=False, params={
                 "path": (str, ...), "content": (str, ...), "branch": (str | None, None), "repo": (str | None, None),
                 "commit_sha": (str | None, None), "team": (Team, None), "idempotency_key": (IdemKey, None),
             }),
    ToolSpec(aura_snapshot_list, "List snapshots", "Snapshots of your teams, newest first.",
             "read_snapshots", Page, read_only=True, idempotent=True, params={
                 "file": (Annotated[str | None, Field(
                     description="An exact path or a glob (* within a segment, ** across).")], None),
                 "branch": (str | None, None), "repo": (str | None, None),
                 "limit": (Limit, None), "cursor": (Cursor, None), "team": (Team, None),
             }),
    ToolSpec(aura_team_members, "Team members", "The members of your teams.", None, Page, read_only=True,
             idempotent=True, params={"limit": (Limit, None), "cursor": (Cursor, None), "team": (Team, None)}),
    ToolSpec(aura_heartbeat, "Heartbeat",
             "Say you are active (about once a minute): repo, branch, what you edit. Answers what to act on: open "
             "impacts on your branch, unread messages, others' zones covering what you edit (like POST /v1/presence).",
             None, HeartbeatOut, read_only=False, idempotent=True, params={
                 "repo": (str | None, None), "branch": (str | None, None),
                 "editing": (Annotated[list[str] | None, Field(
                     description="The functions or paths you are editing (at most 50).")], None),
                 "client": (Annotated[str | None, Field(description="Your client's name, e.g. my-agent/1.0.")], None),
                 "team": (Annotated[str | None, Field(description="Team slug; absent: all your teams.")], None),
                 "idempotency_key": (IdemKey, None),
             }),
    ToolSpec(aura_team_radar, "Team radar",
             "Who in your teams is active now: branch, what they edit, last seen (like GET /v1/presence).",
             None, RadarOut, read_only=True, idempotent=True,
             params={"team": (Annotated[str | None, Field(description="Team slug; absent: all your teams.")], None)}),
    ToolSpec(aura_knowledge_search, "Search the knowledge base",
             "Your team's questions and answers: with q, full-text search ranked by relevance then votes; "
             "without, newest first (like GET /v1/knowledge).",
             "read_knowledge", Page, read_only=True, idempotent=True, params={
                 "q": (Annotated[str | None, Field(description="Words to search for (at most 500 characters).")],
                       None),
                 "category": (str | None, None), "tag": (str | None, None), "repo": (str | None, None),
                 "limit": (Limit, None), "cursor": (Cursor, None), "team": (Team, None),
             }),
    ToolSpec(aura_knowledge_add, "Add to the knowledge base",
             "Record a question and its answer for your team (like POST /v1/knowledge); emits knowledge.created.",
             "write_knowledge", KnowledgeOut, read_only=False, params={
                 "question": (Annotated[str, Field(description="Up to 2,000 characters.")], ...),
                 "answer": (Annotated[str, Field(description="Up to 20,000 characters.")], ...),
                 "category": (str | None, None),
                 "tags": (Annotated[list[str] | None, Field(description="Up to 20 tags.")], None),
                 "repo": (str | None, None),
                 "source": (Annotated[Literal["human", "agent"] | None, Field(
                     description="Default: your member's kind.")], None),
                 "team": (Team, None), "idempotency_key": (IdemKey, None),
             }),
]
