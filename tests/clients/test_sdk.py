"""The official Python SDK (clients/python) against a real server: every
namespace, typed errors, retries, idempotency keys, the resuming event
stream, the async client and local mode. The server shares this process's
test database (events.testing)."""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest

from events import testing
from tests.conftest import make_member, make_team, make_token

ROOT = Path(__file__).resolve().parents[2]
SDK = ROOT / "clients" / "python"
sys.path.insert(0, str(SDK / "src"))

import aura_client  # noqa: E402
from aura_client import AsyncClient, Client, errors  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_presence(crew):
    aura = crew.aura
    ben = Client(base_url=crew.url, token=make_token(crew.ben))
    zone = ben.zones.claim(["src/auth/**"], mode="warn", reason="refactor")
    answer = aura.presence.heartbeat(repo="acme/app", branch="main", editing=["src/auth/a.py"], client="sdk-test")
    assert answer.active_window_seconds == 120
    assert answer.presence[0].member.name == "ana" and answer.presence[0].client == "sdk-test"
    assert [z["id"] for z in answer.act_on[0].zones] == [zone.id]
    ben.close()
    rows = aura.presence.list().data
    assert [r.member.name for r in rows] == ["ana"] and rows[0].editing == ["src/auth/a.py"]
    with pytest.raises(errors.ValidationError):
        aura.presence.heartbeat(editing=[f"f{i}" for i in range(51)])


def test_invites(crew):
    aura = crew.aura
    handle = f"newbie-{crew.team.slug}"
    made = aura.invites.create(["read_intents", "read_events"], max_uses=2, expires_in="1d")
    assert made.code.startswith("aurainv_") and made.state == "active"
    assert [i.id for i in aura.admin.invites.list()] == [made.id]
    assert aura.invites.get(made.id).uses == 0
    with Client(base_url=crew.url, token=None) as stranger:
        joined = stranger.invites.redeem(made.code, handle, password="newbie-password-1")
        assert joined.member.name == handle and joined.member.team == crew.team.slug
        assert joined.token.token.startswith("aura_") and joined.token.scopes == ["read_events", "read_intents"]
        with pytest.raises(errors.Conflict):
            stranger.invites.redeem(made.code, handle)
        with pytest.raises(errors.NotFound):
            stranger.invites.redeem("aurainv_abcdefgh_" + "x" * 32, "nobody")
    with Client(base_url=crew.url, token=joined.token.token) as newbie:
        assert newbie.status().team["slug"] == crew.team.slug
    assert aura.invites.revoke(made.id).state == "revoked"
    with Client(base_url=crew.url, token=None) as stranger, pytest.raises(errors.InviteUnavailable) as exc:
        stranger.invites.redeem(made.code, handle + "-2")
    assert exc.value.state == "revoked" and exc.value.status == 410
    locked = aura.admin.invites.create(["read_intents"], handle="someone")
    with Client(base_url=crew.url, token=None) as stranger, pytest.raises(errors.InviteLocked):
        stranger.invites.redeem(locked.code, handle + "-3")


