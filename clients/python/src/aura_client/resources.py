"""The API's resources, one namespace each, written once for both clients.

A namespace describes each call (method, path, parameters, body and the
model that parses the answer) and hands it to its client: ``Client`` runs it
and returns the result, ``AsyncClient`` returns an awaitable. ``list``
returns an iterator (async iterator) that follows the cursors to the end."""

from __future__ import annotations

from urllib.parse import quote

from ._core import Groups, as_is, clean_body, model


def _id(value) -> str:
    return quote(str(value), safe="")


class Namespace:
    path = ""
    item_model = None  # the model of a list's rows
    detail_model = None  # the model of one object

    def __init__(self, client):
        self._c = client

    def _list(self, _url=None, _parse=None, **filters):
        return self._c._pages(_url or self.path, filters, _parse or model(self.item_model))

    def _get(self, id, parse=None):
        return self._c._call("GET", f"{self.path}/{_id(id)}", parse=parse or model(self.detail_model or self.item_model))

    def _group_by(self, field, aggregate=None, **filters):
        params = dict(filters, group_by=field, aggregate=aggregate)
        return self._c._call("GET", self.path, params=params, parse=Groups.from_dict)


class Intents(Namespace):
    path = "/v1/intents"
    item_model, detail_model = "Intent", "IntentDetail"

    def list(self, *, branch=None, repo=None, author=None, ticket=None, q=None, since=None, team=None, limit=None,
             **filters):
        return self._list(branch=branch, repo=repo, author=author, ticket=ticket, q=q, since=since, team=team,
                          limit=limit, **filters)

    def get(self, id):
        return self._get(id)

    def create(self, summary, *, tickets=None, repo=None, branch=None, commit_sha=None, nodes=None, team=None,
               idempotency_key=None, **fields):
        body = clean_body(dict(summary=summary, tickets=tickets, repo=repo, branch=branch, commit_sha=commit_sha,
                               nodes=nodes, team=team, **fields))
        return self._c._call("POST", self.path, json=body, parse=model(self.detail_model),
                             idempotency_key=idempotency_key)

    def nodes(self, id, **filters):
        return self._list(f"{self.path}/{_id(id)}/nodes", model("IntentNode"), **filters)

    def batch(self, intents, *, team=None):
        """``POST /v1/intents:batch``: one ``{"ok": …}`` or ``{"err": …}`` per item, in order."""
        return self._c._call("POST", "/v1/intents:batch", json=clean_body({"intents": intents, "team": team}),
                             parse=as_is)

    def group_by(self, field, aggregate=None, **filters):
        return self._group_by(field, aggregate, **filters)


class Impacts(Namespace):
    path = "/v1/impacts"
    item_model, detail_model = "Impact", "ImpactDetail"

    def list(self, *, status=None, branch=None, severity=None, team=None, limit=None, **filters):
        return self._list(status=status, branch=branch, severity=severity, team=team, limit=limit, **filters)

    def get(self, id):
        return self._get(id)

    def report(self, **fields):
        """``POST /v1/impacts``: report an impact by hand."""
        return self._c._call("POST", self.path, json=clean_body(fields), parse=model(self.detail_model))

    def update(self, id, *, status=None, note=None, snooze_until=None):
        body = clean_body(dict(status=status, note=note, snooze_until=snooze_until))
        return self._c._call("PATCH", f"{self.path}/{_id(id)}", json=body, parse=model(self.detail_model))

    def resolve(self, ids, status="resolved", note=None, snooze_until=None, *, team=None):
        """``POST /v1/impacts:batch``: set ``status`` (resolved, dismissed, snoozed, open) on each id."""
        items = [clean_body(dict(id=i, status=status, note=note, snooze_until=snooze_until)) for i in ids]
        return self._c._call("POST", "/v1/impacts:batch", json=clean_body({"impacts": items, "team": team}),
                             parse=as_is)

    def group_by(self, field, aggregate=None, **filters):
        return self._group_by(field, aggregate, **filters)


class Messages(Namespace):
    path = "/v1/messages"
    item_model = "Message"

    def list(self, *, unread_only=None, channel=None, team=None, limit=None, **filters):
        return self._list(unread_only=unread_only, channel=channel, team=team, limit=limit, **filters)

    def get(self, id):
        return self._get(id)

    def send(self, body, *, to=None, channel=None, team=None):
        payload = clean_body(dict(body=body, to=to, channel=channel, team=team))
        return self._c._call("POST", self.path, json=payload, parse=model("Message"))

    def mark_read(self, id, read=True):
        return self._c._call("PATCH", f"{self.path}/{_id(id)}", json={"read": read}, parse=model("Message"))

    def group_by(self, field, aggregate=None, **filters):
        return self._group_by(field, aggregate, **filters)


