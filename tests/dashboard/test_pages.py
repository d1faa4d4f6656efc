"""The dashboard without a browser: its pages need a login, render for a
member, load only this origin's assets, and their scripts call nothing but
the public /v1/ API. Plus the demo history that ``make run`` seeds."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.models import Member, Team
from tests.conftest import make_member
from aura_site.api import handlers

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "dashboard" / "static" / "dashboard"
JS = sorted((STATIC / "js").glob("*.js"))
PAGES = {
    "/dashboard/": ("Overview", "dashboard/js/overview.js"),
    "/dashboard/online/": ("Online now", "dashboard/js/online.js"),
    "/dashboard/intents/": ("Intents", "dashboard/js/intents.js"),
    "/dashboard/intents/itn_01TEST/": ("Intent", "dashboard/js/intent.js"),
    "/dashboard/impacts/": ("Impacts", "dashboard/js/impacts.js"),
    "/dashboard/prove/": ("Prove", "dashboard/js/prove.js"),
    "/dashboard/snapshots/": ("Snapshots", "dashboard/js/snapshots.js"),
    "/dashboard/live/": ("Live", "dashboard/js/live.js"),
    "/dashboard/zones/": ("Zones &amp; messages", "dashboard/js/zones.js"),
    "/dashboard/tokens/": ("Tokens", "dashboard/js/tokens.js"),
    "/dashboard/knowledge/": ("Knowledge", "dashboard/js/knowledge.js"),
    "/dashboard/invites/": ("Invites", "dashboard/js/invites.js"),
}
# Namespace URIs name XML vocabularies; the browser never requests them.
NAMESPACES = {"http://www.w3.org/2000/svg"}
URL_RE = re.compile(r"""https?://[^\s"'`)<>]+""")


def logged_in(user_name="alice", password="alice-password-1"):
    client = Client()
    assert client.login(username=user_name, password=password)
    return client


def foreign_urls(text):
    return [u for u in URL_RE.findall(text) if u not in NAMESPACES]


# --- pages -----------------------------------------------------------------


@pytest.mark.parametrize("path", [*PAGES])
def test_pages_need_login(db, path):
    r = Client().get(path)
    assert r.status_code == 302
    assert r["Location"] == f"/accounts/login/?next={path}"


def test_root_redirects_to_dashboard(db):
    r = Client().get("/")
    assert r.status_code == 302 and r["Location"] == "/dashboard/"


@pytest.mark.parametrize("path", [*PAGES])
def test_pages_render_for_a_member(world, path):
    title, script = PAGES[path]
    client = logged_in()
    # The current team is always in the URL: without it, the page redirects to it.
    r = client.get(path)
    assert r.status_code == 302 and r["Location"] == f"{path}?team=acme"
    r = client.get(path, {"team": "acme"})
    assert r.status_code == 200
    html = r.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert f'<script type="module" src="/static/{script}"></script>' in html
    # The page's only script is its module: no inline code, enforced by the CSP
    # (a JSON data block, which no browser runs, is not code).
    assert len(re.findall(r'<script\b(?![^>]*type="application/json")', html)) == 1
    assert "script-src 'self'" in r["Content-Security-Policy"]
    assert "connect-src 'self'" in r["Content-Security-Policy"]
    # The CSRF token the scripts send with writes, and who is signed in.
    assert re.search(r'<meta name="csrf-token" content="[\w-]{32,}">', html)
    assert '<meta name="aura-user" content="alice">' in html
    assert "csrftoken" in r.cookies
    assert 'aria-current="page"' in html
    assert r["Cache-Control"].startswith("max-age=0")


def test_pages_render_no_data_of_their_own(world):
    """Every number comes from the API: the HTML has no team data in it."""
    html = logged_in().get("/dashboard/?team=acme").content.decode()
    for secret in ("acme", "bob", "rita", "robo", "globex"):
        assert secret not in html


@pytest.mark.parametrize("path", [*PAGES, "/accounts/login/"])
def test_pages_load_only_local_assets(world, path):
    client = logged_in() if path.startswith("/dashboard/") else Client()
    html = client.get(path, {"team": "acme"} if path.startswith("/dashboard/") else None).content.decode()
    assert foreign_urls(html) == []
    refs = re.findall(r"""(?:src|href)="([^"]+)\"""", html)
    assert refs, "no assets at all?"
    for ref in refs:
        assert ref.startswith(("/", "#")) and not ref.startswith("//"), ref
        if ref.startswith("/static/"):
            assert finders.find(ref[len("/static/"):]), f"missing static file {ref}"