@pytest.fixture(scope="module")
def server(live_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("logs") / "daphne.log"
    env = testing.server_env(live_db, AURA_EVENT_HEARTBEAT_SECONDS=1, AURA_EVENT_REREAD_SECONDS=1, REDIS_URL=None)
    s = testing.Server(env, log_path=log).start()
    yield s
    s.stop()


class Crew:
    """A team of its own per test (admin ana, member ben) and their clients."""

    def __init__(self, server, strict=False):
        suffix = uuid.uuid4().hex[:8]
        self.team = make_team(f"sdk-{suffix}", strict_mode=strict)
        self.ana = make_member(self.team, "ana", role="admin")
        self.ben = make_member(self.team, "ben", role="member")
        self.token = make_token(self.ana)
        self.url = server.url
        self.aura = Client(base_url=server.url, token=self.token, backoff=0.05)

    def client(self, **options):
        return Client(base_url=self.url, token=self.token, **options)


@pytest.fixture
def crew(server):
    c = Crew(server)
    yield c
    c.aura.close()


def nodes(*names, change="modified", calls=()):
    return [{"name": n, "kind": "function", "path": "src/a.py", "change": change,
             "after": {"signature": f"def {n}()", "calls": list(calls)}} for n in names]


# --- resources ------------------------------------------------------------------------------------


def test_status_and_intents(crew):
    aura = crew.aura
    status = aura.status()
    assert status.api_version == aura_client.API_VERSION
    created = [aura.intents.create(f"Change {i}", branch="feat/sdk", repo="acme/app", nodes=nodes(f"f{i}"))
               for i in range(7)]
    assert created[0].id.startswith("itn_") and created[0].branch == "feat/sdk"
    # list follows the cursors to the end, newest first.
    listed = list(aura.intents.list(branch="feat/sdk", limit=3))
    assert [i.id for i in listed] == [i.id for i in reversed(created)]
    detail = aura.intents.get(created[0].id)
    assert detail.summary == "Change 0"
    assert [n.name for n in aura.intents.nodes(created[0].id)] == ["f0"]
    groups = aura.intents.group_by("branch")
    assert isinstance(groups, aura_client.Groups)
    assert groups.group_by == "branch" and groups.data == [{"branch": "feat/sdk", "count": 7}]
    results = aura.intents.batch([{"summary": "one"}, {"summary": ""}])
    assert "ok" in results[0] and "err" in results[1]


def test_impacts(crew):
    aura = crew.aura
    reported = aura.impacts.report(repo="acme/app", your_branch="main", other_branch="feat/x",
                                   function="parse", change="modified", severity="warning")
    assert reported.status == "open"
    assert [i.id for i in aura.impacts.list(status="open")] == [reported.id]
    assert aura.impacts.get(reported.id).function == "parse"
    snoozed = aura.impacts.update(reported.id, status="snoozed")
    assert snoozed.status == "snoozed"
    results = aura.impacts.resolve([reported.id], status="resolved", note="fixed")
    assert results[0]["ok"]["status"] == "resolved"
    assert aura.impacts.group_by("status", status="all").data == [{"status": "resolved", "count": 1}]


def test_messages_zones_and_team(crew):
    aura = crew.aura
    sent = aura.messages.send("hello team")
    assert sent.body == "hello team"
    ben = Client(base_url=crew.url, token=make_token(crew.ben))
    assert [m.id for m in ben.messages.list(unread_only=True)] == [sent.id]
    assert ben.messages.mark_read(sent.id).read_by == [crew.ben.id]
    assert list(ben.messages.list(unread_only=True)) == []

    zone = aura.zones.claim(["src/auth/**"], mode="block", reason="refactor")
    assert zone.id.startswith("zon_") and zone.conflicts == []
    assert [z.id for z in aura.zones.list()] == [zone.id]
    check = ben.zones.check("src/auth/session.py")
    assert check.blocked is True and [c.id for c in check.conflicts] == [zone.id]
    ben.close()
    assert aura.zones.release(zone.id) is None
    assert list(aura.zones.list()) == []

    members = {m.name for m in aura.team.members.list()}
    assert members == {"ana", "ben"}
    one = next(iter(aura.team.members.list(limit=1)))
    assert aura.team.members.get(one.id).name == one.name
    sync = aura.team.sync.get()
    assert sync.team == crew.team.slug
    assert aura.team.sync.ack(sync.latest).team == crew.team.slug


def test_knowledge(crew):
    aura = crew.aura
    entry = aura.knowledge.add("How do we retry the payment webhook?", "Exponential backoff in billing/retry.py.",
                               category="billing", tags=["payments", "retry"])
    assert entry.id.startswith("kno_") and entry.tags == ["payments", "retry"] and entry.votes == 0
    other = aura.knowledge.add("Where are the logs?", "In Loki.", category="ops")
    assert [e.id for e in aura.knowledge.list(limit=1)] == [other.id, entry.id]
    assert [e.id for e in aura.knowledge.search("retry")] == [entry.id]
    assert [e.id for e in aura.knowledge.list(tag="payments")] == [entry.id]
    assert aura.knowledge.get(entry.id).question == entry.question
    assert aura.knowledge.update(entry.id, answer="Use retry.py.").answer == "Use retry.py."
    ben = Client(base_url=crew.url, token=make_token(crew.ben))
    assert ben.knowledge.upvote(entry.id).votes == 1
    assert ben.knowledge.upvote(entry.id).votes == 1
    ben.close()
    assert aura.knowledge.group_by("category").data == [{"category": "billing", "count": 1}, {"category": "ops", "count": 1}]
    assert aura.knowledge.delete(other.id) is None
    assert [e.id for e in aura.knowledge.list()] == [entry.id]


def test_snapshots_and_prove(crew):
    aura = crew.aura
    text = aura.snapshots.create("src/app.py", "print(1)\n", branch="main")
    data = bytes(range(256)) * 1000
    raw = aura.snapshots.upload("dist/blob.bin", data, branch="main")
    assert raw.size == len(data)
    assert {s.id for s in aura.snapshots.list(branch="main")} == {text.id, raw.id}
    assert aura.snapshots.get(text.id).path == "src/app.py"
    with aura.snapshots.open(raw.id) as f:
        assert f.read(10) == data[:10]
        assert f.read() == data[10:]
    with aura.snapshots.open(text.id) as f:
        assert f.read() == b"print(1)\n"
    results = aura.snapshots.batch([{"path": "a.txt", "content": "a"}, {"path": "/abs", "content": "b"}])
    assert "ok" in results[0] and results[1]["err"]["code"] == "validation_failed"

    aura.intents.create("Add parse", repo="acme/app", branch="main", nodes=nodes("parse", change="added"))
    run = aura.prove.run("parse is called", repo="acme/app", branch="main",
                         requirements=[{"node": "parse"}])
    assert run.id.startswith("prv_")
    assert [r.id for r in aura.prove.history(branch="main")] == [run.id]
    assert aura.prove.get(run.id).goal == "parse is called"
    assert aura.prove.group_by("branch").data[0]["branch"] == "main"


def test_admin_namespaces(crew):
    aura = crew.aura
    member = aura.admin.members.create("cleo", role="read-only")
    assert member.role == "read-only"
    assert aura.admin.members.update(member.id, role="member").role == "member"
    assert {m.name for m in aura.admin.members.list()} == {"ana", "ben", "cleo"}
    assert aura.admin.members.get(member.id).name == "cleo"

    token = aura.admin.tokens.create("cleo", ["read_intents"], name="ci", expires_in="30d")
    assert token.token.startswith("aura_")
    assert aura.admin.tokens.get(token.id).name == "ci"
    assert token.id in {t.id for t in aura.admin.tokens.list()}
    rotated = aura.admin.tokens.rotate(token.id)
    assert rotated.token.startswith("aura_") and rotated.token != token.token
    revoked = aura.admin.tokens.revoke(rotated.id)
    assert revoked.revoked_at is not None
    assert aura.admin.members.remove(member.id) is None

    hook = aura.admin.webhooks.create("https://hooks.example.com/aura", topics=["intent.logged"])
    assert hook.secret
    assert aura.admin.webhooks.update(hook.id, active=False).active is False
    assert [h.id for h in aura.admin.webhooks.list()] == [hook.id]
    assert aura.admin.webhooks.get(hook.id).url == "https://hooks.example.com/aura"
    assert list(aura.admin.webhooks.deliveries(hook.id)) == []
    assert aura.admin.webhooks.delete(hook.id) is None


def test_me_tokens_namespace(crew):
    """``aura.me.tokens`` with a signed-in session (cookie + CSRF header);
    with a bearer token the server refuses it."""
    with pytest.raises(errors.SessionRequired) as info:
        list(crew.aura.me.tokens.list())
    assert info.value.status == 403 and isinstance(info.value, errors.Forbidden)

    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    # The server runs with the default hashers (the tests' fast one is not among them).
    hasher = PBKDF2PasswordHasher()
    crew.ben.user.password = hasher.encode("ben-password-1", hasher.salt(), iterations=1000)
    crew.ben.user.save()
    with httpx.Client(base_url=crew.url) as web:
        web.get("/accounts/login/")
        r = web.post("/accounts/login/", data={"username": "ben", "password": "ben-password-1",
                                                "csrfmiddlewaretoken": web.cookies["csrftoken"]})
        assert r.status_code == 302, r.text
        cookies = {"sessionid": web.cookies["sessionid"], "csrftoken": web.cookies["csrftoken"]}
    me = Client(base_url=crew.url, token="", headers={
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "X-CSRFToken": cookies["csrftoken"]})
    try:
        token = me.me.tokens.create(["read_intents"], expires_in="7d", name="laptop")
        assert token.token.startswith("aura_") and token.user == "ben"
        assert me.me.tokens.get(token.id).name == "laptop"
        assert token.id in {t.id for t in me.me.tokens.list()}
        rotated = me.me.tokens.rotate(token.id)
        assert rotated.token != token.token
        assert me.me.tokens.revoke(rotated.id).revoked_at is not None
        with pytest.raises(errors.InvalidParameter) as info:
            me.me.tokens.create(["admin"], expires_in="7d")
        assert info.value.parameter == "scopes"
    finally:
        me.close()


# --- errors ---------------------------------------------------------------------------------------


def test_every_error_is_typed(crew, server):
    aura = crew.aura
    with pytest.raises(errors.NotFound) as info:
        aura.intents.get("int_00000000000000000000000000")
    assert info.value.status == 404 and info.value.code == "not_found" and info.value.request_id.startswith("req_")

    with pytest.raises(errors.Unauthorized) as info:
        Client(base_url=server.url, token="aura_nope_nope").status()
    assert info.value.status == 401

    with pytest.raises(errors.ValidationError) as info:
        aura.intents.create("")
    assert "summary" in info.value.fields

    with pytest.raises(errors.InvalidParameter) as info:
        list(aura.intents.list(colour="red"))
    assert info.value.parameter == "colour"

    aura.zones.claim(["docs/**"], mode="block")
    ben = Client(base_url=crew.url, token=make_token(crew.ben))
    with pytest.raises(errors.ZoneConflict) as info:
        ben.zones.claim(["docs/a.md"])
    assert info.value.status == 409 and info.value.conflicts
    with pytest.raises(errors.ZoneBlocked):
        ben.snapshots.create("docs/a.md", "x")
    ben.close()

    strict = Crew(server, strict=True)
    with pytest.raises(errors.IntentMissingTicket) as info:
        strict.aura.intents.create("no ticket here")
    assert info.value.status == 422 and isinstance(info.value, errors.AuraError)


def test_rate_limited_raises_with_retry_after_and_is_retried(crew):
    slow = make_token(crew.ana, per_second=1)
    no_retry = Client(base_url=crew.url, token=slow, max_retries=0)
    # At one a second, two calls may straddle a second's boundary: within
    # three back-to-back calls, one is refused.
    with pytest.raises(errors.RateLimited) as info:
        for _ in range(3):
            no_retry.status()
    assert info.value.code == "rate_limited" and info.value.retry_after >= 1
    time.sleep(1.1)
    patient = Client(base_url=crew.url, token=slow, max_retries=2)
    patient.status()
    patient.status()  # waits the Retry-After, then succeeds


def test_writes_carry_one_idempotency_key_across_retries():
    seen = []

    def handler(request):
        seen.append(request.headers.get("Idempotency-Key"))
        if len(seen) == 1:
            return httpx.Response(503, json={"error": {"code": "service_unavailable", "message": "busy",
                                                       "hint": None, "request_id": "req_1"}},
                                  headers={"Retry-After": "0"})
        return httpx.Response(201, json={"body": "hi"})

    aura = Client(base_url="http://aura.test", token="t", transport=httpx.MockTransport(handler), backoff=0)
    aura._call("POST", "/v1/messages", json={"body": "hi"})
    assert len(seen) == 2 and seen[0] and seen[0] == seen[1]
    # An explicit key is sent as given.
    aura.intents.batch  # namespaces exist on every client
    aura._call("POST", "/v1/x", json={}, idempotency_key="mine")
    assert seen[-1] == "mine"


def test_a_replayed_write_is_the_same_object(crew):
    first = crew.aura.intents.create("Only once", idempotency_key="k-1")
    again = crew.aura.intents.create("Only once", idempotency_key="k-1")
    assert first.id == again.id
    assert len(list(crew.aura.intents.list())) == 1


def test_connection_errors_are_retried_then_raised():
    port = testing.free_port()
    aura = Client(base_url=f"http://127.0.0.1:{port}", token="t", max_retries=2, backoff=0.01)
    started = time.monotonic()
    with pytest.raises(errors.ConnectionFailed):
        aura.status()
    assert time.monotonic() - started < 5


def test_an_unexpected_answer_is_a_typed_error():
    transport = httpx.MockTransport(lambda r: httpx.Response(502, text="<html>bad gateway</html>"))
    aura = Client(base_url="http://aura.test", token="t", transport=transport, max_retries=0)
    with pytest.raises(errors.UnexpectedResponse) as info:
        aura.status()
    assert info.value.status == 502


# --- the event stream ---------------------------------------------------------------------------


def test_event_stream_resumes_across_a_server_restart(live_db, crew, tmp_path_factory):
    log = tmp_path_factory.mktemp("logs") / "own.log"
    own = testing.Server(testing.server_env(live_db, AURA_EVENT_HEARTBEAT_SECONDS=1, AURA_EVENT_REREAD_SECONDS=1,
                                            REDIS_URL=None), log_path=log).start()
    aura = Client(base_url=own.url, token=crew.token, backoff=0.05)
    writer = crew.aura
    got, done = [], threading.Event()

    def consume():
        for event in aura.events.stream(topics="intent.logged", max_reconnects=50):
            got.append(event)
            if len(got) == 10:
                break
        done.set()

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    time.sleep(1.5)
    for i in range(5):
        writer.intents.create(f"before {i}")
    deadline = time.monotonic() + 10
    while len(got) < 5 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(got) == 5
    own.stop()
    for i in range(5):  # committed while the stream server is down
        writer.intents.create(f"during {i}")
    own.start()
    try:
        assert done.wait(20), f"got {len(got)} events"
    finally:
        own.stop()
    summaries = [e.data["intent"]["summary"] if "intent" in e.data else e.data.get("summary") for e in got]
    assert summaries == [f"before {i}" for i in range(5)] + [f"during {i}" for i in range(5)]
    seqs = [e.seq for e in got]
    assert seqs == sorted(set(seqs))


def test_a_stream_waits_for_a_server_that_is_down_between_reconnects(monkeypatch):
    """While the server refuses connections (restarting), the stream backs off
    between reconnects as after a drop, rather than spending its reconnects
    at once; it resumes where it was."""
    calls = []

    def handler(request):
        calls.append(request.headers.get("Last-Event-ID"))
        if len(calls) <= 4:
            raise httpx.ConnectError("connection refused", request=request)
        data = json.dumps({"event_id": "evt_7", "seq": 7, "team": "acme", "topic": "intent.logged",
                           "created_at": "2026-01-01T00:00:00Z", "data": {"summary": "back"}})
        body = f"id: 7\nevent: intent.logged\ndata: {data}\n\n"
        return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, text=body)

    slept = []
    monkeypatch.setattr(time, "sleep", lambda seconds: slept.append(seconds))
    aura = Client(base_url="http://aura.test", token="t", transport=httpx.MockTransport(handler),
                  max_retries=0, backoff=0.5)
    stream = aura.events.stream(topics="intent.logged", since="5", max_reconnects=10)
    event = next(stream)
    assert event.seq == 7
    assert calls == ["5"] * 5  # each reconnect asks from where it was
    assert len(slept) == 4  # one wait per refused connection


