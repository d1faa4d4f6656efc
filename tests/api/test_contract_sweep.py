"""Tenancy and the error contract, swept across every endpoint under /v1/.

The endpoints come from Django's URL resolver, so a new one joins the sweep
by itself — and fails ``test_every_endpoint_is_in_the_table`` until it has a
row in ``ENDPOINTS`` saying what it is (list, detail, create, …), which
resource it serves and which scope it needs. Each row is then checked for:

(a) no credentials → 401 ``unauthorized`` in the contract's shape;
(b) detail routes: an object of team globex addressed by an acme caller →
    404 ``not_found``, and nothing written;
(c) lists: an acme caller never sees a globex row (nor a globex group);
(d) ``?team=globex`` from an acme-only caller → 404;
(e) lists: an unknown query parameter → 400 ``invalid_parameter`` naming it;
(f) a token without the route's scope → 403 ``scope_missing`` naming it;
(g) lists: the number of queries does not grow with the rows on the page;
(h) detail routes find their object by id, whatever list filters the query
    carries.

Objects are made through the API itself (``FACTORIES``), one of each
resource in each team; everything globex writes carries the word "globex",
so (c) can look for it in the raw answer.
"""

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver

from accounts import scopes
from tests.conftest import ALL, ApiClient, assert_error, make_token

pytestmark = pytest.mark.django_db


# --- how to make one object of each resource in a team ----------------------------------------
# name: (path, body for team slug t and index i). The answer's "id" is the object's id.

FACTORIES = {
    "webhook": ("/v1/admin/webhooks", lambda t, i: {"url": f"https://{t}{i}.example.com/hook"}),
    "member": ("/v1/admin/members", lambda t, i: {"name": f"{t}-newbie-{i}"}),
    "token": ("/v1/admin/tokens", lambda t, i: {
        "member": ADMINS[t], "scopes": ["read_intents"], "name": f"{t} ci {i}",
    }),
    "intent": ("/v1/intents", lambda t, i: {
        "summary": f"{t} retry {i} [ENG-{i + 1}]", "repo": f"{t}-repo", "branch": "main",
        "nodes": [{"kind": "function", "name": f"{t}::retry_{i}_{n}", "change": "added", "path": f"{t}/pay.py"}
                  for n in range(3)],
    }),
    "impact": ("/v1/impacts", lambda t, i: {
        "repo": f"{t}-repo", "your_branch": "main", "other_branch": f"{t}-feature", "function": f"{t}::retry_{i}",
        "change": "modified", "severity": "info",
    }),
    "message": ("/v1/messages", lambda t, i: {"body": f"hello from {t} {i}"}),
    "snapshot": ("/v1/snapshots", lambda t, i: {"path": f"{t}/notes-{i}.txt", "content": f"{t} notes {i}"}),
    "zone": ("/v1/zones", lambda t, i: {"paths": [f"{t}/{i}/**"], "mode": "warn", "reason": f"{t} refactor"}),
    "invite": ("/v1/admin/invites", lambda t, i: {"scopes": ["read_intents"], "handle": f"{t}-guest-{i}"}),
    "knowledge": ("/v1/knowledge", lambda t, i: {"question": f"{t} retry {i}?", "answer": f"{t} backoff {i}"}),
    "prove": ("/v1/prove", lambda t, i: {"goal": f"`{t}::retry_{i}_0` exists", "repo": f"{t}-repo", "branch": "main"}),
}
ADMINS = {"acme": "alice", "globex": "gina"}


# --- what each endpoint is ---------------------------------------------------------------------

LIST, DETAIL, CREATE, BATCH, OTHER = "list", "detail", "create", "batch", "other"
# Routes for a signed-in browser only: a token gets 403 session_required, so
# the token-driven sweeps (b)-(h) do not apply; tests/accounts/test_me_tokens.py
# covers their tenancy with sessions.
SESSION = "session"
PUBLIC = "public"  # answers without credentials: no tenancy to sweep (its own tests cover it)