def test_login_page_is_styled_and_reports_a_bad_password(world):
    r = Client().get("/accounts/login/?next=/dashboard/impacts/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "/static/dashboard/css/dashboard.css" in html
    assert 'name="next" value="/dashboard/impacts/"' in html
    r = Client().post("/accounts/login/", {"username": "alice", "password": "nope", "next": "/dashboard/"})
    assert r.status_code == 200
    assert 'role="alert"' in r.content.decode()
    r = Client().post("/accounts/login/", {"username": "alice", "password": "alice-password-1", "next": "/dashboard/"})
    assert r.status_code == 302 and r["Location"] == "/dashboard/"


def test_sign_out_is_a_post_back_to_login(world):
    client = logged_in()
    html = client.get("/dashboard/?team=acme").content.decode()
    assert re.search(r'<form method="post" action="/accounts/logout/"', html)
    r = client.post("/accounts/logout/", {"next": "/accounts/login/"})
    assert r.status_code == 302 and r["Location"] == "/accounts/login/"
    assert client.get("/dashboard/").status_code == 302


def test_the_team_is_always_in_the_url(world):
    """Without ?team=: the team last chosen (kept in the session), else the first by slug."""
    make_member(world.globex, "alice", role="member")
    client = logged_in()
    r = client.get("/dashboard/impacts/", {"status": "all"})
    assert r.status_code == 302 and r["Location"] == "/dashboard/impacts/?status=all&team=acme"
    assert client.get("/dashboard/zones/", {"team": "globex"}).status_code == 200
    r = client.get("/dashboard/")
    assert r["Location"] == "/dashboard/?team=globex"
    assert client.get("/dashboard/", {"team": "acme"}).status_code == 200
    assert client.get("/dashboard/live/")["Location"] == "/dashboard/live/?team=acme"
    # A fresh session starts from the first team by slug.
    assert logged_in().get("/dashboard/")["Location"] == "/dashboard/?team=acme"


def test_a_team_not_yours_is_the_dashboards_404(world):
    r = logged_in().get("/dashboard/", {"team": "globex"})
    assert r.status_code == 404
    html = r.content.decode()
    assert "<h1>Page not found</h1>" in html and "/static/dashboard/css/dashboard.css" in html
    assert "globex" in html and "<script" not in html
    assert "default-src 'self'" in r["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/dashboard/nope/", "/nowhere", "/dashboard/intents/a/b/"])
def test_unknown_pages_are_the_dashboards_404(world, path):
    for client in (logged_in(), Client()):
        r = client.get(path)
        assert r.status_code == 404
        html = r.content.decode()
        assert "<h1>Page not found</h1>" in html and "/static/dashboard/css/dashboard.css" in html
    # Under /v1/ it stays the API's JSON.
    r = Client().get("/v1/nowhere")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_a_server_error_is_the_dashboards_500(world, rf):
    from aura_site import urls

    r = urls.handler500(rf.get("/dashboard/"))
    assert r.status_code == 500 and "Something went wrong" in r.content.decode()
    r = urls.handler500(rf.get("/v1/intents"))
    assert r.status_code == 500 and r["Content-Type"].startswith("application/json")
    r = urls.handler403(rf.get("/dashboard/"))
    assert r.status_code == 403 and "Not allowed" in r.content.decode()


