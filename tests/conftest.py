"""Shared fixtures: teams, members, tokens and an API client that speaks JSON.

    def test_x(api, world):
        r = api(world.alice_token).get("/v1/status")
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from accounts import provisioning, scopes, tokencache
from accounts.models import Team

ALL = list(scopes.ALL_SCOPES)
ON_CI = os.environ.get("CI") == "true"
BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_TEST_URL = os.environ.get("AURA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def is_postgres():
    return connection.vendor == "postgresql"


def in_threads(*fns, timeout=30):
    """Run each function in a thread of its own (named after it, with its own
    database connection, closed when it ends); returns what they raised."""
    import threading

    errors = []

    def run(fn):
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - reported to the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(fn,), name=fn.__name__) for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
        if t.is_alive():
            errors.append(TimeoutError(f"thread {t.name} still running after {timeout} s"))
    return errors



@pytest.fixture(scope="module")
def live_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """A URL of this test database that server processes (events.testing.Server)
    can open: PostgreSQL's test database as it is, or a migrated SQLite file."""
    from events import testing

    with django_db_blocker.unblock(), testing.shared_database(tmp_path_factory.mktemp("live")) as url:
        yield url


def need_postgres():
    """Skip locally, fail loudly on CI, when a test needs PostgreSQL."""
    if is_postgres():
        return
    if ON_CI and os.environ.get("AURA_REQUIRE_POSTGRES") == "1":
        pytest.fail("this test needs PostgreSQL and the suite runs on SQLite")
    pytest.skip("needs PostgreSQL (run: make test-pg)")


def need_redis(url=REDIS_TEST_URL):
    """The Redis URL tests may use (db 15), or skip locally / fail on CI (CI=true)."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "no Redis here"
        if ON_CI:
            pytest.fail(f"Redis at {url} is unreachable and CI=true: {exc}")
        pytest.skip(f"needs Redis at {url} ({exc})")
    return url


def subprocess_env(var_dir, **overrides):
    """An environment for a child ``manage.py``: its own var/ directory (SQLite
    file, secret key, pepper) and none of this process's AURA_*, DATABASE_URL
    or REDIS_URL, so it never touches the developer's data."""
    env = {
        k: v for k, v in os.environ.items()
        if not k.startswith("AURA_") and k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["AURA_VAR_DIR"] = str(var_dir)
    env["DJANGO_SETTINGS_MODULE"] = "aura_site.settings"
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def run_manage(*args, env, timeout=120):
    """``python manage.py <args>`` in a child process; the CompletedProcess."""
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=timeout,
    )


