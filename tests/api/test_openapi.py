"""/openapi.json (public, valid OpenAPI 3, bearer scheme, the Error schema)
and the /docs/ pages, rendered from this server's own static files."""

import json
import re
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
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
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["oneOf"][0]
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


# --- the schema tells the truth ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def _operations(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method != "parameters":
                yield path, method, operation


def _resolve(spec, schema):
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_the_committed_schema_is_the_served_one(spec):
    committed = json.loads((ROOT / "docs" / "openapi.json").read_text())
    assert committed == spec, "docs/openapi.json is out of date: run make openapi"


def test_operation_ids_read_well_and_each_operation_has_one_described_tag(spec):
    tags = {t["name"]: t for t in spec["tags"]}
    assert all(len(t["description"]) > 40 for t in tags.values())
    ids = []
    for path, method, operation in _operations(spec):
        assert re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)+", operation["operationId"]), (path, method, operation["operationId"])
        assert len(operation["tags"]) == 1 and operation["tags"][0] in tags, (path, method)
        ids.append(operation["operationId"])
    assert len(ids) == len(set(ids))
    named = {(m, p): o["operationId"] for p, m, o in _operations(spec)}
    assert named[("get", "/v1/intents")] == "listIntents"
    assert named[("post", "/v1/intents")] == "createIntent"
    assert named[("get", "/v1/intents/{id}")] == "getIntent"
    assert named[("post", "/v1/impacts:batch")] == "resolveImpacts"


def test_each_scheme_is_listed_once(spec):
    for path, method, operation in _operations(spec):
        names = [name for requirement in operation["security"] for name in requirement]
        assert sorted(names) == ["bearerAuth", "sessionAuth"], (path, method)


def test_every_response_declares_its_headers(spec):
    headers = spec["components"]["headers"]
    assert {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After", "X-Aura-Version",
            "X-Request-Id", "Idempotent-Replayed", "ETag"} <= set(headers)
    for path, method, operation in _operations(spec):
        for status, response in operation["responses"].items():
            declared = response["headers"]
            assert {"X-Request-Id", "X-Aura-Version", "X-RateLimit-Limit", "X-RateLimit-Remaining",
                    "X-RateLimit-Reset"} <= set(declared), (path, method, status)
            if status == "429":
                assert declared["Retry-After"]["required"] is True
            if method in ("post", "patch", "delete") and status not in ("429", "500"):
                assert "Idempotent-Replayed" in declared, (path, method, status)
    content = spec["paths"]["/v1/snapshots/{id}/content"]["get"]["responses"]
    assert content["200"]["headers"]["ETag"]["required"] is True and "ETag" in content["304"]["headers"]


def test_error_schema_has_the_extra_fields_and_406_423_have_bodies(spec):
    inner = spec["components"]["schemas"]["Error"]["properties"]["error"]["properties"]
    assert {"fields", "parameter", "conflicts", "available"} <= set(inner)
    ref = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in _operations(spec):
        for status, response in operation["responses"].items():
            if status[0] in "45":
                assert response["content"]["application/json"]["schema"] == ref, (path, method, status)
        assert "406" in operation["responses"]
    assert "423" in spec["paths"]["/v1/snapshots"]["post"]["responses"]


def test_lists_answer_a_page_or_the_grouped_answer(spec):
    for path, method, operation in _operations(spec):
        names = {p["name"]: p for p in operation.get("parameters", [])}
        if "group_by" not in names:
            continue
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        page, grouped = schema["oneOf"]
        assert set(_resolve(spec, page)["required"]) == {"data", "next_cursor", "has_more"}
        assert grouped == {"$ref": "#/components/schemas/GroupedAnswer"}
        assert {"team", "day", "week"} <= set(names["group_by"]["schema"]["enum"])
        assert "count" in names["aggregate"]["schema"]["enum"]
    grouped = spec["components"]["schemas"]["GroupedAnswer"]
    assert set(grouped["required"]) == {"data", "group_by", "aggregate", "truncated"}
    intents = {p["name"]: p for p in spec["paths"]["/v1/intents"]["get"]["parameters"]}
    assert {"author", "branch", "repo"} <= set(intents["group_by"]["schema"]["enum"])
    assert "sum:nodes_changed" in intents["aggregate"]["schema"]["enum"]
    # A webhook's delivery log pages but does not group.
    deliveries = {p["name"] for p in spec["paths"]["/v1/admin/webhooks/{id}/deliveries"]["get"]["parameters"]}
    assert "group_by" not in deliveries and "limit" in deliveries


@pytest.mark.parametrize("path,item", [
    ("/v1/intents:batch", "IntentBatchResult"), ("/v1/impacts:batch", "ImpactBatchResult"),
    ("/v1/snapshots:batch", "SnapshotBatchResult"),
])
def test_batches_answer_an_array_and_declare_their_body(spec, path, item):
    operation = spec["paths"][path]["post"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}
    assert spec["components"]["schemas"][item]["properties"]["err"] == {"$ref": "#/components/schemas/BatchItemError"}
    body = _resolve(spec, operation["requestBody"]["content"]["application/json"]["schema"])
    key = path.split(":")[0].rsplit("/", 1)[1]
    assert body["properties"][key]["minItems"] == 1 and body["properties"][key]["maxItems"] == 500
    assert not {"limit", "cursor", "group_by"} & {p["name"] for p in operation["parameters"]}