def test_favicon_ico(db):
    r = Client().get("/favicon.ico")
    assert r.status_code == 200 and r["Content-Type"] == "image/x-icon"
    body = b"".join(r.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert "max-age" in r["Cache-Control"]


def test_nav_is_one_list(world):
    from dashboard import views

    html = logged_in().get("/dashboard/intents/itn_01TEST/", {"team": "acme"}).content.decode()
    nav = re.search(r'<nav class="nav".*?</nav>', html, re.S).group(0)
    labels = re.findall(r">([^<>]+)</a>", nav)
    assert labels == [title.replace("&", "&amp;") for _, title in views.NAV]
    # A detail page marks its list page as current.
    assert re.search(r'href="/dashboard/intents/"[^>]*aria-current="page"', nav)


def nav_labels(html):
    nav = re.search(r'<nav class="nav".*?</nav>', html, re.S).group(0)
    return re.findall(r">([^<>]+)</a>", nav)


@pytest.mark.parametrize("name", ["bob", "rita"])
def test_invites_are_for_admins_only(world, name):
    """A member or read-only member of the team sees no Invites link, and
    the page itself is the dashboard's 403 (the API refuses the calls too)."""
    client = Client()
    client.force_login(getattr(world, name).user)
    html = client.get("/dashboard/knowledge/", {"team": "acme"}).content.decode()
    labels = nav_labels(html)
    assert "Invites" not in labels and "Knowledge" in labels and "Online now" in labels
    assert 'href="/dashboard/invites/' not in html
    r = client.get("/dashboard/invites/", {"team": "acme"})
    assert r.status_code == 403
    page = r.content.decode()
    assert "<h1>Not allowed</h1>" in page and "Only an admin of acme" in page
    assert "<script" not in page and "default-src 'self'" in r["Content-Security-Policy"]
    assert "Invites" not in nav_labels(page)
    # Without ?team= it still redirects to the team first, then refuses.
    r = client.get("/dashboard/invites/")
    assert r.status_code == 302 and r["Location"] == "/dashboard/invites/?team=acme"


def test_invites_follow_the_role_in_the_current_team(world):
    """alice is an admin of acme and a plain member of globex: the link and
    the page follow the team in the URL."""
    make_member(world.globex, "alice", role="member")
    client = logged_in()
    acme = client.get("/dashboard/invites/", {"team": "acme"})
    assert acme.status_code == 200 and "Invites" in nav_labels(acme.content.decode())
    assert "<h1>Invites</h1>" in acme.content.decode()
    globex = client.get("/dashboard/invites/", {"team": "globex"})
    assert globex.status_code == 403 and "Only an admin of globex" in globex.content.decode()
    other = client.get("/dashboard/online/", {"team": "globex"})
    assert other.status_code == 200 and "Invites" not in nav_labels(other.content.decode())


def test_admin_change_lists_get_the_overflow_fix(world, admin_client):
    html = admin_client.get("/admin/accounts/member/").content.decode()
    assert "/static/dashboard/css/admin.css" in html
    assert finders.find("dashboard/css/admin.css")


# --- scripts -----------------------------------------------------------------

NETWORK = re.compile(r"\bfetch\s*\(|new\s+EventSource\s*\(|XMLHttpRequest|WebSocket|sendBeacon|\bimport\s*\(")
API_CALL = re.compile(
    r"""\b(?:api\.(?:get|post|patch|delete|text)|eventStream|probeStream)\(\s*(?P<arg>"[^"]*"|'[^']*'|`[^`]*`|[^,)]*)"""
)


def js_sources():
    return {path.name: path.read_text() for path in JS}


def test_scripts_reach_the_network_only_through_api_js():
    sources = js_sources()
    assert {"api.js", "overview.js", "intents.js", "intent.js", "impacts.js", "prove.js", "snapshots.js", "live.js",
            "zones.js", "tokens.js", "online.js", "knowledge.js", "invites.js"} <= set(sources)
    for name, text in sources.items():
        hits = NETWORK.findall(text)
        if name == "api.js":
            assert hits, "api.js is where requests are made"
        else:
            assert hits == [], f"{name} makes requests itself: {hits}"
    api_js = sources["api.js"]
    # The one gate: every URL is built by apiUrl, which refuses anything outside /v1/.
    assert 'const API_PREFIX = "/v1/";' in api_js
    assert "!path.startsWith(API_PREFIX)" in api_js
    assert len(re.findall(r"\bfetch\s*\(\s*apiUrl\(", api_js)) == len(re.findall(r"\bfetch\s*\(", api_js))
    assert re.findall(r"new\s+EventSource\s*\(([^)]*\))", api_js) == ["apiUrl(path, params)"]


def test_scripts_call_only_public_api_paths():
    calls = []
    for name, text in js_sources().items():
        for match in API_CALL.finditer(text):
            arg = match.group("arg").strip()
            if name == "api.js" and arg in ("path", ""):
                continue  # the helpers' own definitions
            m = re.fullmatch(r"""(["'`])(?P<path>/v1/[^"'`]*)\1""", arg)
            assert m, f"{name}: API call with a computed path {arg!r}; write the /v1/ path literally"
            calls.append((name, m.group("path")))
    paths = {p for _, p in calls}
    for wanted in ("/v1/status", "/v1/intents", "/v1/prove/history", "/v1/impacts", "/v1/events",
                   "/v1/zones", "/v1/messages", "/v1/impacts/${encodeURIComponent(impact.id)}",
                   "/v1/messages/${encodeURIComponent(msg.id)}", "/v1/intents/${encodeURIComponent(id)}",
                   "/v1/snapshots", "/v1/snapshots/${encodeURIComponent(id)}/content", "/v1/zones/${encodeURIComponent(zone.id)}",
                   "/v1/me/tokens", "/v1/me/tokens/${encodeURIComponent(token.id)}/rotate",
                   "/v1/me/tokens/${encodeURIComponent(token.id)}/revoke",
                   "/v1/presence", "/v1/knowledge", "/v1/knowledge/${encodeURIComponent(entry.id)}",
                   "/v1/knowledge/${encodeURIComponent(entry.id)}/upvote", "/v1/admin/invites",
                   "/v1/admin/invites/${encodeURIComponent(invite.id)}/revoke"):
        assert wanted in paths, (wanted, sorted(paths))
    for name, path in calls:
        concrete = re.sub(r"\$\{[^}]*\}", "x_01TEST", path)
        try:
            match = resolve(concrete)
        except Resolver404:
            pytest.fail(f"{name} calls {path}, which no URL serves")
        assert match.func is not handlers.api_not_found, f"{name} calls {path}, which is not an endpoint"


def test_scripts_import_only_local_modules():
    for name, text in js_sources().items():
        for spec in re.findall(r"""^import\s[^;]*?from\s+["']([^"']+)["']""", text, re.M):
            assert spec.startswith("./") and (STATIC / "js" / spec[2:]).exists(), (name, spec)


@pytest.mark.parametrize("path", [*JS, *sorted((STATIC / "css").glob("*.css")), STATIC / "favicon.svg"],
                         ids=lambda p: p.name)
def test_static_files_name_no_other_host(path):
    assert foreign_urls(path.read_text()) == [], path


# --- the session as the pages use it --------------------------------------------


def test_session_writes_need_the_csrf_header(world, api):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="alice", password="alice-password-1")
    page = client.get("/dashboard/zones/")
    token = page.cookies["csrftoken"].value
    body = {"team": "acme", "channel": "team", "to": {"kind": "broadcast"}, "body": "hello from the dashboard"}
    r = api(client=client).post("/v1/messages", body)
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    r = api(client=client).post("/v1/messages", body, headers={"X-CSRFToken": token})
    assert r.status_code == 201, r.content
    assert r.json()["from"]["name"] == "alice"


