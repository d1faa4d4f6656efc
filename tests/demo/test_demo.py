"""``manage.py demo``, which ``make run`` calls: the demo team, a login and a token."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import Member, Team, Token
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



def fields(out):
    """The ``Key:   value`` lines of the output."""
    return {m.group(1): m.group(2).strip() for m in re.finditer(r"^([A-Z][a-z]+):(.*)$", out, re.M)}


def snapshot_of_the_demo():
    from events.models import Event
    from impacts.models import Impact
    from intents.models import Intent
    from messages.models import Message
    from zones.models import Zone

    return {
        model.__name__: sorted(model.objects.filter(team__slug="demo").values_list("pk", flat=True))
        for model in (Member, Intent, Impact, Message, Zone, Event)
    }


def test_running_it_again_keeps_the_data_the_password_and_every_token(db):
    first = fields(run("demo", "--url", "http://127.0.0.1:7420"))
    before = snapshot_of_the_demo()
    login = first["Username"]
    user = get_user_model().objects.get(username=login)
    password_hash = user.password

    out = run("demo", "--url", "http://127.0.0.1:7420")
    again = fields(out)
    assert again["Team"].startswith("demo") and again["Username"] == login
    assert again["Login"] == first["Login"]
    # No secret is printed again, and none is made.
    assert first["Password"] not in out and "aura_" not in out
    assert "unchanged" in again["Password"]
    assert "python manage.py team set-password demo ashiq" in again["Password"]
    assert "python manage.py token create --team demo --member ashiq --scope " in again["Token"]
    assert "make demo-reset" in out

    assert snapshot_of_the_demo() == before
    assert get_user_model().objects.get(username=login).password == password_hash
    assert Client().login(username=login, password=first["Password"])
    assert Token.objects.filter(user__username=login).count() == 1
    assert ApiClient(first["Token"]).get("/v1/status").status_code == 200

    # The printed command makes another token, which works beside the first.
    command = again["Token"].split("another: python manage.py ", 1)[1].split()
    created = run(*command).splitlines()
    assert SECRET.match(created[-1])
    assert ApiClient(created[-1]).get("/v1/status").status_code == 200
    assert ApiClient(first["Token"]).get("/v1/status").status_code == 200


def test_reset_deletes_and_seeds_again_after_confirmation(db, monkeypatch):
    from intents.models import Intent

    first = fields(run("demo"))
    old_intents = set(Intent.objects.filter(team__slug="demo").values_list("pk", flat=True))
    old_team = Team.objects.get(slug="demo").pk

    # Not confirmed: nothing is deleted.
    monkeypatch.setattr("builtins.input", lambda prompt="": "no")
    with pytest.raises(CommandError, match="not confirmed"):
        run("demo", "--reset")
    assert Team.objects.get(slug="demo").pk == old_team
    assert ApiClient(first["Token"]).get("/v1/status").status_code == 200

    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt="": asked.append(prompt) or "yes")
    reset = fields(run("demo", "--reset"))
    assert len(asked) == 1
    assert Team.objects.get(slug="demo").pk != old_team
    assert SECRET.match(reset["Token"]) and reset["Password"] != first["Password"]
    # The demo's users went with the team: the new one has the same login.
    assert reset["Username"] == first["Username"]
    assert Client().login(username=reset["Username"], password=reset["Password"])
    assert ApiClient(reset["Token"]).get("/v1/status").json()["team"]["slug"] == "demo"
    assert ApiClient(first["Token"]).get("/v1/status").status_code == 401  # gone with the team
    new_intents = set(Intent.objects.filter(team__slug="demo").values_list("pk", flat=True))
    assert new_intents and not (new_intents & old_intents)

    # --yes: no question.
    monkeypatch.setattr("builtins.input", lambda prompt="": pytest.fail("asked"))
    assert SECRET.match(fields(run("demo", "--reset", "--yes"))["Token"])
    assert Team.objects.filter(slug="demo").count() == 1


def test_reset_keeps_a_user_who_is_also_in_another_team(world):
    run("demo")
    from tests.conftest import make_member

    make_member(world.acme, "ashiq")
    run("demo", "--reset", "--yes")
    assert Member.objects.filter(team=world.acme, name="ashiq").exists()
    assert Member.objects.filter(team__slug="demo", name="ashiq").exists()