@dataclass(frozen=True)
class Endpoint:
    kind: str
    scope: str | None
    resource: str | None = None  # whose id fills the URL (detail), or what it lists (list)
    body: dict | None = None  # a valid body (team-independent), where the method takes one
    ok: int = 200  # the success status, for the no-scope-needed routes
    why: str = ""  # why a route differs from the rule (scope None, no group_by, …)
    group_by: bool = True  # lists: group_by=team works
    narrow: dict | None = None  # retrieve routes: a list filter that the acme object fails
    extra: dict = field(default_factory=dict)


ENDPOINTS = {
    ("status", "GET"): Endpoint(OTHER, None, why="CONTRACT §2: a valid caller, no scope"),
    ("team-sync", "GET"): Endpoint(OTHER, None, why="CONTRACT §2: a valid caller, no scope"),
    ("team-sync", "POST"): Endpoint(OTHER, None, body={"cursor": 0}, why="CONTRACT §2: a valid caller, no scope"),
    ("team-members-list", "GET"): Endpoint(LIST, None, "member", why="CONTRACT §2: the roster needs no scope"),
    ("team-members-detail", "GET"): Endpoint(
        DETAIL, None, "member", narrow={"role": "read-only"}, why="CONTRACT §2: the roster needs no scope",
    ),
    ("admin-members-list", "GET"): Endpoint(LIST, "admin", "member"),
    ("admin-members-list", "POST"): Endpoint(CREATE, "admin", "member"),
    ("admin-members-detail", "GET"): Endpoint(DETAIL, "admin", "member", narrow={"role": "read-only"}),
    ("admin-members-detail", "PATCH"): Endpoint(DETAIL, "admin", "member", body={"role": "read-only"}),
    ("admin-members-detail", "DELETE"): Endpoint(DETAIL, "admin", "member"),
    ("admin-tokens-list", "GET"): Endpoint(LIST, "admin", "token"),
    ("admin-tokens-list", "POST"): Endpoint(CREATE, "admin", "token"),
    ("admin-tokens-detail", "GET"): Endpoint(DETAIL, "admin", "token", narrow={"state": "revoked"}),
    ("admin-tokens-rotate", "POST"): Endpoint(DETAIL, "admin", "token", body={}),
    ("admin-tokens-revoke", "POST"): Endpoint(DETAIL, "admin", "token"),
    ("me-tokens-list", "GET"): Endpoint(SESSION, None, why="a session's own tokens: no scope, session only"),
    ("me-tokens-list", "POST"): Endpoint(SESSION, None, why="a session's own tokens: no scope, session only"),
    ("me-tokens-rotate", "POST"): Endpoint(SESSION, None, why="a session's own tokens: no scope, session only"),
    ("me-tokens-revoke", "POST"): Endpoint(SESSION, None, why="a session's own tokens: no scope, session only"),
    ("me-tokens-detail", "GET"): Endpoint(
        SESSION, None, narrow={"state": "revoked"}, why="a session's own tokens: no scope, session only",
    ),
    ("admin-invites-list", "GET"): Endpoint(LIST, "admin", "invite"),
    ("admin-invites-list", "POST"): Endpoint(CREATE, "admin", "invite"),
    ("admin-invites-detail", "GET"): Endpoint(DETAIL, "admin", "invite", narrow={"state": "revoked"}),
    ("admin-invites-revoke", "POST"): Endpoint(DETAIL, "admin", "invite"),
    ("invites-redeem", "POST"): Endpoint(
        PUBLIC, None, why="public: redeeming an invite is how a newcomer gets credentials "
        "(tests/accounts/test_invites.py)",
    ),
    ("admin-webhooks-list", "GET"): Endpoint(LIST, "admin", "webhook"),
    ("admin-webhooks-list", "POST"): Endpoint(CREATE, "admin", "webhook"),
    ("admin-webhooks-detail", "GET"): Endpoint(DETAIL, "admin", "webhook", narrow={"active": "false"}),
    ("admin-webhooks-detail", "PATCH"): Endpoint(DETAIL, "admin", "webhook", body={"active": False}),
    ("admin-webhooks-detail", "DELETE"): Endpoint(DETAIL, "admin", "webhook"),
    ("admin-webhooks-test", "POST"): Endpoint(DETAIL, "admin", "webhook"),
    ("admin-webhooks-deliveries", "GET"): Endpoint(
        DETAIL, "admin", "webhook", extra={"list": True}, group_by=False,
        why="a webhook's delivery log, not a resource list: no group_by",
    ),
    ("events-list", "GET"): Endpoint(LIST, "read_events", "event"),
    ("intents-list", "GET"): Endpoint(LIST, "read_intents", "intent"),
    ("intents-list", "POST"): Endpoint(CREATE, "write_intents", "intent"),
    ("intents-batch", "POST"): Endpoint(BATCH, "write_intents", "intent", extra={"items": "intents"}),
    ("intents-detail", "GET"): Endpoint(DETAIL, "read_intents", "intent", narrow={"branch": "elsewhere"}),
    ("intent-nodes", "GET"): Endpoint(DETAIL, "read_intents", "intent", extra={"list": True}),
    ("impacts-list", "GET"): Endpoint(LIST, "read_impacts", "impact"),
    ("impacts-list", "POST"): Endpoint(CREATE, "write_impacts", "impact"),
    ("impacts-batch", "POST"): Endpoint(BATCH, "write_impacts", "impact", extra={"items": "impacts"}),
    ("impacts-detail", "GET"): Endpoint(DETAIL, "read_impacts", "impact", narrow={"severity": "critical"}),
    ("impacts-detail", "PATCH"): Endpoint(DETAIL, "write_impacts", "impact", body={"status": "resolved"}),
    ("messages-list", "GET"): Endpoint(LIST, "read_messages", "message"),
    ("messages-list", "POST"): Endpoint(CREATE, "write_messages", "message"),
    ("messages-detail", "GET"): Endpoint(DETAIL, "read_messages", "message", narrow={"channel": "sentinel"}),
    ("messages-detail", "PATCH"): Endpoint(DETAIL, "write_messages", "message", body={"read": True}),
    ("snapshots-list", "GET"): Endpoint(LIST, "read_snapshots", "snapshot"),
    ("snapshots-list", "POST"): Endpoint(CREATE, "write_snapshots", "snapshot"),
    ("snapshots-batch", "POST"): Endpoint(BATCH, "write_snapshots", "snapshot", extra={"items": "snapshots"}),
    ("snapshots-detail", "GET"): Endpoint(DETAIL, "read_snapshots", "snapshot", narrow={"branch": "elsewhere"}),
    ("snapshots-content", "GET"): Endpoint(DETAIL, "read_snapshots", "snapshot"),
    ("zones-list", "GET"): Endpoint(LIST, "read_zones", "zone"),
    ("zones-list", "POST"): Endpoint(CREATE, "write_zones", "zone"),
    ("zones-check", "GET"): Endpoint(OTHER, "read_zones", extra={"params": {"path": "src/app.py"}}),
    ("zones-detail", "GET"): Endpoint(DETAIL, "read_zones", "zone", narrow={"mode": "block"}),
    ("zones-detail", "DELETE"): Endpoint(DETAIL, "write_zones", "zone"),
    ("prove-run", "POST"): Endpoint(CREATE, "run_prove", "prove"),
    ("prove-history", "GET"): Endpoint(LIST, "read_prove", "prove"),
    ("prove-detail", "GET"): Endpoint(DETAIL, "read_prove", "prove", narrow={"repo": "elsewhere"}),
    ("presence", "GET"): Endpoint(OTHER, None, why="presence needs a valid caller and no scope, like team sync"),
    ("presence", "POST"): Endpoint(OTHER, None, body={"branch": "main"},
                                   why="presence needs a valid caller and no scope, like team sync"),
    ("knowledge-list", "GET"): Endpoint(LIST, "read_knowledge", "knowledge"),
    ("knowledge-list", "POST"): Endpoint(CREATE, "write_knowledge", "knowledge"),
    ("knowledge-detail", "GET"): Endpoint(DETAIL, "read_knowledge", "knowledge", narrow={"category": "elsewhere"}),
    ("knowledge-detail", "PATCH"): Endpoint(DETAIL, "write_knowledge", "knowledge", body={"answer": "changed"}),
    ("knowledge-detail", "DELETE"): Endpoint(DETAIL, "write_knowledge", "knowledge"),
    ("knowledge-upvote", "POST"): Endpoint(DETAIL, "write_knowledge", "knowledge"),
}