# --- the demo history ------------------------------------------------------------


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("demo", stdout=out)
    team = Team.objects.get(slug="demo")
    password = re.search(r"^Password:\s+(\S+)$", out.getvalue(), re.M).group(1)
    username = re.search(r"^Username:\s+(\S+)$", out.getvalue(), re.M).group(1)
    client = Client()
    assert client.login(username=username, password=password)
    return team, client


def get(client, path, **params):
    r = client.get(path, {"team": "demo", **params})
    assert r.status_code == 200, r.content
    return r.json()


def test_demo_seeds_members_and_agents(demo):
    team, _ = demo
    members = {m.name: m for m in Member.objects.filter(team=team)}
    assert {"ashiq", "jamie", "priya", "claude-agent", "ci-bot"} <= set(members)
    assert sum(m.kind == "agent" for m in members.values()) >= 2
    assert sum(m.kind == "human" for m in members.values()) >= 3
    assert not any(m.user.has_usable_password() for m in members.values() if m.kind == "agent")


def test_demo_gives_every_overview_chart_numbers(demo):
    _, client = demo
    authors = get(client, "/v1/intents", since="30d", group_by="author")["data"]
    assert len(authors) >= 4 and all(a["count"] > 0 for a in authors)
    days = get(client, "/v1/intents", since="30d", group_by="day")["data"]
    assert len(days) >= 10, "a month of history, not one afternoon"
    branches = get(client, "/v1/intents", group_by="branch")["data"]
    assert len(branches) >= 4
    rates = get(client, "/v1/prove/history", group_by="branch", aggregate="fail_rate")["data"]
    assert any(r["fail_rate"] > 0 for r in rates) and any(r["fail_rate"] == 0 for r in rates)
    severity = {r["severity"]: r["count"] for r in get(client, "/v1/impacts", group_by="severity")["data"]}
    assert severity.get("critical") and severity.get("warning")
    assert get(client, "/v1/impacts", group_by="your_branch")["data"]


