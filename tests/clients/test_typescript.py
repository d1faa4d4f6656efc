"""A TypeScript client generated from the served schema (openapi-typescript
+ openapi-fetch, pinned in clients/typescript/package-lock.json): the script
that calls every operation must type-check against it (``tsc``) and then, run
by node against a live server, get every answer it declares.

Needs node and npm (Node 20); the packages are installed with ``npm ci`` on
first use. Without node these tests skip locally and fail on CI."""

import json
import os
import shutil
import subprocess
import urllib.request
import uuid
from pathlib import Path

import pytest

from events import testing
from tests.conftest import ON_CI, make_member, make_team, make_token

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "clients" / "typescript"
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def npm(*args, env=None, timeout=300):
    return subprocess.run(["npm", *args], cwd=PACKAGE, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def toolchain():
    if not (shutil.which("node") and shutil.which("npm")):
        reason = "the TypeScript client needs node and npm"
        if ON_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    if not (PACKAGE / "node_modules" / ".bin" / "tsc").exists():
        result = npm("ci", "--no-audit", "--no-fund")
        assert result.returncode == 0, result.stderr
    return PACKAGE


@pytest.fixture(scope="module")
def server(live_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("logs") / "daphne.log"
    s = testing.Server(testing.server_env(live_db, REDIS_URL=None), log_path=log).start()
    yield s
    s.stop()


def test_every_operation_through_the_generated_typescript_client(toolchain, server, tmp_path):
    suffix = uuid.uuid4().hex[:8]
    team = make_team(f"ts-{suffix}", strict_mode=False)
    ana = make_member(team, "ana", role="admin")
    ben = make_member(team, "ben")
    strict = make_member(make_team(f"tss-{suffix}"), "sam")

    schema_path = tmp_path / "openapi.json"
    with urllib.request.urlopen(f"{server.url}/openapi.json", timeout=30) as r:
        schema_path.write_bytes(r.read())
    json.loads(schema_path.read_text())

    env = dict(os.environ, AURA_OPENAPI=str(schema_path))
    generated = npm("run", "-s", "generate", env=env)
    assert generated.returncode == 0, generated.stderr
    built = npm("run", "-s", "build", env=env)
    assert built.returncode == 0, f"the calls do not type-check against the served schema:\n{built.stdout}"

    env.update(
        AURA_URL=server.url,
        AURA_TOKEN=make_token(ana),
        AURA_PEER_TOKEN=make_token(ben),
        AURA_STRICT_TOKEN=make_token(strict),
        AURA_SLOW_TOKEN=make_token(ana, per_minute=1),
    )
    run = npm("run", "-s", "calls", env=env, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "all as declared" in run.stdout
