from tests.conftest import assert_error


def test_status(api, world):
    r = api(world.alice_token).get("/v1/status")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["team"]["slug"] == "acme"
    assert r["X-Aura-Version"] == "0.1.0"
    assert r["X-RateLimit-Limit"]


def test_unknown_url_is_json(api, world):
    assert_error(api(world.alice_token).get("/v1/nope"), 404, "not_found")


def test_members(api, world):
    r = api(world.alice_token).get("/v1/team/members")
    assert r.status_code == 200, r.content
    assert {m["name"] for m in r.json()["data"]} == {"alice", "bob", "rita", "robo"}


def test_a_database_other_than_postgresql_or_sqlite_is_refused_at_startup():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "DATABASE_URL": "mysql://root@127.0.0.1:3306/aura", "DJANGO_SETTINGS_MODULE": "aura_site.settings"}
    out = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=Path(__file__).resolve().parents[2],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "ImproperlyConfigured" in out.stderr and "PostgreSQL (postgres://) or SQLite" in out.stderr
