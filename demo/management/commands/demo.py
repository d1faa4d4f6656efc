import secrets

from django.core.management.base import BaseCommand

from accounts import provisioning, scopes, tokens
from accounts.models import Member, Team, Token

from demo.data import seed


class Command(BaseCommand):
    help = "Create (or refresh) the demo team; print a login, a full-scope token and a curl."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="demo")
        parser.add_argument("--url", default="http://127.0.0.1:7420")

    def handle(self, slug, url, **_):
        team = Team.objects.filter(slug=slug).first()
        if team is None:
            team = provisioning.create_team(slug, name="Demo team")
        human = Member.objects.filter(team=team, name="ashiq").select_related("user").first()
        if human is None:
            human = provisioning.add_member(team, "ashiq", kind="human", role="admin", display_name="Ashiq")
        if not Member.objects.filter(team=team, name="claude-agent").exists():
            provisioning.add_member(team, "claude-agent", kind="agent", role="member", display_name="Coding agent")
        password = secrets.token_urlsafe(12)
        human.user.set_password(password)
        human.user.is_staff = True
        human.user.is_superuser = True
        human.user.save()
        seed(team)
        # Each run prints a fresh token; the one printed before stops working.
        for old in Token.objects.filter(user=human.user, name="make run", revoked_at__isnull=True):
            tokens.revoke(old)
        token, raw = provisioning.create_token(human.user, [team], list(scopes.ALL_SCOPES), name="make run")
        self.stdout.write(f"Team:     {team.slug}")
        self.stdout.write(f"Login:    {url}/admin/  and  {url}/dashboard/")
        self.stdout.write(f"Username: {human.user.username}")
        self.stdout.write(f"Password: {password}")
        self.stdout.write(f"Token:    {raw}")
        self.stdout.write(f'Try:      curl -H "Authorization: Bearer {raw}" {url}/v1/status')
