"""``manage.py team`` and ``manage.py token``: output format, effects, and
bad arguments (a CommandError under call_command; a non-zero exit with one
line on stderr from the shell)."""

import io
import re
import subprocess
import sys
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from accounts.models import Member, Team, Token
from tests.conftest import BASE_DIR, ApiClient, assert_error, run_manage, run_python, subprocess_env, token_row

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"^aura_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$")
TOKEN_ID = re.compile(r"^tok_[0-9A-HJKMNP-TV-Z]{26}$")


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def fails(*args, match):
    with pytest.raises(CommandError, match=match) as info:
        run(*args)
    message = str(info.value)
    assert "\n" not in message.strip()
    return message


def create_token(*args):
    out = run("token", "create", *args)
    lines = out.splitlines()
    assert len(lines) == 2, out
    assert TOKEN_ID.match(lines[0]), lines[0]
    assert SECRET.match(lines[-1]), lines[-1]
    return lines[0], lines[-1]


# --- team ----------------------------------------------------------------------------------------------


def test_team_create(db):
    out = run("team", "create", "newco", "--name", "New Co")
    team = Team.objects.get(slug="newco")
    assert out.strip() == f"{team.id} newco"
    assert (team.name, team.strict_mode) == ("New Co", True)
    run("team", "create", "lax", "--no-strict")
    lax = Team.objects.get(slug="lax")
    assert (lax.name, lax.strict_mode) == ("lax", False)


def test_team_create_bad_arguments(world):
    fails("team", "create", "acme", match="already exists")
    fails("team", "create", "Not a slug!", match="is not a slug")
    fails("team", "create", "s" * 65, match="longer than 64")
    fails("team", "create", "ok", "--name", "n" * 201, match="longer than 200")
    fails("team", "create", match="slug")
    fails("team", "explode", match="invalid choice")
    assert Team.objects.count() == 2


def test_team_add_member(world):
    out = run("team", "add-member", "acme", "dana", "--role", "admin", "--display-name", "Dana")
    dana = Member.objects.get(team=world.acme, name="dana")
    assert out.strip() == f"{dana.id} dana human admin dana@acme"  # the new user's login name last
    assert dana.user.username == "dana@acme"
    assert dana.display_name == "Dana"
    out = run("team", "add-member", "acme", "ci-bot", "--kind", "agent")
    bot = Member.objects.get(team=world.acme, name="ci-bot")
    assert out.strip() == f"{bot.id} ci-bot agent member ci-bot@acme"
    assert not bot.user.has_usable_password()


def test_team_add_member_with_a_password_can_log_in(world):
    with mock.patch("getpass.getpass", return_value="correct-horse-battery"):
        run("team", "add-member", "acme", "dana", "--password-prompt")
    client = Client()
    assert client.login(username="dana@acme", password="correct-horse-battery")
    assert ApiClient(client=client).get("/v1/status").json()["team"]["slug"] == "acme"


def test_team_add_member_bad_arguments(world):
    fails("team", "add-member", "nope", "dana", match="no team 'nope'")
    fails("team", "add-member", "acme", "bob", match="already a member")
    fails("team", "add-member", "acme", "dana", "--role", "owner", match="invalid choice")
    fails("team", "add-member", "acme", "dana", "--kind", "robot", match="invalid choice")
    fails("team", "add-member", "acme", match="name")
    fails("team", "add-member", "acme", "no spaces", match="is not a handle")
    fails("team", "add-member", "acme", "x" * 151, match="is not a handle")
    fails("team", "add-member", "acme", "dana", "--display-name", "d" * 201, match="longer than 200")
    with mock.patch("getpass.getpass", return_value="short"):
        fails("team", "add-member", "acme", "dana", "--password-prompt", match="at least 8")
    fails("team", "add-member", "acme", "bot", "--kind", "agent", "--password-prompt", match="agents do not log in")
    assert not Member.objects.filter(name__in=["dana", "bot"]).exists()