# Under /v1/ but not in Django's resolver, or not an endpoint of its own.
ELSEWHERE = {
    "GET /v1/events?subscribe=true": "the SSE stream is served by the ASGI router (aura_site/routing.py), not "
    "Django's URLs; its 401, ?team=, scope and parameter refusals are in tests/events/test_stream.py",
    "^v1(/.*)?$": "the catch-all answering 404 not_found for unknown /v1/ paths (tests/api/test_errors.py)",
}


# --- the routes, from the resolver ------------------------------------------------------------


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


@dataclass(frozen=True)
class Route:
    text: str
    kwargs: tuple  # the URL's keyword arguments (an id)
    view: type
    action: str | None  # the viewset action, None for an APIView


def discovered():
    """{(url name, METHOD): Route} for every view under /v1/."""
    found = {}
    for route, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith("v1/"):
            assert not route.lstrip("^").startswith("v1") or route in ELSEWHERE, f"{route}: say why in ELSEWHERE"
            continue
        callback = pattern.callback
        view = getattr(callback, "cls", None)
        assert view is not None and pattern.name, f"/{route}: not a named DRF view"
        actions = getattr(callback, "actions", None)
        if actions is not None:
            methods = list(actions)
        else:
            methods = [m for m in view.http_method_names if m not in ("head", "options") and hasattr(view, m)]
        for method in methods:
            found[(pattern.name, method.upper())] = Route(
                route, tuple(pattern.pattern.regex.groupindex), view, (actions or {}).get(method)
            )
    return found