def test_nullable_values_are_declared(spec):
    schemas = spec["components"]["schemas"]
    kind = schemas["ProveRun"]["properties"]["requirements"]["items"]["properties"]["kind"]
    assert kind["nullable"] is True and None in kind["enum"]
    sender = schemas["Message"]["properties"]["from"]
    assert sender["properties"]["id"]["nullable"] is True and "sentinel" in sender["properties"]["kind"]["enum"]
    assert "token" in schemas["TokenWithSecret"]["properties"]
    created = spec["paths"]["/v1/admin/tokens"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/TokenWithSecret"}
    webhook = schemas["WebhookCreated"]
    assert "secret" in webhook["properties"] and "secret" not in webhook["required"]


def test_parameter_types_match_what_the_server_parses(spec):
    tokens = {p["name"]: p for p in spec["paths"]["/v1/admin/tokens"]["get"]["parameters"]}
    since = tokens["since"]["schema"]
    assert {"format": "date-time", "type": "string"} in since["anyOf"]
    span = next(s for s in since["anyOf"] if "pattern" in s)
    assert re.fullmatch(span["pattern"].strip("^$"), "30d")
    events = spec["paths"]["/v1/events"]["get"]
    params = {p["name"]: p for p in events["parameters"]}
    assert "default" not in params["limit"]["schema"]
    assert "text/event-stream" in events["responses"]["200"]["content"]
    assert "zone.*" in params["topics"]["schema"]["items"]["enum"]
    content = spec["paths"]["/v1/snapshots/{id}/content"]["get"]["responses"]["200"]["content"]
    assert set(content) == {"text/plain", "application/octet-stream"}
    assert "*/*" not in json.dumps(spec["paths"])
    body = spec["paths"]["/v1/snapshots:batch"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert _resolve(spec, body)["properties"]["snapshots"]["items"] == {"$ref": "#/components/schemas/SnapshotCreateRequest"}


def test_creates_link_to_the_calls_on_what_they_made(spec):
    operations = {o["operationId"]: o for _, _, o in _operations(spec)}
    links = {}
    for _, _, operation in _operations(spec):
        for status, response in operation["responses"].items():
            for name, link in response.get("links", {}).items():
                assert status.startswith("2") and name == link["operationId"], (operation["operationId"], status)
                target = operations[link["operationId"]]
                assert link["parameters"] == {"id": "$response.body#/id"}
                assert [p["name"] for p in target["parameters"] if p["in"] == "path"] == ["id"]
                body = _resolve(spec, response["content"]["application/json"]["schema"])
                assert "id" in body["required"], (operation["operationId"], status)
                links.setdefault(operation["operationId"], set()).add(link["operationId"])
    assert {"getIntent", "listIntentNodes"} <= links["createIntent"]
    assert links["postMessage"] == {"getMessage", "updateMessage"}
    assert links["claimZone"] == {"getZone", "releaseZone"}
    assert links["createKnowledgeEntry"] == {"getKnowledgeEntry", "updateKnowledgeEntry", "upvoteKnowledgeEntry",
                                             "deleteKnowledgeEntry"}
    assert {"getWebhook", "updateWebhook", "deleteWebhook"} <= links["createWebhook"]
    assert {"getInvite", "revokeInvite"} == links["createInvite"]
    # A ping to a made-up address, a code shown once: never followed.
    assert not {"testWebhook", "redeemInvite"} & set().union(*links.values())
    # reportImpact answers 200 (already reported) or 201: both link.
    responses = spec["paths"]["/v1/impacts"]["post"]["responses"]
    assert "getImpact" in responses["200"]["links"] and "getImpact" in responses["201"]["links"]


def test_strict_bodies_and_the_public_redeem(spec):
    schemas = spec["components"]["schemas"]
    for name in ("InviteRedeemRequest", "KnowledgeEntryCreateRequest", "PatchedKnowledgeEntryUpdateRequest",
                 "HeartbeatRequest", "WebhookWriteRequest", "ProveCreateRequest"):
        assert schemas[name]["additionalProperties"] is False, name
    assert schemas["PatchedKnowledgeEntryUpdateRequest"]["minProperties"] == 1
    assert spec["paths"]["/v1/knowledge/{id}"]["patch"]["requestBody"]["required"] is True
    q = {p["name"]: p for p in spec["paths"]["/v1/knowledge"]["get"]["parameters"]}["q"]
    assert q["schema"]["minLength"] == 1 and q["schema"]["maxLength"] == 500 and "allowEmptyValue" not in q
    assert not re.search(q["schema"]["pattern"], " \t") and re.search(q["schema"]["pattern"], " retry ")
    assert {} in spec["paths"]["/v1/invites/redeem"]["post"]["security"]
    assert all({} not in o["security"] for p, m, o in _operations(spec) if p != "/v1/invites/redeem")
