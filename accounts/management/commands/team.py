import getpass

from django.core.management.base import CommandError

from accounts import provisioning
from accounts.management.base import SubcommandCommand, team_or_fail


class Command(SubcommandCommand):
    help = "Create teams and add members."

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
            if len(password) < 8:
                raise CommandError("the password must be at least 8 characters")
        try:
            member = provisioning.add_member(
                team, name, kind=kind, role=role, display_name=display_name, password=password,
                existing_user=existing_user,
            )
        except provisioning.ProvisioningError as exc:
            raise CommandError(str(exc)) from exc
        # Last: the user's login name (handle@team for a new one).
        self.stdout.write(f"{member.id} {member.name} {member.kind} {member.role} {member.user.username}")