ROUTES = discovered()
OPS = sorted(ENDPOINTS)


def ops(*kinds):
    return [op for op in OPS if ENDPOINTS[op].kind in kinds]


def op_param(*kinds, when=lambda e: True):
    chosen = [op for op in ops(*kinds) if when(ENDPOINTS[op])]
    return pytest.mark.parametrize("op", chosen, ids=[f"{n} {m}" for n, m in chosen])


def is_list(e):
    return e.kind == LIST or e.extra.get("list")


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def seeded(world):
    """One object of each resource in each team, made through the API by the
    team's admin. ``seeded.ids[(team, resource)]``; ``seeded.clients[team]``."""
    clients = {"acme": ApiClient(world.alice_token), "globex": ApiClient(world.gina_token)}
    ids = {}
    for slug, client in clients.items():
        for resource in FACTORIES:
            ids[(slug, resource)] = create(client, slug, resource)
    world.ids, world.clients = ids, clients
    return world


def create(client, team, resource, index=0):
    path, body = FACTORIES[resource]
    r = client.post(path, body(team, index))
    assert r.status_code == 201, (resource, r.status_code, r.content[:300])
    return r.json()["id"]


def url_for(op, object_id=None):
    return reverse(op[0], kwargs={k: object_id for k in ROUTES[op].kwargs})


def call(client, op, url, body=None, params=None):
    method = op[1].lower()
    if method == "get":
        return client.get(url, params)
    if params:
        from urllib.parse import urlencode

        url = f"{url}?{urlencode(params)}"
    return getattr(client, method)(url, body)


def valid_body(op, team="acme", world=None):
    """A body the endpoint would accept for ``team`` (None for bodiless calls)."""
    e = ENDPOINTS[op]
    if e.body is not None:
        return dict(e.body)
    if e.kind == CREATE:
        return FACTORIES[e.resource][1](team, 7)
    if e.kind == BATCH:
        if e.resource == "impact":
            return {"impacts": [{"id": world.ids[(team, "impact")], "status": "resolved"}]}
        return {e.extra["items"]: [FACTORIES[e.resource][1](team, 7)]}
    return None


def own_object(op, world):
    """The acme object an acme caller may address on this route (None: no id in the URL)."""
    return world.ids[("acme", ENDPOINTS[op].resource)] if ROUTES[op].kwargs else None


VOLATILE = {
    ("accounts", "token"): {"last_used_at"},
    ("accounts", "member"): {"last_seen_at"},
}
OUR_APPS = {"accounts", "api", "events", "intents", "impacts", "aura_messages", "snapshots", "zones", "prove",
            "knowledge", "presence"}


