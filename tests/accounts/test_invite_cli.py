"""``manage.py invite``: create (the id, then the code, shown once), list
and revoke; bad arguments are a one-line error and write nothing."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts import scopes
from accounts.models import Invite, Member
from tests.conftest import ApiClient, assert_error, run_manage, subprocess_env

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^aurainv_[a-z0-9]{8}_[A-Za-z0-9_-]{20,100}$")
INVITE_ID = re.compile(r"^inv_[0-9A-HJKMNP-TV-Z]{26}$")


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def fails(*args, match):
    with pytest.raises(CommandError, match=match) as info:
        run(*args)
    assert "\n" not in str(info.value).strip()


def create(*args):
    lines = run("invite", "create", *args).splitlines()
    assert len(lines) == 2, lines
    assert INVITE_ID.match(lines[0]) and CODE.match(lines[1]), lines
    return lines[0], lines[1]


def test_create_prints_the_id_then_a_code_that_redeems(world):
    invite_id, code = create("--team", "acme", "--role", "read-only", "--uses", "2", "--expires-in", "3d",
                             "--handle", "dana", "--scopes", "read_intents,read_knowledge")
    row = Invite.objects.get(pk=invite_id)
    assert (row.team, row.role, row.max_uses, row.uses, row.handle) == (world.acme, "read-only", 2, 0, "dana")
    assert row.scopes == ["read_intents", "read_knowledge"] and row.created_by is None
    assert abs(row.expires_at - (timezone.now() + timedelta(days=3))) < timedelta(minutes=1)
    assert code not in (row.digest, row.prefix) and code.split("_")[1] == row.prefix  # stored hashed
    # The code works once through the public API, for the handle it names.
    r = ApiClient().post("/v1/invites/redeem", {"code": code, "name": "dana"})
    assert r.status_code == 201, r.content
    assert r.json()["member"]["role"] == "read-only" and r.json()["token"]["scopes"] == ["read_intents", "read_knowledge"]
    assert Member.objects.filter(team=world.acme, name="dana").exists()


def test_create_defaults_one_use_a_week_the_roles_scopes(world):
    invite_id, _ = create("--team", "acme")
    row = Invite.objects.get(pk=invite_id)
    assert (row.role, row.max_uses, row.handle) == ("member", 1, "")
    assert row.scopes == sorted(scopes.ROLE_SCOPES["member"])
    assert abs(row.expires_at - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)


@pytest.mark.parametrize(
    "args, match",
    [
        (["--team", "nope"], "no team 'nope'"),
        ([], "--team"),
        (["--team", "acme", "--role", "owner"], "invalid choice"),
        (["--team", "acme", "--uses", "0"], "--uses must be from 1 to 10000, not 0"),
        (["--team", "acme", "--uses", "10001"], "--uses must be from 1 to 10000"),
        (["--team", "acme", "--uses", "many"], "--uses must be a whole number, not 'many'"),
        (["--team", "acme", "--expires-in", "soon"], "not a span"),
        (["--team", "acme", "--expires-in", "0d"], "is not in the future"),
        (["--team", "acme", "--expires-in", "99999999d"], "longer than"),
        (["--team", "acme", "--handle", "no spaces"], "is not a handle"),
        (["--team", "acme", "--scopes", "read_everything"], "unknown scope 'read_everything'"),
        (["--team", "acme", "--scopes", ","], "at least one scope"),
    ],
)
def test_create_bad_arguments_write_nothing(world, args, match):
    fails("invite", "create", *args, match=re.escape(match))
    assert Invite.objects.count() == 0


def test_list_shows_states_never_the_code(world):
    active_id, code = create("--team", "acme", "--handle", "dana")
    revoked_id, _ = create("--team", "acme", "--role", "admin")
    globex_id, _ = create("--team", "globex", "--uses", "5")
    run("invite", "revoke", revoked_id)
    lines = run("invite", "list").splitlines()
    assert [line.split()[0] for line in lines] == sorted([active_id, revoked_id, globex_id])
    rows = {line.split()[0]: line for line in lines}
    prefix = Invite.objects.get(pk=active_id).prefix
    assert f"aurainv_{prefix}_…  active" in rows[active_id]
    assert "team=acme" in rows[active_id] and "role=member" in rows[active_id] and "handle=dana" in rows[active_id]
    assert "uses=0/1" in rows[active_id] and "by=-" in rows[active_id]
    assert " revoked " in rows[revoked_id] and "role=admin" in rows[revoked_id] and "handle=-" in rows[revoked_id]
    assert "uses=0/5" in rows[globex_id]
    assert code.split("_", 2)[2] not in "\n".join(lines)
    assert [line.split()[0] for line in run("invite", "list", "--team", "globex").splitlines()] == [globex_id]
    assert [line.split()[0] for line in run("invite", "list", "--team", "acme", "--state", "revoked").splitlines()] == [revoked_id]
    assert run("invite", "list", "--state", "expired") == ""
    fails("invite", "list", "--team", "nope", match="^no team 'nope'$")
    fails("invite", "list", "--state", "gone", match="invalid choice")


def test_revoke_stops_the_code(world):
    invite_id, code = create("--team", "acme")
    assert run("invite", "revoke", invite_id).strip() == f"{invite_id} revoked"
    assert_error(ApiClient().post("/v1/invites/redeem", {"code": code, "name": "dana"}), 410, "invite_unavailable")
    revoked_at = Invite.objects.get(pk=invite_id).revoked_at
    # Again: refused, one line, nothing written.
    fails("invite", "revoke", invite_id, match=f"^invite {invite_id} is already revoked$")
    assert Invite.objects.get(pk=invite_id).revoked_at == revoked_at
    fails("invite", "revoke", "inv_nope", match="^no invite 'inv_nope'$")
    fails("invite", "revoke", match="invite_id")
    fails("invite", match="action")


@pytest.fixture(scope="module")
def shell_env(tmp_path_factory):
    env = subprocess_env(tmp_path_factory.mktemp("invite-cli-var"))
    done = run_manage("migrate", "--noinput", env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return env


def _one_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


def test_from_the_shell_exit_codes_and_one_line_reasons(shell_env):
    env = shell_env
    assert run_manage("team", "create", "shellco", env=env).returncode == 0
    done = run_manage("invite", "create", "--team", "shellco", "--uses", "3", env=env)
    assert done.returncode == 0, done.stderr
    invite_id, code = done.stdout.splitlines()
    assert INVITE_ID.match(invite_id) and CODE.match(code)
    # A command error: exit 1, one line, nothing written.
    done = run_manage("invite", "create", "--team", "shellco", "--expires-in", "never", env=env)
    assert done.returncode == 1 and done.stdout == ""
    assert "not a span" in _one_line(done.stderr)
    done = run_manage("invite", "list", "--team", "shellco", env=env)
    assert done.returncode == 0 and [line.split()[0] for line in done.stdout.splitlines()] == [invite_id]
    # An argument error: exit 2, one line (no usage dump).
    done = run_manage("invite", "create", env=env)
    assert done.returncode == 2 and _one_line(done.stderr).startswith("error:") and "--team" in done.stderr
    done = run_manage("invite", "revoke", invite_id, env=env)
    assert done.returncode == 0 and done.stdout.strip() == f"{invite_id} revoked"
    done = run_manage("invite", "revoke", invite_id, env=env)
    assert done.returncode == 1 and _one_line(done.stderr) == f"CommandError: invite {invite_id} is already revoked"
