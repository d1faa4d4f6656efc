"""The dashboard's pages. They only render HTML: every number on them is
fetched by the page's own script from the public /v1/ API, with the session
cookie and the CSRF header, exactly as any other client would. The Help page
has no script: it lists the MCP tools from the endpoint's own registry."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
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

PAGES = {
    "overview": {"title": "Overview", "script": "dashboard/js/overview.js"},
    "impacts": {"title": "Impacts", "script": "dashboard/js/impacts.js"},
    "live": {"title": "Live", "script": "dashboard/js/live.js"},
    "zones": {"title": "Zones & messages", "script": "dashboard/js/zones.js"},
    "help": {"title": "Help", "script": None},
}

NAV = [(name, PAGES[name]["title"]) for name in ("overview", "impacts", "live", "zones", "help")]


def help_context(request):
    """The MCP endpoint and its tools, read from the endpoint's own registry."""
    from agents.server import tool_list

    return {"mcp_url": request.build_absolute_uri("/mcp"), "tools": tool_list()}


@never_cache
@ensure_csrf_cookie
@login_required
def page(request, name):
    context = {"page": name, "nav": NAV, **PAGES[name]}
    if name == "help":
        context.update(help_context(request))
    response = render(request, f"dashboard/{name}.html", context)
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["Referrer-Policy"] = "same-origin"
    return response