def db_state():
    """Every row of the project's own tables (bookkeeping columns aside)."""
    state = {}
    for model in apps.get_models():
        label = (model._meta.app_label, model._meta.model_name)
        if label[0] not in OUR_APPS:
            continue
        skip = VOLATILE.get(label, set())
        names = sorted(f.attname for f in model._meta.concrete_fields if f.attname not in skip)
        state[label] = sorted(map(repr, model.objects.order_by().values_list(*names)))
    return state


# --- the table matches the resolver ------------------------------------------------------------


def test_every_endpoint_is_in_the_table():
    missing = sorted(set(ROUTES) - set(ENDPOINTS))
    stale = sorted(set(ENDPOINTS) - set(ROUTES))
    assert not missing, f"endpoints without a row in ENDPOINTS: {missing}"
    assert not stale, f"rows in ENDPOINTS for endpoints that do not exist: {stale}"


def test_the_table_is_consistent():
    for op, e in ENDPOINTS.items():
        route = ROUTES[op]
        # (h) needs a narrowing filter wherever a retrieve has list filters to ignore.
        filtered = route.action == "retrieve" and getattr(route.view, "filterset_class", None) is not None
        assert filtered == (e.narrow is not None), (op, "a retrieve with list filters names one in narrow")
        has_id = bool(route.kwargs)
        assert e.kind == SESSION or has_id == (e.kind == DETAIL), (op, "detail routes, and only they, take an id")
        if e.scope is None:
            assert e.why, (op, "a route that needs no scope says why")
        else:
            assert e.scope in scopes.ALL_SCOPES, op
        if e.kind in (LIST, DETAIL, CREATE, BATCH):
            assert e.resource in FACTORIES or e.resource == "event", op
    assert set(FACTORIES) <= {e.resource for e in ENDPOINTS.values()}


# --- (a) no credentials -----------------------------------------------------------------------


@op_param(SESSION)
def test_session_routes_refuse_a_token(api, world, op):
    before = db_state()
    r = call(api(world.alice_token), op, url_for(op, "xyz_01"), {})
    assert_error(r, 403, "session_required")
    assert db_state() == before


@op_param(LIST, DETAIL, CREATE, BATCH, OTHER, SESSION)
def test_a_without_credentials_401(api, world, op):
    body = {} if ENDPOINTS[op].kind == BATCH else valid_body(op)
    before = db_state()
    r = call(api(), op, url_for(op, "xyz_01"), body)
    err = assert_error(r, 401, "unauthorized")
    assert err["request_id"] == r["X-Request-Id"] and r["X-Request-Id"].startswith("req_")
    assert r["X-Aura-Version"]
    assert r.get("WWW-Authenticate", "").startswith("Bearer")
    assert db_state() == before


@op_param(PUBLIC)
def test_a_public_routes_answer_without_credentials(api, world, op):
    before = db_state()
    r = call(api(), op, url_for(op), {})
    err = assert_error(r, 400, "validation_failed")
    assert err["request_id"] == r["X-Request-Id"]
    assert db_state() == before


# --- (b) another team's object ------------------------------------------------------------------


@op_param(DETAIL)
def test_b_another_teams_object_is_404_and_nothing_is_written(seeded, op):
    foreign = seeded.ids[("globex", ENDPOINTS[op].resource)]
    before = db_state()
    r = call(seeded.clients["acme"], op, url_for(op, foreign), valid_body(op))
    err = assert_error(r, 404, "not_found")
    assert "globex" not in r.content.decode()
    assert db_state() == before
    # Not a mere missing id: the owner reaches it.
    if op[1] == "GET":
        assert call(seeded.clients["globex"], op, url_for(op, foreign)).status_code == 200
    # Another team's object reads exactly like no object at all.
    nobody = foreign[:-4] + "ZZZZ"
    missing = call(seeded.clients["acme"], op, url_for(op, nobody), valid_body(op)).json()["error"]
    assert (err["message"].replace(foreign, nobody), err["hint"]) == (missing["message"], missing["hint"])