class Snapshots(Namespace):
    path = "/v1/snapshots"
    item_model = "Snapshot"

    def list(self, *, path=None, branch=None, repo=None, team=None, limit=None, **filters):
        return self._list(path=path, branch=branch, repo=repo, team=team, limit=limit, **filters)

    def get(self, id):
        return self._get(id)

    def create(self, path, content=None, *, content_base64=None, repo=None, branch=None, commit_sha=None,
               content_type=None, team=None):
        """A snapshot from text (``content``) or base64 (``content_base64``), as JSON."""
        body = clean_body(dict(path=path, content=content, content_base64=content_base64, repo=repo, branch=branch,
                               commit_sha=commit_sha, content_type=content_type, team=team))
        return self._c._call("POST", self.path, json=body, parse=model("Snapshot"))

    def upload(self, path, data: bytes, *, content_type="application/octet-stream", repo=None, branch=None,
               commit_sha=None, team=None):
        """Any bytes as a raw body (the metadata travel as query parameters)."""
        params = dict(path=path, repo=repo, branch=branch, commit_sha=commit_sha, team=team)
        return self._c._call("POST", self.path, params=params, content=bytes(data),
                             headers={"Content-Type": content_type}, parse=model("Snapshot"))

    def batch(self, snapshots, *, team=None):
        return self._c._call("POST", "/v1/snapshots:batch", json=clean_body({"snapshots": snapshots, "team": team}),
                             parse=as_is)

    def open(self, id, accept=None):
        """The content, streamed: ``with aura.snapshots.open(id) as f: f.read()``."""
        return self._c._open(f"{self.path}/{_id(id)}/content", accept)

    def group_by(self, field, aggregate=None, **filters):
        return self._group_by(field, aggregate, **filters)


class Zones(Namespace):
    path = "/v1/zones"
    item_model = "Zone"

    def list(self, *, team=None, limit=None, **filters):
        return self._list(team=team, limit=limit, **filters)

    def get(self, id):
        return self._get(id)

    def claim(self, paths, *, mode=None, reason=None, repo=None, branch=None, ttl_seconds=None, team=None):
        body = clean_body(dict(paths=list(paths), mode=mode, reason=reason, repo=repo, branch=branch,
                               ttl_seconds=ttl_seconds, team=team))
        return self._c._call("POST", self.path, json=body, parse=model("ZoneClaimed"))

    def release(self, id):
        return self._c._call("DELETE", f"{self.path}/{_id(id)}", parse=None)

    def check(self, path, *, repo=None, branch=None, team=None):
        params = dict(path=path, repo=repo, branch=branch, team=team)
        return self._c._call("GET", f"{self.path}/check", params=params, parse=model("ZoneCheck"))


class Prove(Namespace):
    path = "/v1/prove/history"
    item_model = "ProveRun"

    def run(self, goal, *, repo, branch, requirements=None, team=None):
        body = clean_body(dict(goal=goal, repo=repo, branch=branch, requirements=requirements, team=team))
        return self._c._call("POST", "/v1/prove", json=body, parse=model("ProveRun"))

    def history(self, *, goal=None, branch=None, result=None, team=None, limit=None, **filters):
        return self._list(goal=goal, branch=branch, result=result, team=team, limit=limit, **filters)

    list = history

    def get(self, id):
        return self._get(id)

    def group_by(self, field, aggregate=None, **filters):
        return self._group_by(field, aggregate, **filters)


class Knowledge(Namespace):
    path = "/v1/knowledge"
    item_model = "KnowledgeEntry"

    def list(self, *, q=None, category=None, tag=None, repo=None, source=None, author=None, since=None, team=None,
             limit=None, **filters):
        """Every entry, newest first; with ``q``, the matches by relevance, then votes."""
        return self._list(q=q, category=category, tag=tag, repo=repo, source=source, author=author, since=since,
                          team=team, limit=limit, **filters)

    def search(self, q, **filters):
        return self.list(q=q, **filters)

    def get(self, id):
        return self._get(id)

    def add(self, question, answer, *, category=None, tags=None, repo=None, source=None, team=None):
        body = clean_body(dict(question=question, answer=answer, category=category,
                               tags=list(tags) if tags is not None else None, repo=repo, source=source, team=team))
        return self._c._call("POST", self.path, json=body, parse=model("KnowledgeEntry"))

    def update(self, id, **fields):
        """question, answer, category, tags, repo or source (the author or an admin)."""
        return self._c._call("PATCH", f"{self.path}/{_id(id)}", json=clean_body(fields), parse=model("KnowledgeEntry"))

    def delete(self, id):
        return self._c._call("DELETE", f"{self.path}/{_id(id)}", parse=None)

    def upvote(self, id):
        """One vote per member; a second changes nothing."""
        return self._c._call("POST", f"{self.path}/{_id(id)}/upvote", json={}, parse=model("KnowledgeEntry"))

    def group_by(self, field, aggregate=None, **filters):
        return self._group_by(field, aggregate, **filters)


