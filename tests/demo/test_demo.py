"""``manage.py demo``, which ``make run`` calls: the demo team, a login and a token."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import Member, Team
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"^aura_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$")


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_demo_prints_a_login_a_token_and_a_curl_that_work(db):
    lines = dict(line.split(":", 1) for line in run("demo", "--url", "http://127.0.0.1:7420").splitlines())
    lines = {key: value.strip() for key, value in lines.items()}
    # The member's handle is ashiq; its user's login name is unique on the server.
    assert lines["Team"] == "demo" and lines["Username"] == "ashiq@demo"
    assert SECRET.match(lines["Token"])
    assert lines["Try"] == f'curl -H "Authorization: Bearer {lines["Token"]}" http://127.0.0.1:7420/v1/status'
    client = Client()
    assert client.login(username="ashiq@demo", password=lines["Password"])
    assert ApiClient(client=client).get("/v1/admin/members").status_code == 200
    status = ApiClient(lines["Token"]).get("/v1/status").json()
    assert status["team"]["slug"] == "demo" and status["api_version"] == "1.0"
    kinds = {m.name: (m.kind, m.role) for m in Member.objects.filter(team__slug="demo")}
    assert kinds["ashiq"] == ("human", "admin") and any(kind == "agent" for kind, _ in kinds.values())

    # Running it again refreshes the login and prints a new token; nothing is duplicated.
    again = dict(line.split(":", 1) for line in run("demo").splitlines())
    assert again["Password"].strip() != lines["Password"]
    assert Team.objects.filter(slug="demo").count() == 1
    assert Member.objects.filter(team__slug="demo", name="ashiq").count() == 1
    assert ApiClient(again["Token"].strip()).get("/v1/status").status_code == 200
    # …and the token printed before stops working.
    stale = ApiClient(lines["Token"]).get("/v1/status")
    assert stale.status_code == 401 and stale.json()["error"]["code"] == "token_revoked"
