"""A live daphne serving /mcp, sharing this process's database, and the
official MCP client (Streamable HTTP) to call it."""

import asyncio
import uuid

import httpx
import pytest
from django.db import connection

from events import testing
from tests.conftest import make_member, make_team, make_token


@pytest.fixture
def live(live_db):
    assert connection.settings_dict["NAME"] in live_db
    return live_db


@pytest.fixture(scope="module")
def server(live_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("logs") / "daphne.log"
    s = testing.Server(
        testing.server_env(live_db, REDIS_URL=None, AURA_CORS_ORIGINS="https://dash.example",
                           AURA_USE_WRITE_SECONDS="0.2"),  # use times written behind, soon
        log_path=log,
    ).start()
    yield s
    s.stop()


class Crew:
    def __init__(self):
        suffix = uuid.uuid4().hex[:8]
        self.team = make_team(f"t-{suffix}", strict_mode=False)
        self.other = make_team(f"o-{suffix}", strict_mode=False)
        self.admin = make_member(self.team, "ada", role="admin")
        self.bob = make_member(self.team, "bob")
        self.cy = make_member(self.team, "cy")
        self.outsider = make_member(self.other, "olga", role="admin")
        self.admin_token = make_token(self.admin)
        self.bob_token = make_token(self.bob)
        self.cy_token = make_token(self.cy)
        self.outsider_token = make_token(self.outsider)


@pytest.fixture
def crew(live):
    return Crew()


def mcp_call(server, token, calls):
    """Run ``calls(client)`` (an async function) with an MCP client session
    authenticated by ``token``; returns what it returns."""
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    async def main():
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with httpx2.AsyncClient(headers=headers, timeout=30) as http:
            transport = streamable_http_client(f"{server.url}/mcp", http_client=http)
            async with Client(transport, cache=None) as client:
                return await calls(client)

    return asyncio.run(main())


def rest(server, token):
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