class Presence(Namespace):
    path = "/v1/presence"

    def heartbeat(self, *, repo=None, branch=None, editing=None, client=None, team=None):
        """I am here (about once a minute): answers your rows and, per team, what to act on."""
        body = clean_body(dict(repo=repo, branch=branch, editing=list(editing) if editing is not None else None,
                               client=client, team=team))
        return self._c._call("POST", self.path, json=body, parse=model("HeartbeatAnswer"))

    def list(self, *, team=None):
        """The active members (one page: presence has no cursor)."""
        return self._c._call("GET", self.path, params=dict(team=team), parse=model("PresenceList"))


class Events(Namespace):
    path = "/v1/events"
    item_model = "Event"

    def list(self, *, topics=None, after=None, since=None, team=None, limit=None, **filters):
        """The durable poll, oldest first."""
        return self._list(topics=topics, after=after, since=since, team=team, limit=limit, **filters)

    def stream(self, *, since=None, topics=None, team=None, max_reconnects=None):
        """The live stream (Server-Sent Events). After a dropped connection it
        reconnects with ``Last-Event-ID`` = the last event it yielded, so
        nothing is lost or repeated. ``since``: an event sequence to start after."""
        params = {"topics": topics, "team": team}
        return self._c._events(params, since, max_reconnects)

    def group_by(self, field, aggregate=None, **filters):
        return self._group_by(field, aggregate, **filters)


class TeamMembers(Namespace):
    path = "/v1/team/members"
    item_model = "Member"

    def list(self, *, team=None, limit=None, **filters):
        return self._list(team=team, limit=limit, **filters)

    def get(self, id):
        return self._get(id)


class TeamSync(Namespace):
    path = "/v1/team/sync"

    def get(self, *, team=None, **params):
        return self._c._call("GET", self.path, params=dict(params, team=team), parse=model("TeamSync"))

    def ack(self, cursor, *, team=None):
        """Acknowledge the team-sync cursor; answers the state after it."""
        return self._c._call("POST", self.path, json=clean_body({"cursor": cursor, "team": team}),
                             parse=model("TeamSync"))


class AdminTokens(Namespace):
    path = "/v1/admin/tokens"
    item_model = "Token"

    def list(self, *, team=None, limit=None, **filters):
        return self._list(team=team, limit=limit, **filters)

    def get(self, id):
        return self._get(id)

    def create(self, member, scopes, *, name=None, team=None, teams=None, expires_in=None,
               rate_limit_per_minute=None, rate_limit_per_second=None):
        """The answer's ``token`` is the secret, shown this once."""
        body = clean_body(dict(member=member, scopes=list(scopes), name=name, team=team, teams=teams,
                               expires_in=expires_in, rate_limit_per_minute=rate_limit_per_minute,
                               rate_limit_per_second=rate_limit_per_second))
        return self._c._call("POST", self.path, json=body, parse=model("TokenWithSecret"))

    def rotate(self, id, *, grace=None):
        return self._c._call("POST", f"{self.path}/{_id(id)}/rotate", json=clean_body({"grace": grace}),
                             parse=model("TokenWithSecret"))

    def revoke(self, id):
        return self._c._call("POST", f"{self.path}/{_id(id)}/revoke", json={}, parse=model("Token"))


class MeTokens(Namespace):
    """``/v1/me/tokens``: your own tokens. The server answers a signed-in
    session only; called with a bearer token it raises ``SessionRequired``."""

    path = "/v1/me/tokens"
    item_model = "Token"

    def list(self, *, team=None, limit=None, **filters):
        return self._list(team=team, limit=limit, **filters)

    def get(self, id):
        return self._get(id)

    def create(self, scopes, *, expires_in, name=None, team=None, teams=None):
        """Scopes within your role in each team named; ``expires_in`` from 1d
        to 365d. The answer's ``token`` is the secret, shown this once."""
        body = clean_body(dict(scopes=list(scopes), expires_in=expires_in, name=name, team=team, teams=teams))
        return self._c._call("POST", self.path, json=body, parse=model("TokenWithSecret"))

    def rotate(self, id, *, grace=None):
        return self._c._call("POST", f"{self.path}/{_id(id)}/rotate", json=clean_body({"grace": grace}),
                             parse=model("TokenWithSecret"))

    def revoke(self, id):
        return self._c._call("POST", f"{self.path}/{_id(id)}/revoke", json={}, parse=model("Token"))