# References to another team's objects inside request bodies.
FOREIGN_BODIES = {
    ("messages-list", "POST"): (lambda w: {"body": "psst", "to": {"kind": "member", "id": w.gina.id}},
                                400, "validation_failed"),
    ("messages-list", "POST", "handle"): (lambda w: {"body": "psst", "to": {"kind": "member", "id": "gina"}},
                                          400, "validation_failed"),
    ("intents-list", "POST"): (lambda w: {"summary": "for gina [ENG-1]", "author": w.gina.id},
                               400, "validation_failed"),
    ("intents-list", "POST", "handle"): (lambda w: {"summary": "for gina [ENG-1]", "author": "gina"},
                                         400, "validation_failed"),
    ("admin-tokens-list", "POST"): (lambda w: {"member": w.gina.id, "scopes": ["admin"]}, 400, "validation_failed"),
    ("admin-tokens-list", "POST", "teams"): (lambda w: {"member": "alice", "teams": ["globex"], "scopes": ["admin"]},
                                             404, "not_found"),
}


@pytest.mark.parametrize("case", list(FOREIGN_BODIES), ids=[" ".join(c) for c in FOREIGN_BODIES])
def test_b_references_to_another_teams_objects_in_a_body_are_refused(seeded, case):
    op = case[:2]
    body, status, code = FOREIGN_BODIES[case]
    before = db_state()
    r = call(seeded.clients["acme"], op, url_for(op), body(seeded))
    assert_error(r, status, code)
    assert db_state() == before


@op_param(BATCH)
def test_b_batch_items_naming_another_teams_objects_fail_alone(seeded, op):
    e = ENDPOINTS[op]
    if e.resource == "impact":
        body = {"impacts": [{"id": seeded.ids[("globex", "impact")], "status": "resolved"},
                            {"id": seeded.ids[("acme", "impact")], "status": "resolved"}]}
        foreign_code = "not_found"
    else:
        item = FACTORIES[e.resource][1]("acme", 8)
        if e.resource == "intent":  # logged for another team's member
            bad, foreign_code = {**item, "author": seeded.gina.id}, "validation_failed"
        else:  # written into another team
            bad, foreign_code = {**item, "team": "globex"}, "not_found"
        body = {e.extra["items"]: [bad, FACTORIES[e.resource][1]("acme", 9)]}
    r = call(seeded.clients["acme"], op, url_for(op), body)
    assert r.status_code == 200, r.content[:300]
    first, second = r.json()
    assert first["err"]["code"] == foreign_code, first
    assert "ok" in second, second
    sent = {seeded.ids[("globex", "impact")]}
    text = r.content.decode()
    assert all(i not in text for (team, _), i in seeded.ids.items() if team == "globex" and i not in sent)


# --- (c) lists never show another team's rows ---------------------------------------------------


def list_url(op, world, team="acme"):
    e = ENDPOINTS[op]
    return url_for(op, world.ids[(team, e.resource)] if ROUTES[op].kwargs else None)


@op_param(LIST, DETAIL, when=is_list)
def test_c_lists_never_show_another_teams_rows(seeded, op):
    e = ENDPOINTS[op]
    r = seeded.clients["acme"].get(list_url(op, seeded), {"limit": 500})
    assert r.status_code == 200, r.content[:300]
    text = r.content.decode()
    assert r.json()["data"], "the sweep needs rows to look at"  # not vacuous
    assert "globex" not in text
    for (team, _), object_id in seeded.ids.items():
        if team == "globex":
            assert object_id not in text
    if e.kind == LIST and e.resource != "event":
        assert seeded.ids[("acme", e.resource)] in text
    if e.group_by:
        groups = seeded.clients["acme"].get(list_url(op, seeded), {"group_by": "team"})
        assert groups.status_code == 200, groups.content[:300]
        assert [g["team"] for g in groups.json()["data"]] == ["acme"]


# --- (d) ?team= naming a team that is not the caller's -----------------------------------------


@op_param(LIST, DETAIL, CREATE, OTHER)
def test_d_team_param_naming_another_team_is_404(seeded, op):
    body = valid_body(op, world=seeded)
    params = {**ENDPOINTS[op].extra.get("params", {}), "team": "globex"}
    before = db_state()
    r = call(seeded.clients["acme"], op, url_for(op, own_object(op, seeded)), body, params=params)
    assert_error(r, 404, "not_found")
    assert db_state() == before
    if isinstance(body, dict) and ENDPOINTS[op].kind == CREATE:
        # The same in the body.
        r = call(seeded.clients["acme"], op, url_for(op), {**body, "team": "globex"})
        assert_error(r, 404, "not_found")
        assert db_state() == before


