"""The dashboard's pages. They only render HTML: every number on them is
fetched by the page's own script from the public /v1/ API, with the session
cookie and the CSRF header, exactly as any other client would. The Help page
has no script: it lists the MCP tools from the endpoint's own registry."""

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

# Everything a page loads comes from this origin: no CDN, no inline script.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# The pages, in the order of the navigation: (name, title, script, in the nav).
# A new page is one line here plus its route in urls.py.
PAGE_LIST = [
    ("overview", "Overview", "dashboard/js/overview.js", True),
    ("online", "Online now", "dashboard/js/online.js", True),
    ("intents", "Intents", "dashboard/js/intents.js", True),
    ("intent", "Intent", "dashboard/js/intent.js", False),
    ("impacts", "Impacts", "dashboard/js/impacts.js", True),
    ("prove", "Prove", "dashboard/js/prove.js", True),
    ("snapshots", "Snapshots", "dashboard/js/snapshots.js", True),
    ("live", "Live", "dashboard/js/live.js", True),
    ("zones", "Zones & messages", "dashboard/js/zones.js", True),
    ("knowledge", "Knowledge", "dashboard/js/knowledge.js", True),
    ("tokens", "Tokens", "dashboard/js/tokens.js", True),
    ("invites", "Invites", "dashboard/js/invites.js", True),
    ("help", "Help", None, True),
]
PAGES = {name: {"title": title, "script": script} for name, title, script, _ in PAGE_LIST}
NAV = [(name, title) for name, title, _, in_nav in PAGE_LIST if in_nav]
NAV_PARENT = {"intent": "intents"}
# Pages for a team's admins only: hidden from the others' navigation, and the
# dashboard's 403 when asked for (the API refuses their calls anyway).
ADMIN_PAGES = {"invites"}


def nav_for(role):
    """The navigation as a member of this role sees it."""
    return [(name, title) for name, title in NAV if role == "admin" or name not in ADMIN_PAGES]

SESSION_TEAM_KEY = "dashboard_team"


def _teams_of(user):
    from accounts.models import Team

    return list(Team.objects.filter(members__user=user).order_by("slug").values_list("slug", flat=True).distinct())


def _member(user, slug):
    """The user's (handle, role) in the team: the handle is a member's name,
    which the API's objects carry (the login name may differ: handle@team)."""
    from accounts.models import Member

    if not slug:
        return None, None
    found = Member.objects.filter(user=user, team__slug=slug).values_list("name", "role").first()
    return found or (None, None)


def _secure(response):
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["Referrer-Policy"] = "same-origin"
    return response


def role_scopes():
    """What each role may put on a token, from the scope vocabulary itself
    (the Tokens page offers exactly these, in this order)."""
    from accounts.scopes import ALL_SCOPES, ROLE_SCOPES

    return {role: [s for s in ALL_SCOPES if s in allowed] for role, allowed in ROLE_SCOPES.items()}


def help_context(request):
    """The MCP endpoint and its tools, read from the endpoint's own registry."""
    from agents.server import tool_list

    return {"mcp_url": request.build_absolute_uri("/mcp"), "tools": tool_list()}


@never_cache
@ensure_csrf_cookie
@login_required
def page(request, name, **kwargs):
    # The current team is always in the URL: without ?team=, the team last
    # chosen (kept in the session), else the first by slug.
    slugs = _teams_of(request.user)
    wanted = request.GET.get("team")
    if not wanted and slugs:
        remembered = request.session.get(SESSION_TEAM_KEY)
        query = request.GET.copy()
        query["team"] = remembered if remembered in slugs else slugs[0]
        return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
    if wanted and wanted not in slugs:
        return error_page(request, 404, f"You are not a member of a team {wanted!r}.")
    if wanted:
        request.session[SESSION_TEAM_KEY] = wanted
    member_name, role = _member(request.user, wanted)
    if name in ADMIN_PAGES and role != "admin":
        return error_page(request, 403, f"Only an admin of {wanted} can open {PAGES[name]['title']}.", role=role)
    context = {"page": name, "nav": nav_for(role), "nav_current": NAV_PARENT.get(name, name), "team": wanted,
               "object_id": kwargs.get("object_id", ""), "member_name": member_name, "member_role": role,
               **PAGES[name]}
    if name == "help":
        context.update(help_context(request))
    if name == "tokens":
        context["role_scopes"] = role_scopes()
    return _secure(render(request, f"dashboard/{name}.html", context))


MESSAGES = {
    403: ("Not allowed", "You may not open this page."),
    404: ("Page not found", "There is no dashboard page at this address."),
    500: ("Something went wrong", "The server could not show this page. Try again in a moment."),
}


def error_page(request, status, detail=None, role=None):
    title, text = MESSAGES[status]
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    context = {"status": status, "title": title, "detail": detail or text, "nav": nav_for(role) if signed_in else []}
    return _secure(render(request, "dashboard/error.html", context, status=status))


def not_found(request, exception=None):
    return error_page(request, 404)


def forbidden(request, exception=None):
    return error_page(request, 403)


def server_error(request):
    # No database, no session: the 500 page must render whatever broke.
    title, text = MESSAGES[500]
    context = {"status": 500, "title": title, "detail": text, "nav": []}
    from django.http import HttpResponse
    from django.template import loader

    try:
        body = loader.render_to_string("dashboard/error.html", context)
    except Exception:  # noqa: BLE001 - the plainest answer when even the template fails
        body = "<h1>Something went wrong</h1>"
    return _secure(HttpResponse(body, status=500))


@cache_control(max_age=86400, public=True)
def favicon(request):
    path = finders.find("dashboard/favicon.ico")
    if not path:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")