class AdminMembers(Namespace):
    path = "/v1/admin/members"
    item_model = "AdminMember"

    def list(self, *, team=None, limit=None, **filters):
        return self._list(team=team, limit=limit, **filters)

    def get(self, id):
        return self._get(id)

    def create(self, name, *, display_name=None, kind=None, role=None, team=None):
        body = clean_body(dict(name=name, display_name=display_name, kind=kind, role=role, team=team))
        return self._c._call("POST", self.path, json=body, parse=model("AdminMember"))

    def update(self, id, *, role=None, display_name=None):
        body = clean_body(dict(role=role, display_name=display_name))
        return self._c._call("PATCH", f"{self.path}/{_id(id)}", json=body, parse=model("AdminMember"))

    def remove(self, id):
        return self._c._call("DELETE", f"{self.path}/{_id(id)}", parse=None)


class AdminWebhooks(Namespace):
    path = "/v1/admin/webhooks"
    item_model = "Webhook"

    def list(self, *, team=None, limit=None, **filters):
        return self._list(team=team, limit=limit, **filters)

    def get(self, id):
        return self._get(id)

    def create(self, url, *, topics=None, format=None, secret=None, active=None, description=None, team=None):
        """The answer's ``secret`` (generated unless given) is shown this once."""
        body = clean_body(dict(url=url, topics=topics, format=format, secret=secret, active=active,
                               description=description, team=team))
        return self._c._call("POST", self.path, json=body, parse=model("WebhookCreated"))

    def update(self, id, **fields):
        return self._c._call("PATCH", f"{self.path}/{_id(id)}", json=clean_body(fields), parse=model("Webhook"))

    def delete(self, id):
        return self._c._call("DELETE", f"{self.path}/{_id(id)}", parse=None)

    def test(self, id):
        """Send a test ping now; answers the delivery."""
        return self._c._call("POST", f"{self.path}/{_id(id)}/test", json={}, parse=model("Delivery"))

    def deliveries(self, id, **filters):
        return self._list(f"{self.path}/{_id(id)}/deliveries", model("Delivery"), **filters)


class AdminInvites(Namespace):
    path = "/v1/admin/invites"
    item_model = "Invite"

    def list(self, *, state=None, role=None, team=None, limit=None, **filters):
        return self._list(state=state, role=role, team=team, limit=limit, **filters)

    def get(self, id):
        return self._get(id)

    def create(self, scopes, *, role=None, expires_in=None, max_uses=None, handle=None, team=None):
        """A new invite; its ``code`` is in this answer only."""
        body = clean_body(dict(scopes=list(scopes), role=role, expires_in=expires_in, max_uses=max_uses,
                               handle=handle, team=team))
        return self._c._call("POST", self.path, json=body, parse=model("InviteCreated"))

    def revoke(self, id):
        return self._c._call("POST", f"{self.path}/{_id(id)}/revoke", json={}, parse=model("Invite"))


class Invites(Namespace):
    """``aura.invites``: redeeming (public) and, for admins, ``aura.admin.invites``'s calls."""

    def __init__(self, client):
        super().__init__(client)
        admin = AdminInvites(client)
        self.list, self.get, self.create, self.revoke = admin.list, admin.get, admin.create, admin.revoke

    def redeem(self, code, name, *, display_name=None, kind=None, password=None):
        """Join the invite's team as ``name``: with this client's token, as its own user; without one,
        as a new user. The answer's ``token.token`` is the new token's secret, shown this once."""
        body = clean_body(dict(code=code, name=name, display_name=display_name, kind=kind, password=password))
        return self._c._call("POST", "/v1/invites/redeem", json=body, parse=model("InviteRedeemed"))


class Team:
    def __init__(self, client):
        self.members = TeamMembers(client)
        self.sync = TeamSync(client)


class Admin:
    def __init__(self, client):
        self.tokens = AdminTokens(client)
        self.members = AdminMembers(client)
        self.webhooks = AdminWebhooks(client)
        self.invites = AdminInvites(client)


class Me:
    def __init__(self, client):
        self.tokens = MeTokens(client)


def attach(client):
    """Give a client its namespaces."""
    client.intents = Intents(client)
    client.impacts = Impacts(client)
    client.messages = Messages(client)
    client.snapshots = Snapshots(client)
    client.zones = Zones(client)
    client.prove = Prove(client)
    client.knowledge = Knowledge(client)
    client.invites = Invites(client)
    client.presence = Presence(client)
    client.events = Events(client)
    client.team = Team(client)
    client.admin = Admin(client)
    client.me = Me(client)