@op_param(BATCH)
def test_d_batch_naming_another_team_fails_every_item(seeded, op):
    before = db_state()
    r = call(seeded.clients["acme"], op, url_for(op), valid_body(op, world=seeded), params={"team": "globex"})
    if r.status_code == 200:
        assert [item["err"]["code"] for item in r.json()] == ["not_found"]
    else:
        assert_error(r, 404, "not_found")
    assert db_state() == before


# --- (e) unknown query parameters on lists -----------------------------------------------------


@op_param(LIST, DETAIL, OTHER, when=lambda e: is_list(e) or (e.kind == OTHER and e.extra.get("params")))
def test_e_unknown_query_parameter_is_400(seeded, op):
    params = {**ENDPOINTS[op].extra.get("params", {}), "colour": "red"}
    r = seeded.clients["acme"].get(list_url(op, seeded) if ROUTES[op].kwargs else url_for(op), params)
    err = assert_error(r, 400, "invalid_parameter")
    assert err["parameter"] == "colour" and "colour" in err["message"]


# --- (f) the route's scope ----------------------------------------------------------------------


@op_param(LIST, DETAIL, CREATE, BATCH, OTHER, when=lambda e: e.scope is not None)
def test_f_token_without_the_scope_is_403_naming_it(seeded, op):
    scope = ENDPOINTS[op].scope
    # Without admin too: an admin token holds every scope.
    raw = make_token(seeded.alice, [s for s in ALL if s not in (scope, scopes.ADMIN)])
    before = db_state()
    r = call(ApiClient(raw), op, url_for(op, own_object(op, seeded)), valid_body(op, world=seeded))
    err = assert_error(r, 403, "scope_missing")
    assert scope in err["hint"] and scope in err["message"]
    assert db_state() == before


@op_param(LIST, DETAIL, OTHER, when=lambda e: e.scope is None)
def test_f_routes_without_a_scope_serve_any_valid_caller(seeded, op):
    raw = make_token(seeded.rita, ["read_zones"])  # read-only, one unrelated scope
    r = call(ApiClient(raw), op, url_for(op, own_object(op, seeded)), valid_body(op))
    assert r.status_code == ENDPOINTS[op].ok, r.content[:300]


# --- (g) no N+1 on lists -----------------------------------------------------------------------


@op_param(LIST, DETAIL, when=is_list)
def test_g_a_list_costs_the_same_queries_for_one_row_and_many(seeded, op):
    e = ENDPOINTS[op]
    client = seeded.clients["acme"]
    if e.resource in FACTORIES and e.kind == LIST:
        for index in (1, 2, 3):
            create(client, "acme", e.resource, index)
    url = list_url(op, seeded)
    assert client.get(url).status_code == 200  # warm: last-seen stamps, the lazy purge
    counts = {}
    for limit in (1, 500):
        with CaptureQueriesContext(connection) as queries:
            r = client.get(url, {"limit": limit})
        assert r.status_code == 200
        counts[limit] = (len(queries), len(r.json()["data"]))
    assert counts[500][1] >= 3, counts
    assert counts[1][0] == counts[500][0], (counts, [q["sql"][:200] for q in queries.captured_queries])


# --- (h) an id finds its object whatever list filters come with it -----------------------------


@op_param(DETAIL, when=lambda e: e.narrow is not None)
def test_h_detail_routes_ignore_list_filters(seeded, op):
    e = ENDPOINTS[op]
    client = seeded.clients["acme"]
    own = seeded.ids[("acme", e.resource)]
    lists = next(o for o in ops(LIST) if ENDPOINTS[o].resource == e.resource and o[1] == "GET")
    # The filter does exclude the object from its list...
    listed = client.get(url_for(lists), {**e.narrow, "limit": 500})
    assert listed.status_code == 200 and own not in listed.content.decode(), listed.content[:300]
    # ...and does not hide it from its own URL.
    r = client.get(url_for(op, own), e.narrow)
    assert r.status_code == 200, r.content[:300]
    assert r.json()["id"] == own
