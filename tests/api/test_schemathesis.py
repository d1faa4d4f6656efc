"""The served /openapi.json against a live server, with schemathesis.

A real gunicorn process shares this test's database (testing.shared_database).
Each run fuzzes every operation of the document as one token that acts in a
team of its own, once in a non-strict team and once in a strict one: every
answer must be one the document declares (status, content type, headers,
body), invalid input must be refused, valid input accepted (2xx, or the 404,
409, 422 that depend on the data), and every operation must refuse a call
without its token. Its stateful phase then walks the document's links: from
each create to the reads, updates and deletes of what it made (a created
object must be readable, a deleted one gone).

What the fuzzer is kept from: the calls by which its own token would rotate
or revoke itself, or its member be demoted or removed (path ids naming them
are replaced; the links lead only to objects the run created), redeeming a
real invite (no link leads there: its redemptions are 404s), and the query
values that OpenAPI 3.0 cannot describe (tests/api/schemathesis_hooks.py).
"""

import json
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

import pytest

from accounts import provisioning, scopes
from events import testing

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HERE = Path(__file__).resolve().parent
ST = Path(sys.executable).parent / "st"
CHECKS = [
    "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
    "response_schema_conformance", "negative_data_rejection", "missing_required_header", "unsupported_method",
    "ignored_auth", "positive_data_acceptance",
    # the stateful phase's: a created object can be read, a deleted one cannot
    "use_after_free", "ensure_resource_availability",
]
MAX_EXAMPLES = 6
CONFIG = "[checks]\nenabled = false\n" + "".join(f"{name}.enabled = true\n" for name in CHECKS) + textwrap.dedent("""
    positive_data_acceptance.expected-statuses = ["2xx", "404", "409", "422"]

    # The stateful phase follows the document's links only (create -> read,
    # update, delete: aura_site.api.schema.LINKS), not links it would guess.
    [phases.stateful]
    max-steps = 6
    inference.algorithms = []
    generation.max-examples = 30
    generation.mode = "positive"

    # A batch answers an invalid item with that item's error, in a 200 (one
    # answer per item, by design): only a malformed envelope is a 400.
    [[operations]]
    include-operation-id-regex = "^(createIntents|resolveImpacts|createSnapshots)$"
    checks.negative_data_rejection.enabled = false

    # A webhook URL with user info or an internal address literal is refused
    # (400 naming url) though it matches the URL pattern: the address policy is
    # more than a pattern can say (tests/events/test_webhook_urls.py covers it).
    [[operations]]
    include-operation-id-regex = "^(createWebhook|updateWebhook)$"
    checks.positive_data_acceptance.enabled = false

    # A snapshot's content is sent in the snapshot's own content_type (any media
    # type its writer gave) when Accept allows; the schema names the two fallbacks.
    [[operations]]
    include-operation-id = "getSnapshotContent"
    checks.content_type_conformance.enabled = false
""")


@pytest.fixture
def server(live_db, tmp_path):
    # A raw upload's metadata travels in the query: a 1,024-character path is
    # longer than gunicorn's default request line (4,094 bytes).
    # Webhook URLs: the schema says what a URL looks like; which addresses a
    # deployment lets webhooks reach is its configuration (refused internal
    # literals are tested in tests/events/test_webhook_urls.py), so the fuzzer's
    # server allows every address.
    # Invite redemptions are limited per client address (10 a minute), and every
    # call the fuzzer makes comes from one: its budget is out of the way like its
    # token's (tests/accounts/test_invites.py tests the limit). It never learns a
    # code (no link leads to redeemInvite), so its redemptions are 404s.
    env = testing.server_env(live_db, AURA_MEDIA_ROOT=tmp_path / "blobs", REDIS_URL=None,
                             GUNICORN_CMD_ARGS="--limit-request-line 0",
                             AURA_WEBHOOK_ALLOWED_HOSTS="0.0.0.0/0,::/0", AURA_INVITE_REDEEM_PER_MINUTE=100_000)
    srv = testing.Server(env, kind="gunicorn", workers=2, log_path=tmp_path / "gunicorn.log")
    srv.start()
    yield srv
    srv.stop()


