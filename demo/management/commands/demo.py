import secrets
import shlex

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import provisioning, scopes
from accounts.models import Member, Team, Token

from demo.data import seed

DEMO_USER = "ashiq"


class Command(BaseCommand):
    help = (
        "Create the demo team and print a login, a full-scope token and a curl. Run again, it changes "
        "nothing (data, password and tokens are kept) and says how to get a new password or token; "
        "--reset deletes the demo team and seeds it again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="demo")
        parser.add_argument("--url", default="http://127.0.0.1:7420")
        parser.add_argument("--reset", action="store_true", help="Delete the demo team and all its data, then seed it again.")
        parser.add_argument("--yes", action="store_true", help="With --reset: do not ask for confirmation.")

    def handle(self, slug, url, reset=False, yes=False, **_):
        if yes and not reset:
            raise CommandError("--yes only goes with --reset")
        if reset:
            self.reset(slug, confirmed=yes)
        team = Team.objects.filter(slug=slug).first()
        human = Member.objects.filter(team=team, name=DEMO_USER).select_related("user").first() if team else None
        if human is not None:
            seed(team, history=False)  # renews expired zone claims; the history and logins stay as they are
            self.print_again(team, human, url)
            return
        with transaction.atomic():
            if team is None:
                team = provisioning.create_team(slug, name="Demo team")
            human = provisioning.add_member(team, DEMO_USER, kind="human", role="admin", display_name="Ashiq")
            if not Member.objects.filter(team=team, name="claude-agent").exists():
                provisioning.add_member(team, "claude-agent", kind="agent", role="member", display_name="Coding agent")
            password = secrets.token_urlsafe(12)
            human.user.set_password(password)
            human.user.is_staff = True
            human.user.is_superuser = True
            human.user.save()
            token, raw = provisioning.create_token(human.user, [team], list(scopes.ALL_SCOPES), name="make run")
        seed(team)
        self.stdout.write(f"Team:     {team.slug}")
        self.stdout.write(f"Login:    {url}/admin/  and  {url}/dashboard/")
        self.stdout.write(f"Username: {human.user.username}")
        self.stdout.write(f"Password: {password}")
        self.stdout.write(f"Token:    {raw}")
        self.stdout.write(f'Try:      curl -H "Authorization: Bearer {raw}" {url}/v1/status')

    def print_again(self, team, human, url):
        slug = shlex.quote(team.slug)
        self.stdout.write(f"Team:     {team.slug} (already set up: data, password and tokens kept)")
        self.stdout.write(f"Login:    {url}/admin/  and  {url}/dashboard/")
        self.stdout.write(f"Username: {human.user.username}")
        self.stdout.write(
            f"Password: unchanged; to set a new one: python manage.py team set-password {slug} {DEMO_USER}"
        )
        self.stdout.write(
            "Token:    the tokens printed before still work; another: python manage.py token create "
            f"--team {slug} --member {DEMO_USER} --scope {','.join(scopes.ALL_SCOPES)}"
        )
        self.stdout.write("Reset:    make demo-reset (python manage.py demo --reset) deletes the demo team and seeds it again")

    def reset(self, slug, confirmed):
        team = Team.objects.filter(slug=slug).first()
        if team is None:
            return
        if not confirmed:
            self.stdout.write(
                f"This deletes the team {slug!r} with all its data, members and tokens, then seeds it again."
            )
            self.stdout.flush()
            try:
                answer = input("Type 'yes' to go on: ")
            except EOFError:
                answer = ""
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("not confirmed; nothing was deleted (--yes skips the question)")
        with transaction.atomic():
            user_ids = set(Member.objects.filter(team=team).values_list("user_id", flat=True))
            # The team's tokens that reach no other team go with it.
            Token.objects.filter(teams=team).exclude(teams__in=Team.objects.exclude(pk=team.pk)).delete()
            team.delete()
            # Users the demo created, now in no team and holding no token, go too.
            get_user_model().objects.filter(pk__in=user_ids, memberships__isnull=True, aura_tokens__isnull=True).delete()
        self.stdout.write(f"Deleted the team {slug!r}.")