def test_demo_impacts_come_from_the_graph(demo):
    _, client = demo
    impacts = get(client, "/v1/impacts", status="all")["data"]
    critical = [i for i in impacts if i["severity"] == "critical"]
    assert critical and critical[0]["function"] == "auth::Session::refresh"
    assert critical[0]["change"] == "deleted" and critical[0]["your_branch"] == "main"
    detail = get(client, f"/v1/impacts/{critical[0]['id']}")
    assert [c["name"] for c in detail["callers"]] == ["auth::login"]
    resolved = [i for i in impacts if i["status"] == "resolved"]
    assert resolved and resolved[0]["status_changed_by"]["name"] == "priya"
    sentinel = get(client, "/v1/messages", channel="sentinel")["data"]
    assert any("auth::Session::refresh" in m["body"] for m in sentinel)


def test_demo_leaves_zones_messages_and_unread_marks(demo):
    _, client = demo
    zones = get(client, "/v1/zones")["data"]
    assert {z["owner"]["name"] for z in zones} == {"jamie", "claude-agent"}
    assert {z["mode"] for z in zones} == {"block", "warn"}
    team_channel = get(client, "/v1/messages", channel="team")["data"]
    assert len(team_channel) >= 5
    unread = get(client, "/v1/messages", channel="team", unread_only="true")["data"]
    assert 0 < len(unread) < len(team_channel), "some read, some not"
    direct = [m for m in team_channel if m["to"]["kind"] == "member"]
    assert direct and direct[0]["to"]["name"] == "ashiq"
    runs = get(client, "/v1/prove/history")["data"]
    assert {r["result"] for r in runs} >= {"pass", "fail"}


def test_demo_runs_twice_without_doubling_the_history(demo):
    from intents.models import Intent
    from messages.models import Message

    team, _ = demo
    counts = (Intent.objects.filter(team=team).count(), Message.objects.filter(team=team).count(),
              Member.objects.filter(team=team).count())
    call_command("demo", stdout=StringIO())
    assert Team.objects.filter(slug="demo").count() == 1
    assert (Intent.objects.filter(team=team).count(), Message.objects.filter(team=team).count(),
            Member.objects.filter(team=team).count()) == counts


def test_demo_renews_claims_that_expired(demo):
    from datetime import timedelta

    from django.utils import timezone

    from zones.models import Zone

    team, _ = demo
    before = set(Zone.objects.filter(team=team).values_list("pk", flat=True))
    Zone.objects.filter(team=team).update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("demo", stdout=StringIO())
    active = Zone.objects.filter(team=team, expires_at__gt=timezone.now())
    assert active.count() == 2 and not set(active.values_list("pk", flat=True)) & before


def test_help_page_lists_the_mcp_tools_from_the_endpoints_registry(world):
    from agents.server import mcp

    r = logged_in().get("/dashboard/help/", follow=True)  # to the page of the current team
    assert r.status_code == 200
    html = r.content.decode()
    assert "<h1>Help</h1>" in html and 'aria-current="page"' in html
    assert "http://testserver/mcp" in html
    listed = re.findall(r"<td><code>(aura_[a-z_]+)</code>", html)
    assert listed == [tool.name for tool in mcp._tool_manager.list_tools()] and len(listed) == 18
    assert "<code>write_intents</code>" in html
    assert "<script" not in html
    assert 'href="/dashboard/help/' in logged_in().get("/dashboard/", follow=True).content.decode()


def test_the_tokens_page_offers_each_roles_scopes_from_the_vocabulary(world):
    """The scopes the Tokens page offers are the server's own, per role (the
    knowledge scopes included), not a copy kept in the page's script."""
    import json

    from accounts.scopes import ALL_SCOPES, ROLE_SCOPES

    html = logged_in().get("/dashboard/tokens/", {"team": "acme"}).content.decode()
    block = re.search(r'<script id="role-scopes" type="application/json">(.*?)</script>', html, re.S)
    offered = json.loads(block.group(1))
    assert {role: set(scopes) for role, scopes in offered.items()} == {r: set(s) for r, s in ROLE_SCOPES.items()}
    assert "read_knowledge" in offered["read-only"] and "write_knowledge" in offered["member"]
    assert offered["admin"] == list(ALL_SCOPES)


def test_the_pages_know_every_event_topic():
    """stream.js's topic list (which the Live page shows and filters by) is
    the event log's own."""
    from pathlib import Path

    from events.models import TOPICS

    source = (Path(__file__).resolve().parents[2] / "dashboard/static/dashboard/js/stream.js").read_text()
    listed = re.search(r"export const TOPICS = \[(.*?)\];", source, re.S).group(1)
    assert tuple(re.findall(r'"([a-z_.]+)"', listed)) == TOPICS