def run_python(code, *, env, timeout=120):
    """``python -c <code>`` in a child process with ``env``; the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Logins are tested, not the cost of PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _use_times_at_once(settings):
    # A request's use times are in the database when it returns, as a test
    # reads them (tests/accounts/test_usetimes.py tests the writing behind).
    settings.AURA_USE_WRITE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.AURA_RATE_LIMIT_PER_MINUTE = 100_000
    settings.AURA_RATE_LIMIT_PER_SECOND = 100_000
    settings.AURA_SESSION_RATE_LIMIT_PER_MINUTE = 100_000
    settings.AURA_SESSION_RATE_LIMIT_PER_SECOND = 100_000
    cache.clear()
    tokencache.clear()  # a test's rolled-back rows never moved the generation
    yield
    cache.clear()
    tokencache.clear()


class ApiClient:
    """The Django test client with a bearer token and JSON bodies."""

    def __init__(self, token=None, client=None, **headers):
        self.client = client or Client()
        self.headers = dict(headers)
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def _call(self, method, path, data=None, params=None, headers=None, content_type="application/json", raw=None):
        fn = getattr(self.client, method)
        all_headers = {**self.headers, **(headers or {})}
        kwargs = {"headers": all_headers}
        if method == "get" or method == "head":
            return fn(path, data=params or data or {}, **kwargs)
        if params:
            from urllib.parse import urlencode

            path = f"{path}?{urlencode(params, doseq=True)}"
        if raw is not None:
            body = raw
        elif data is None:
            body = ""
        else:
            body = json.dumps(data)
        return fn(path, data=body, content_type=content_type, **kwargs)

    def get(self, path, params=None, **kw):
        return self._call("get", path, params=params, **kw)

    def head(self, path, params=None, **kw):
        return self._call("head", path, params=params, **kw)

    def post(self, path, data=None, **kw):
        return self._call("post", path, data, **kw)

    def patch(self, path, data=None, **kw):
        return self._call("patch", path, data, **kw)

    def delete(self, path, data=None, **kw):
        return self._call("delete", path, data, **kw)

    def put(self, path, data=None, **kw):
        return self._call("put", path, data, **kw)


@pytest.fixture
def api():
    return ApiClient


def make_team(slug, **kwargs):
    team = provisioning.create_team(slug, name=kwargs.pop("name", slug.title()), strict_mode=kwargs.pop("strict_mode", True))
    for key, value in kwargs.items():
        setattr(team, key, value)
    if kwargs:
        team.save()
    return team


def make_member(team, name, role="member", kind="human", password=None):
    """A member of ``team`` called ``name``. For the tests' convenience the
    user's login name is the handle, and a handle already used in another team
    is that same user joining this one (as the operator's ``team add-member
    --existing-user`` does); new members otherwise get a new user named
    handle@team (tests/accounts/test_member_users.py)."""
    from accounts.models import Member

    other = Member.objects.filter(name=name).exclude(team=team).select_related("user").first()
    if other is not None:
        return provisioning.add_member(team, name, kind=kind, role=role, existing_user=other.user)
    return provisioning.add_member(team, name, kind=kind, role=role, password=password, username=name)


def make_token(member, scope_list=None, teams=None, **kwargs):
    token, raw = provisioning.create_token(member.user, teams or [member.team], scope_list or ALL, **kwargs)
    return raw


@pytest.fixture
def world(db):
    """Two teams. acme: alice (admin), bob (member), rita (read-only), an agent.
    globex: gina (admin). alice's and bob's tokens carry every scope."""
    acme = make_team("acme")
    globex = make_team("globex")
    alice = make_member(acme, "alice", role="admin", password="alice-password-1")
    bob = make_member(acme, "bob", role="member")
    rita = make_member(acme, "rita", role="read-only")
    agent = make_member(acme, "robo", role="member", kind="agent")
    gina = make_member(globex, "gina", role="admin")
    return SimpleNamespace(
        acme=acme, globex=globex, alice=alice, bob=bob, rita=rita, agent=agent, gina=gina,
        alice_token=make_token(alice), bob_token=make_token(bob), rita_token=make_token(rita),
        agent_token=make_token(agent), gina_token=make_token(gina),
    )


def error_of(response):
    """The contract's error object, asserting its shape on the way."""
    body = response.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert {"code", "message", "hint", "request_id"} <= set(err), err
    assert err["request_id"] == response["X-Request-Id"]
    return err


def assert_error(response, status, code):
    assert response.status_code == status, (response.status_code, response.content[:500])
    err = error_of(response)
    assert err["code"] == code, err
    return err


def token_row(raw):
    """The Token row behind a raw secret (found by its display prefix)."""
    from accounts.models import Token

    return Token.objects.get(prefix=raw.split("_")[1])


__all__ = [
    "ApiClient", "Team", "make_team", "make_member", "make_token", "error_of", "assert_error",
    "need_postgres", "is_postgres", "need_redis", "subprocess_env", "run_manage", "run_python",
    "token_row", "ALL", "ON_CI", "BASE_DIR", "REDIS_TEST_URL",
]


@pytest.fixture
def spool_paths(monkeypatch):
    """The temporary files of the snapshot Spools made during the test, in order."""
    from snapshots import storage

    paths = []

    class Watched(storage.Spool):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            paths.append(self.file.temporary_file_path())

    monkeypatch.setattr(storage, "Spool", Watched)
    return paths