def test_event_poll_follows_cursors(crew):
    for i in range(4):
        crew.aura.intents.create(f"poll {i}")
    events = list(crew.aura.events.list(topics="intent.logged", limit=2))
    assert len(events) == 4 and [e.seq for e in events] == sorted(e.seq for e in events)


# --- async ----------------------------------------------------------------------------------------


def test_async_client(crew):
    async def main():
        async with AsyncClient(base_url=crew.url, token=crew.token) as aura:
            status = await aura.status()
            created = [await aura.intents.create(f"async {i}") for i in range(3)]
            listed = [i.id async for i in aura.intents.list(limit=2)]
            with pytest.raises(errors.NotFound):
                await aura.intents.get("int_00000000000000000000000000")
            snap = await aura.snapshots.create("a.txt", "async text")
            async with aura.snapshots.open(snap.id) as f:
                content = await f.read()
            stream = aura.events.stream(since=0, topics="intent.logged")
            first = await stream.__anext__()
            await stream.aclose()
            return status, created, listed, content, first

    status, created, listed, content, first = asyncio.run(main())
    assert status.api_version == "1.0"
    assert listed == [i.id for i in reversed(created)]
    assert content == b"async text"
    assert first.topic == "intent.logged"


# --- local mode -------------------------------------------------------------------------------------


