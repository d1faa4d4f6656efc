"""An id in the URL is checked by its shape before any query: a NUL (which
PostgreSQL refuses to compare with a text column: "text fields cannot
contain NUL"), quotes, dots or spaces are 404 ``not_found`` on every route
that takes an id, whatever the method."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from aura_site.api.ids import ID_REGEX, make_id
from tests.conftest import ApiClient, assert_error

pytestmark = pytest.mark.django_db


def id_routes():
    """(template with {id}, method) for every /v1/ route with an id in its path."""
    routes = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.pattern.converters or isinstance(p, URLPattern) and p.pattern.regex.groupindex:
                template = re.sub(r"\(\?P<\w+>[^)]*\)|<\w+:\w+>", "{id}", prefix + str(p.pattern))
                template = "/" + template.replace("^", "").replace("$", "")
                if not template.startswith("/v1/"):
                    continue
                for method in getattr(p.callback, "actions", {}) or {"get": None}:
                    routes.append((template, method))

    walk(get_resolver().url_patterns, "")
    return sorted(routes)


ROUTES = id_routes()
BAD_IDS = ["%00", "mem_%00", "itn_01J%00XYZ", "a%00b", "tok_%27%20OR%201%3D1", "x" * 41, "mem_" + "A" * 40, "..."]


def test_every_kind_of_id_route_is_covered():
    methods = {(t, m) for t, m in ROUTES}
    for route in [("/v1/admin/members/{id}", "patch"), ("/v1/admin/members/{id}", "delete"),
                  ("/v1/admin/tokens/{id}/rotate", "post"), ("/v1/admin/tokens/{id}/revoke", "post"),
                  ("/v1/admin/webhooks/{id}/test", "post"), ("/v1/intents/{id}/nodes", "get"),
                  ("/v1/prove/history/{id}", "get"), ("/v1/snapshots/{id}/content", "get")]:
        assert route in methods, ROUTES
    assert len(ROUTES) >= 20


@pytest.mark.parametrize("template, method", ROUTES, ids=[f"{m.upper()} {t}" for t, m in ROUTES])
def test_a_malformed_id_is_not_found_before_any_query(world, template, method):
    alice = ApiClient(world.alice_token)
    for bad in BAD_IDS:
        call = getattr(alice, method)
        r = call(template.format(id=bad), {} if method in ("get", "head") else {"name": "x"})
        assert_error(r, 404, "not_found")


def test_well_formed_ids_still_route():
    assert re.fullmatch(ID_REGEX, make_id("team")) and re.fullmatch(ID_REGEX, make_id("evt"))
    assert re.fullmatch(ID_REGEX, "mem_nope")  # well formed, merely absent: the view answers 404
