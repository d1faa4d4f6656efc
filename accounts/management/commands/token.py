from django.core.management.base import CommandError

from accounts import provisioning, scopes, tokens
from accounts.management.base import SubcommandCommand, team_or_fail, token_or_fail
from accounts.models import Member, Token
from aura_site.api.times import rfc3339


def _fmt(dt):
    return rfc3339(dt) or "-"


class Command(SubcommandCommand):
    help = "Create, list, rotate and revoke API tokens."

    def add_arguments(self, parser):
        actions = self.add_actions(parser)
        create = actions.add_parser("create", help="Create a token; prints its id, then the secret.")
        create.add_argument("--team", action="append", required=True, help="Repeat for several teams.")
        create.add_argument("--member", required=True, help="The member (handle) it acts as.")
        create.add_argument("--scope", required=True, help="Comma-separated scopes.")
        create.add_argument("--name", default="")
        create.add_argument("--expires-in", help="A span: 30d, 12h, 15m, 90s.")
        create.add_argument("--rate-limit", help="Per-minute budget, e.g. 600/min.")
        create.add_argument("--burst", help="Per-second burst, e.g. 50/s.")
        listing = actions.add_parser("list", help="List tokens.")
        listing.add_argument("--team")
        rotate = actions.add_parser("rotate", help="Issue a successor; the old secret stops working.")
        rotate.add_argument("token_id")
        rotate.add_argument("--grace", help="Keep the old secret working this long, e.g. 10m.")
        revoke = actions.add_parser(
            "revoke", help="Stop a token at once, and the tokens it was rotated from that are still in their grace."
        )
        revoke.add_argument("token_id")

    def do_create(self, team, member, scope, name="", expires_in=None, rate_limit=None, burst=None, **_):
        teams = [team_or_fail(slug) for slug in team]
        scope_list = scopes.parse_scope_list(scope)
        span = tokens.parse_span(expires_in) if expires_in else None
        per_minute = tokens.parse_rate(rate_limit, "m") if rate_limit else None
        per_second = tokens.parse_rate(burst, "s") if burst else None
        found = Member.objects.filter(team=teams[0], name=member).select_related("user").first()
        if found is None:
            raise CommandError(f"no member {member!r} in {teams[0].slug}")
        try:
            token, raw = provisioning.create_token(
                found.user, teams, scope_list, name=name, expires_in=span,
                per_minute=per_minute, per_second=per_second,
            )
        except provisioning.ProvisioningError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(token.id)
        self.stdout.write(raw)

    def do_list(self, team=None, **_):
        qs = Token.objects.select_related("user").prefetch_related("teams").order_by("id")
        if team:
            qs = qs.filter(teams=team_or_fail(team))
        for token in qs:
            teams = ",".join(sorted(t.slug for t in token.teams.all()))
            self.stdout.write(
                f"{token.id}  aura_{token.prefix}_…  {token.state():8}  {token.user.username}  "
                f"teams={teams}  scopes={','.join(token.scopes)}  expires={_fmt(token.expires_at)}  "
                f"last_used={_fmt(token.last_used_at)}"
            )

    def do_rotate(self, token_id, grace=None, **_):
        token = token_or_fail(token_id)
        span = tokens.parse_span(grace) if grace else None
        new, raw = tokens.rotate(token, grace=span)
        self.stdout.write(new.id)
        self.stdout.write(raw)

    def do_revoke(self, token_id, **_):
        token = token_or_fail(token_id)
        try:
            ended = tokens.revoke(token)
        except tokens.TokenStateError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{token.id} revoked")
        for predecessor in ended[1:]:
            self.stdout.write(f"{predecessor.id} revoked (rotated to {token.id}, was still in its grace period)")