def test_local_client_over_the_daemon_socket(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "feat/local"], cwd=repo, check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AURA_", "DATABASE_URL", "REDIS_URL"))}
    env.update(AURA_VAR_DIR=str(var), PYTHONPATH=str(ROOT))
    sock = str(var / "d.sock")
    manage = [sys.executable, str(ROOT / "manage.py"), "daemon"]
    subprocess.run([*manage, "start", "--socket", sock, "--detach"], env=env, cwd=repo, check=True,
                   capture_output=True, timeout=60)
    try:
        aura = Client.local(socket=sock)
        status = aura.status()
        assert status.branch == "feat/local"
        assert aura.intents.create("local change").summary == "local change"
    finally:
        subprocess.run([*manage, "stop"], env=env, cwd=repo, capture_output=True, timeout=60)


# --- the package -------------------------------------------------------------------------------------


def test_generated_models_match_the_served_schema():
    result = subprocess.run([sys.executable, str(SDK / "generate.py"), "--check"], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_builds_as_aura_sdk(tmp_path):
    # A copy of the package: a build leaves build/ and *.egg-info beside its source.
    source = tmp_path / "aura-sdk"
    shutil.copytree(SDK, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                             "-w", str(tmp_path), str(source)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    wheels = [p.name for p in tmp_path.glob("*.whl")]
    assert wheels == [f"aura_sdk-{aura_client.__version__}-py3-none-any.whl"]


def test_every_documented_error_code_has_a_class():
    text = (ROOT / "docs" / "api.md").read_text()
    table = text[text.index("| status | codes |"):]
    table = table[: table.index("\n\n")]
    import re

    documented = {}
    for line in table.splitlines()[2:]:
        cell = line.split("|")[1]
        if not cell.strip().isdigit():
            continue  # a row of several statuses (gunicorn's own refusals) repeats a code
        for code in re.findall(r"`([a-z_]+)`", line):
            documented.setdefault(code, int(cell))
    assert documented
    for code, status in documented.items():
        cls = errors.BY_CODE.get(code)
        assert cls is not None, f"no SDK class for {code}"
        assert cls.status == status, code
    assert json.loads(json.dumps(sorted(documented)))  # the table parsed
