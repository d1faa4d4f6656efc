import getpass
import shlex
import sys

from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.utils import timezone

from accounts import provisioning
from accounts.management.base import SubcommandCommand, team_or_fail
from accounts.models import Member, Team, Token
from aura_site.api.times import rfc3339

MIN_PASSWORD = 8


def _fmt(dt):
    return rfc3339(dt) or "-"


def _working(now, prefix=""):
    """Tokens that still authenticate: not revoked (or in their grace), not expired."""
    def q(lookup, value):
        return Q(**{prefix + lookup: value})

    return (q("revoked_at__isnull", True) | q("revoked_at__gt", now)) & (q("expires_at__isnull", True) | q("expires_at__gt", now))


class Command(SubcommandCommand):
    help = "Create and list teams, add and list members, set a member's password."
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        actions = self.add_actions(parser)
        create = actions.add_parser("create", help="Create a team.")
        create.add_argument("slug")
        create.add_argument("--name")
        create.add_argument("--no-strict", action="store_true", help="Allow intents without a ticket.")
        add = actions.add_parser(
            "add-member",
            help="Add a member: a new user (login name handle@team, printed last), or --existing-user.",
        )
        add.add_argument("slug")
        add.add_argument("name")
        add.add_argument("--kind", choices=["human", "agent"], default="human")
        add.add_argument("--role", choices=["admin", "member", "read-only"], default="member")
        add.add_argument("--display-name", default="")
        add.add_argument("--password-prompt", action="store_true", help="Ask for a login password.")
        add.add_argument(
            "--existing-user", metavar="LOGIN",
            help="Join this existing user (by login name) to the team instead of making a new one.",
        )
        actions.add_parser("list", help="List teams: slug, name, members, working tokens, created.")
        members = actions.add_parser("members", help="List a team's members: name, kind, role, working tokens, last used.")
        members.add_argument("slug")
        password = actions.add_parser(
            "set-password", help="Set a human member's login password (asked for; never on the command line)."
        )
        password.add_argument("slug")
        password.add_argument("name")
        password.add_argument("--stdin", action="store_true", dest="from_stdin", help="Read the password from standard input's first line.")

    def do_create(self, slug, name=None, no_strict=False, **_):
        from django.core.validators import validate_slug

        try:
            validate_slug(slug)
        except Exception:
            raise CommandError(f"{slug!r} is not a slug (letters, digits, - and _)") from None
        try:
            team = provisioning.create_team(slug, name=name, strict_mode=not no_strict)
        except provisioning.ProvisioningError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{team.id} {team.slug}")

    def do_add_member(self, slug, name, kind, role, display_name="", password_prompt=False, existing_user=None, **_):
        team = team_or_fail(slug)
        password = None
        if password_prompt:
            if kind == "agent":
                raise CommandError("agents do not log in with a password")
            if existing_user:
                raise CommandError("an existing user keeps their password")
            password = getpass.getpass(f"Password for {name}: ")
            if len(password) < MIN_PASSWORD:
                raise CommandError(f"the password must be at least {MIN_PASSWORD} characters")
        try:
            member = provisioning.add_member(
                team, name, kind=kind, role=role, display_name=display_name, password=password,
                existing_user=existing_user,
            )
        except provisioning.ProvisioningError as exc:
            raise CommandError(str(exc)) from exc
        # Last: the user's login name (handle@team for a new one).
        self.stdout.write(f"{member.id} {member.name} {member.kind} {member.role} {member.user.username}")
        if member.kind == "human" and not member.user.has_usable_password():
            self.stderr.write(
                f"{member.name} cannot log in until a password is set: "
                f"python manage.py team set-password {shlex.quote(team.slug)} {shlex.quote(member.name)}",
                style_func=lambda text: text,
            )

    def do_list(self, **_):
        now = timezone.now()
        teams = Team.objects.annotate(
            member_count=Count("members", distinct=True),
            token_count=Count("tokens", filter=_working(now, "tokens__"), distinct=True),
        ).order_by("slug")
        for team in teams:
            self.stdout.write(
                f"{team.slug}  {team.name}  members={team.member_count}  tokens={team.token_count}  "
                f"created={_fmt(team.created_at)}"
            )

    def do_members(self, slug, **_):
        team = team_or_fail(slug)
        now = timezone.now()
        tokens = Token.objects.filter(teams=team)
        for member in Member.objects.filter(team=team).select_related("user").order_by("name"):
            mine = tokens.filter(user_id=member.user_id)
            working = mine.filter(_working(now)).count()
            last_used = mine.exclude(last_used_at=None).order_by("-last_used_at").values_list("last_used_at", flat=True).first()
            self.stdout.write(
                f"{member.name}  {member.kind}  {member.role}  tokens={working}  last_used={_fmt(last_used)}"
            )

    def do_set_password(self, slug, name, from_stdin=False, **options):
        team = team_or_fail(slug)
        member = Member.objects.filter(team=team, name=name).select_related("user").first()
        if member is None:
            raise CommandError(f"no member {name!r} in {team.slug}")
        if member.kind == "agent":
            raise CommandError("agents do not log in with a password")
        if from_stdin:
            line = (options.get("stdin") or sys.stdin).readline()
            password = line[:-1] if line.endswith("\n") else line
        else:
            password = getpass.getpass(f"Password for {name}: ")
            if getpass.getpass("Again: ") != password:
                raise CommandError("the passwords do not match; nothing was changed")
        if len(password) < MIN_PASSWORD:
            raise CommandError(f"the password must be at least {MIN_PASSWORD} characters")
        member.user.set_password(password)
        member.user.save(update_fields=["password"])
        self.stdout.write(f"{member.name} can log in with the new password")