def run_both(*args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def test_adding_a_human_without_a_password_says_how_to_set_one(world):
    out, err = run_both("team", "add-member", "acme", "dana")
    dana = Member.objects.get(team=world.acme, name="dana")
    assert out.strip() == f"{dana.id} dana human member dana@acme"
    assert err.strip() == "dana cannot log in until a password is set: python manage.py team set-password acme dana"
    # An agent, or a human given a password, hears nothing of the kind.
    assert run_both("team", "add-member", "acme", "bot", "--kind", "agent")[1] == ""
    with mock.patch("getpass.getpass", return_value="correct-horse-battery"):
        assert run_both("team", "add-member", "acme", "erin", "--password-prompt")[1] == ""


def test_team_list(world):
    from tests.conftest import make_member, make_token

    make_member(world.globex, "bob")  # bob in both teams
    revoked = token_row(world.rita_token)
    from accounts import tokens

    tokens.revoke(revoked)
    lines = run("team", "list").splitlines()
    assert [line.split()[0] for line in lines] == ["acme", "globex"]
    acme, globex = (dict(f.split("=", 1) for f in line.split() if "=" in f) for line in lines)
    assert lines[0].split()[1] == "Acme"
    # acme: alice, bob, rita, robo and their 4 tokens, rita's revoked. globex: gina, bob; gina's token.
    assert (acme["members"], acme["tokens"]) == ("4", "3")
    assert (globex["members"], globex["tokens"]) == ("2", "1")
    assert acme["created"] == world.acme.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    make_token(world.gina)
    assert "tokens=2" in run("team", "list").splitlines()[1]


def test_team_members(world):
    from accounts import tokens
    from tests.conftest import make_token

    make_token(world.bob)  # a second token of bob's
    ApiClient(world.bob_token).get("/v1/status")  # used
    tokens.revoke(token_row(world.rita_token))
    rows = {line.split()[0]: line.split() for line in run("team", "members", "acme").splitlines()}
    assert set(rows) == {"alice", "bob", "rita", "robo"}
    assert rows["bob"][1:4] == ["human", "member", "tokens=2"]
    assert rows["robo"][1:3] == ["agent", "member"] and rows["rita"][1:4] == ["human", "read-only", "tokens=0"]
    used = token_row(world.bob_token).last_used_at
    assert rows["bob"][4] == f"last_used={used.strftime('%Y-%m-%dT%H:%M:%SZ')}"
    assert rows["alice"][4] == "last_used=-"
    fails("team", "members", "nope", match="^no team 'nope'$")


def test_team_set_password_by_prompt_or_stdin(world):
    client = Client()
    with mock.patch("getpass.getpass", return_value="correct-horse-battery") as asked:
        assert run("team", "set-password", "acme", "bob").strip() == "bob can log in with the new password"
    assert asked.call_count == 2  # asked twice
    assert client.login(username="bob", password="correct-horse-battery")

    out, _ = run_both("team", "set-password", "acme", "bob", "--stdin", stdin=io.StringIO("staple-battery-9\nignored\n"))
    assert client.login(username="bob", password="staple-battery-9")
    assert not client.login(username="bob", password="correct-horse-battery")


def test_team_set_password_refusals(world):
    before = get_user_model().objects.get(username="bob").password
    with mock.patch("getpass.getpass", side_effect=["one-password", "another-one"]):
        fails("team", "set-password", "acme", "bob", match="do not match")
    with mock.patch("getpass.getpass", return_value="short"):
        fails("team", "set-password", "acme", "bob", match="at least 8")
    fails("team", "set-password", "acme", "robo", match="agents do not log in")
    fails("team", "set-password", "acme", "gina", match="no member 'gina' in acme")
    fails("team", "set-password", "nope", "bob", match="^no team 'nope'$")
    # No password on the command line.
    fails("team", "set-password", "acme", "bob", "hunter22-password", match="unrecognized arguments")
    assert get_user_model().objects.get(username="bob").password == before


# --- token create / list --------------------------------------------------------------------------------


def test_token_create_prints_the_id_then_the_secret_which_works(world):
    token_id, secret = create_token("--team", "acme", "--member", "bob", "--scope", "read_intents,write_messages")
    row = Token.objects.get(pk=token_id)
    assert row.scopes == ["read_intents", "write_messages"] and row.user == world.bob.user
    assert row.prefix == secret.split("_")[1]
    r = ApiClient(secret).get("/v1/status")
    assert r.status_code == 200 and r.json()["team"]["slug"] == "acme"
    assert_error(ApiClient(secret).get("/v1/admin/members"), 403, "scope_missing")


def test_token_create_options(world):
    from tests.conftest import make_member

    make_member(world.globex, "bob")
    token_id, secret = create_token(
        "--team", "acme", "--team", "globex", "--member", "bob", "--scope", "admin",
        "--name", "ci", "--expires-in", "30d", "--rate-limit", "600/min", "--burst", "50/s",
    )
    row = Token.objects.get(pk=token_id)
    assert sorted(t.slug for t in row.teams.all()) == ["acme", "globex"]
    assert row.name == "ci" and (row.rate_limit_per_minute, row.rate_limit_per_second) == (600, 50)
    assert abs(row.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    r = ApiClient(secret).get("/v1/status")
    assert r["X-RateLimit-Limit"] == "600"


@pytest.mark.parametrize(
    "args, match",
    [
        (["--team", "nope", "--member", "bob", "--scope", "admin"], "no team 'nope'"),
        (["--team", "acme", "--member", "nobody", "--scope", "admin"], "no member 'nobody' in acme"),
        (["--team", "acme", "--team", "globex", "--member", "bob", "--scope", "admin"], "not a member of globex"),
        (["--team", "acme", "--member", "bob", "--scope", "read_everything"], "unknown scope 'read_everything'"),
        (["--team", "acme", "--member", "bob", "--scope", ","], "at least one scope"),
        (["--team", "acme", "--member", "bob", "--scope", "admin", "--expires-in", "forever"], "not a span"),
        (["--team", "acme", "--member", "bob", "--scope", "admin", "--expires-in", "99999999999d"], "longer than"),
        (["--team", "acme", "--member", "bob", "--scope", "admin", "--rate-limit", "600"], "not a rate like N/min"),
        (["--team", "acme", "--member", "bob", "--scope", "admin", "--rate-limit", "600/s"], "not a rate like N/min"),
        (["--team", "acme", "--member", "bob", "--scope", "admin", "--burst", "0/s"], "not a rate like N/s"),
        (["--team", "acme", "--member", "bob", "--scope", "admin", "--rate-limit", "99999999999/min"], "from 1 to"),
        (["--team", "acme", "--member", "bob", "--scope", "admin", "--expires-in", "0d"], "in the future"),
        (["--team", "acme", "--member", "bob", "--scope", "admin", "--name", "n" * 201], "longer than 200"),
        (["--team", "acme", "--scope", "admin"], "--member"),
        (["--member", "bob", "--scope", "admin"], "--team"),
    ],
)
def test_token_create_bad_arguments(world, args, match):
    before = Token.objects.count()
    fails("token", "create", *args, match=re.escape(match))
    assert Token.objects.count() == before


def test_token_list(world):
    token_id, secret = create_token("--team", "globex", "--member", "gina", "--scope", "read_intents")
    lines = run("token", "list").splitlines()
    assert len(lines) == Token.objects.count() == 6
    line = next(x for x in lines if x.startswith(token_id))
    row = Token.objects.get(pk=token_id)
    assert f"aura_{row.prefix}_…" in line and "active" in line and "gina" in line
    assert "teams=globex" in line and "scopes=read_intents" in line and "expires=-" in line
    assert secret.split("_", 2)[2] not in "\n".join(lines)
    globex_lines = run("token", "list", "--team", "globex").splitlines()
    assert {x.split()[0] for x in globex_lines} == set(Token.objects.filter(teams=world.globex).values_list("id", flat=True))
    fails("token", "list", "--team", "nope", match="no team 'nope'")


# --- token rotate / revoke ----------------------------------------------------------------------------------


def test_token_rotate(world):
    old = token_row(world.bob_token)
    out = run("token", "rotate", old.id)
    new_id, secret = out.splitlines()
    assert TOKEN_ID.match(new_id) and SECRET.match(secret)
    assert Token.objects.get(pk=new_id).rotated_from_id == old.id
    assert_error(ApiClient(world.bob_token).get("/v1/status"), 401, "token_revoked")
    assert ApiClient(secret).get("/v1/status").status_code == 200


def test_token_rotate_with_grace(world):
    old = token_row(world.bob_token)
    new_id, secret = run("token", "rotate", old.id, "--grace", "10m").splitlines()
    assert ApiClient(world.bob_token).get("/v1/status").status_code == 200
    assert ApiClient(secret).get("/v1/status").status_code == 200
    old.refresh_from_db()
    assert timedelta(minutes=9) < old.revoked_at - timezone.now() <= timedelta(minutes=10)
    with mock.patch("django.utils.timezone.now", return_value=old.revoked_at + timedelta(seconds=1)):
        assert_error(ApiClient(world.bob_token).get("/v1/status"), 401, "token_revoked")
    fails("token", "rotate", old.id, match=f"already rotated to {new_id}")


def test_token_rotate_bad_arguments(world):
    old = token_row(world.bob_token)
    fails("token", "rotate", "tok_nope", match="no token 'tok_nope'")
    fails("token", "rotate", old.id, "--grace", "a while", match="not a span")
    fails("token", "rotate", match="token_id")
    assert not Token.objects.filter(rotated_from=old).exists()
    run("token", "revoke", old.id)
    fails("token", "rotate", old.id, match="is revoked")


def test_token_revoke(world):
    row = token_row(world.bob_token)
    assert run("token", "revoke", row.id).strip() == f"{row.id} revoked"
    assert_error(ApiClient(world.bob_token).get("/v1/status"), 401, "token_revoked")
    fails("token", "revoke", "tok_nope", match="no token 'tok_nope'")
    fails("token", match="action")
    # Again: refused, one line, nothing written.
    revoked_at = Token.objects.get(pk=row.id).revoked_at
    fails("token", "revoke", row.id, match=f"token {row.id} is already revoked")
    assert Token.objects.get(pk=row.id).revoked_at == revoked_at


def test_token_revoke_stops_the_predecessor_in_grace(world):
    old = token_row(world.bob_token)
    new_id, new_raw = run("token", "rotate", old.id, "--grace", "36500d").splitlines()
    assert ApiClient(world.bob_token).get("/v1/status").status_code == 200
    out = run("token", "revoke", new_id)
    assert out.splitlines() == [f"{new_id} revoked", f"{old.id} revoked (rotated to {new_id}, was still in its grace period)"]
    for raw in (world.bob_token, new_raw):
        assert_error(ApiClient(raw).get("/v1/status"), 401, "token_revoked")


# --- from the shell: exit codes and one-line reasons -------------------------------------------------------


@pytest.fixture(scope="module")
def shell_env(tmp_path_factory):
    """A fresh SQLite database under its own var/ directory, migrated once."""
    env = subprocess_env(tmp_path_factory.mktemp("cli-var"))
    done = run_manage("migrate", "--noinput", env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return env


def _one_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


def test_shell_success_and_failures(shell_env):
    env = shell_env
    done = run_manage("team", "create", "shellco", env=env)
    assert done.returncode == 0 and done.stdout.strip().endswith(" shellco"), done
    assert run_manage("team", "add-member", "shellco", "ashiq", "--role", "admin", env=env).returncode == 0

    done = run_manage("token", "create", "--team", "shellco", "--member", "ashiq", "--scope", "read_intents", env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert TOKEN_ID.match(lines[0]) and SECRET.match(lines[-1])
    check = run_python(
        "import django; django.setup()\n"
        "from accounts import tokens\n"
        f"t = tokens.lookup({lines[-1]!r}); print(t.pk, t.user.username, t.scopes)",
        env=env,
    )
    assert check.stdout.strip() == f"{lines[0]} ashiq@shellco ['read_intents']", check.stderr

    # A command error: exit 1, one line.
    done = run_manage("team", "create", "shellco", env=env)
    assert done.returncode == 1 and done.stdout == ""
    assert _one_line(done.stderr) == "CommandError: team 'shellco' already exists"

    done = run_manage("token", "create", "--team", "shellco", "--member", "ashiq", "--scope", "bogus", env=env)
    assert done.returncode == 1
    assert "unknown scope 'bogus'" in _one_line(done.stderr)

    # An argument error: exit 2, one line (no usage dump).
    done = run_manage("token", "create", "--team", "shellco", env=env)
    assert done.returncode == 2
    line = _one_line(done.stderr)
    assert line.startswith("error:") and "--member" in line

    done = run_manage("token", env=env)
    assert done.returncode == 2 and _one_line(done.stderr).startswith("error:")

    # The new team commands: an unknown slug is exit 1 and one line; the password from stdin.
    for args in (["members", "nope"], ["set-password", "nope", "ashiq", "--stdin"]):
        done = run_manage("team", *args, env=env)
        assert done.returncode == 1 and _one_line(done.stderr) == "CommandError: no team 'nope'", done
    done = run_manage("team", "add-member", "shellco", "dana", env=env)
    assert done.returncode == 0 and "cannot log in until a password is set" in _one_line(done.stderr)
    done = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "team", "set-password", "shellco", "dana", "--stdin"],
        input="a-long-password\n", env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    done = run_manage("team", "list", env=env)
    assert done.returncode == 0 and done.stdout.split()[:2] == ["shellco", "shellco"]
    assert "members=2" in done.stdout and "tokens=1" in done.stdout


def test_a_handle_in_another_team_is_another_user(world):
    # Handles are unique within a team only: globex's "bob" is not acme's bob.
    out = run("team", "add-member", "globex", "bob")
    globex_bob = Member.objects.get(team=world.globex, name="bob")
    assert out.split()[-1] == "bob@globex" == globex_bob.user.username
    assert globex_bob.user != world.bob.user
    assert list(Member.objects.filter(user=world.bob.user).values_list("team__slug", flat=True)) == ["acme"]


def test_the_operator_joins_an_existing_user_to_another_team(world):
    out = run("team", "add-member", "globex", "bobby", "--existing-user", world.bob.user.username)
    joined = Member.objects.get(team=world.globex, name="bobby")
    assert joined.user == world.bob.user and out.split()[-1] == world.bob.user.username
    assert get_user_model().objects.filter(username__startswith="bobby").count() == 0
    fails("team", "add-member", "globex", "bob2", "--existing-user", world.bob.user.username, match="already a member")
    fails("team", "add-member", "globex", "x", "--existing-user", "nobody", match="no user 'nobody'")
    with mock.patch("getpass.getpass", return_value="correct-horse-battery"):
        fails("team", "add-member", "globex", "x", "--existing-user", world.bob.user.username, "--password-prompt",
              match="keeps their password")
