"""/openapi.json (public, valid OpenAPI 3, bearer scheme, the Error schema)
and the /docs/ pages, rendered from this server's own static files."""

import re
from html.parser import HTMLParser
from io import BytesIO
from wsgiref.util import setup_testing_defaults

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.contrib.staticfiles import finders
from django.test import Client
from openapi_spec_validator import OpenAPIV30SpecValidator, validate

pytestmark = pytest.mark.django_db

OUR_PATHS = [
    "/v1/status",
    "/v1/team/members",
    "/v1/team/members/{id}",
    "/v1/admin/members",
    "/v1/admin/members/{id}",
    "/v1/admin/tokens",
    "/v1/admin/tokens/{id}",
    "/v1/admin/tokens/{id}/rotate",
    "/v1/admin/tokens/{id}/revoke",
]


@pytest.fixture
def spec(db):
    r = Client().get("/openapi.json")
    assert r.status_code == 200
    return r.json()


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer aura_abcdefgh_" + "x" * 43}, {"Authorization": "Basic eDp5"}, {"Accept": "*/*"}],
)
def test_openapi_json_is_public_json(db, headers):
    r = Client().get("/openapi.json", headers=headers)
    assert r.status_code == 200, r.content[:300]
    assert "json" in r["Content-Type"]
    assert r.json()["openapi"].startswith("3.")
    assert r["X-Request-Id"].startswith("req_")


def test_openapi_validates_as_openapi_3(spec):
    validate(spec, cls=OpenAPIV30SpecValidator)
    assert spec["info"]["version"] == "1.0"


def test_schema_generation_resolves_our_authentication(db, capsys):
    Client().get("/openapi.json")
    err = capsys.readouterr().err
    assert "could not resolve authenticator" not in err
    assert "aura_site/" not in err and "accounts/" not in err, err


def test_bearer_scheme(spec):
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearerAuth"]["type"] == "http" and schemes["bearerAuth"]["scheme"] == "bearer"
    assert schemes["sessionAuth"] == {**schemes["sessionAuth"], "type": "apiKey", "in": "cookie"}
    status = spec["paths"]["/v1/status"]["get"]
    assert {"bearerAuth": []} in status["security"]


def test_error_schema_on_every_operation(spec):
    error = spec["components"]["schemas"]["Error"]
    inner = error["properties"]["error"]
    assert set(inner["required"]) == {"code", "message", "request_id"}
    assert {"code", "message", "hint", "request_id", "fields"} <= set(inner["properties"])
    ref = {"$ref": "#/components/schemas/Error"}
    for path in OUR_PATHS:
        assert path in spec["paths"], path
        for method, operation in spec["paths"][path].items():
            if method == "parameters":
                continue
            for status in ("400", "401", "403", "404", "426", "429", "500"):
                assert operation["responses"][status]["content"]["application/json"]["schema"] == ref, (path, method, status)
            names = {p["name"] for p in operation.get("parameters", [])}
            assert "Aura-API-Version" in names
            if method in ("post", "patch", "delete"):
                assert "Idempotency-Key" in names, (path, method)
                assert {"409", "422"} <= set(operation["responses"])
            if "requestBody" in operation:
                assert {"413", "415"} <= set(operation["responses"])


def test_lists_document_pagination_and_grouping(spec):
    operation = spec["paths"]["/v1/team/members"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"limit", "cursor", "team", "group_by", "aggregate", "role", "kind", "name"} <= names
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]
    if "$ref" in page:
        page = spec["components"]["schemas"][page["$ref"].rsplit("/", 1)[1]]
    assert set(page["required"]) == {"data", "next_cursor", "has_more"}
    tokens = {p["name"] for p in spec["paths"]["/v1/admin/tokens"]["get"]["parameters"]}
    assert {"user", "state", "since"} <= tokens


# --- the docs pages ------------------------------------------------------------------------------


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)


def _assets(html):
    parser = _Assets()
    parser.feed(html)
    return parser.urls


def _wsgi_get(path):
    from aura_site.wsgi import application

    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": BytesIO()}
    setup_testing_defaults(environ)
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = int(status.split()[0])

    body = b"".join(application(environ, start_response))
    return captured["status"], body


def _asgi_get(path):
    from aura_site.asgi import application

    async def fetch():
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
            "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
            "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 7420),
        }
        comm = ApplicationCommunicator(application, scope)
        await comm.send_input({"type": "http.request", "body": b"", "more_body": False})
        start = await comm.receive_output(10)
        body = b""
        while True:
            message = await comm.receive_output(10)
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await comm.wait(10)
        return start["status"], body

    return async_to_sync(fetch)()


@pytest.mark.parametrize("page", ["/docs/", "/docs/swagger/"])
def test_docs_pages_use_only_local_static_files(db, page):
    r = Client().get(page)
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")
    html = r.content.decode()
    assert "/openapi.json" in html
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.I), "the page loads from another origin"
    assets = [u for u in _assets(html)]
    scripts = [u for u in assets if u.endswith(".js")]
    assert scripts, html
    for url in assets:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url


@pytest.mark.parametrize("page", ["/docs/", "/docs/swagger/"])
def test_docs_assets_are_served_by_both_entry_points(db, page):
    """gunicorn (WSGI) and daphne (ASGI) serve the pages' scripts without collectstatic."""
    html = Client().get(page).content.decode()
    for url in _assets(html):
        status, body = _wsgi_get(url)
        assert status == 200 and len(body) > 100, (url, status)
        status, body = _asgi_get(url)
        assert status == 200 and len(body) > 100, (url, status)
    assert _wsgi_get("/static/no/such/file.js")[0] == 404


def test_docs_page_renders_through_daphnes_entry_point(db):
    status, body = _asgi_get("/docs/")
    assert status == 200 and b"redoc" in body.lower()