def seed(slug, strict):
    """A team of the fuzzer's own, an admin token with every scope and a rate
    limit out of the way, another member with a token of their own, and one
    of each resource the fuzzer can read."""
    team = provisioning.create_team(slug, strict_mode=strict)
    admin = provisioning.add_member(team, f"{slug}-fuzzer", role="admin")
    other = provisioning.add_member(team, f"{slug}-other", kind="agent")
    token, raw = provisioning.create_token(
        admin.user, [team], list(scopes.ALL_SCOPES), name="fuzzer", per_minute=100_000, per_second=100_000
    )
    provisioning.create_token(other.user, [team], ["read_intents"], name="other")
    return raw, [token.id, admin.id], other.name


def _post(server, token, path, body):
    request = urllib.request.Request(
        server.url + path, data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def seed_resources(server, token):
    intent = {"summary": "AURA-1 refresh the session", "repo": "app", "branch": "main",
              "tickets": [{"id": "AURA-1"}],
              "nodes": [{"name": "auth::refresh", "kind": "function", "change": "modified", "path": "src/auth.py"}]}
    _post(server, token, "/v1/intents", intent)
    _post(server, token, "/v1/messages", {"body": "hello"})
    _post(server, token, "/v1/snapshots", {"path": "src/auth.py", "content": "def refresh(): pass\n"})
    _post(server, token, "/v1/zones", {"paths": ["src/zone/**"], "mode": "warn", "reason": "fuzzing"})
    _post(server, token, "/v1/prove", {"goal": "refresh works", "repo": "app", "branch": "main",
                                        "requirements": [{"node": "auth::refresh"}]})
    _post(server, token, "/v1/knowledge", {"question": "How do I refresh a session?", "answer": "Call refresh.",
                                           "category": "auth", "tags": ["session"], "repo": "app"})
    _post(server, token, "/v1/admin/invites", {"scopes": ["read_intents"], "handle": "fuzz-invitee"})


def run_schemathesis(server, token, protected, member, tmp_path, only_tags=()):
    (tmp_path / "schemathesis.toml").write_text(CONFIG)
    cmd = [
        str(ST), "--config-file", str(tmp_path / "schemathesis.toml"), "run", f"{server.url}/openapi.json",
        "-H", f"Authorization: Bearer {token}",
        "--max-examples", str(MAX_EXAMPLES), "--seed", "20261207", "--workers", "1",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--suppress-health-check", "all", "--request-timeout", "30",
        "--report", "junit", "--report-dir", str(tmp_path / "report"),
        *[arg for tag in only_tags for arg in ("--include-tag", tag)],
        # /v1/me/tokens answers a signed-in browser session only (403
        # session_required to any token, as declared); tests/accounts/test_me_tokens.py
        # drives it with sessions.
        "--exclude-path-regex", "^/v1/me/",
    ]
    env = dict(testing.os.environ, SCHEMATHESIS_HOOKS="tests.api.schemathesis_hooks", PYTHONPATH=str(testing.ROOT),
               AURA_FUZZ_PROTECTED=",".join(protected), AURA_FUZZ_MEMBER=member)
    return subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)


# Strict mode changes what an intent needs (a ticket): the strict team's run
# covers the operations it changes, the other team's run every operation.
@pytest.mark.parametrize("strict,only_tags", [(False, ()), (True, ("Intents", "Status"))], ids=["team", "strict-team"])
def test_the_served_schema_describes_the_server(server, tmp_path, strict, only_tags):
    slug = "fuzz-strict" if strict else "fuzz"
    token, protected, member = seed(slug, strict)
    seed_resources(server, token)
    result = run_schemathesis(server, token, protected, member, tmp_path, only_tags)
    log = (tmp_path / "gunicorn.log").read_text(errors="replace")
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:] + log[-3000:]
