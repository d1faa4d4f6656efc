from django.core.management.base import CommandError

from accounts import invites, provisioning, scopes, tokens
from accounts.management.base import SubcommandCommand, team_or_fail
from accounts.models import Invite
from aura_site.api.times import rfc3339

MAX_USES = 10_000
STATES = ("active", "used", "expired", "revoked")


def _fmt(dt):
    return rfc3339(dt) or "-"


def _uses(text):
    try:
        uses = int(text)
    except (TypeError, ValueError):
        raise CommandError(f"--uses must be a whole number, not {text!r}") from None
    if not 1 <= uses <= MAX_USES:
        raise CommandError(f"--uses must be from 1 to {MAX_USES}, not {uses}")
    return uses


class Command(SubcommandCommand):
    help = "Create, list and revoke invites (codes that let someone join a team)."

    def add_arguments(self, parser):
        actions = self.add_actions(parser)
        create = actions.add_parser("create", help="Create an invite; prints its id, then the code (shown this once).")
        create.add_argument("--team", required=True)
        create.add_argument("--role", choices=["admin", "member", "read-only"], default="member")
        create.add_argument("--uses", default="1", help=f"How many times it can be redeemed (1 to {MAX_USES}; default 1).")
        create.add_argument("--expires-in", default="7d", help="A span: 30d, 12h, 15m, 90s (default 7d).")
        create.add_argument("--handle", default="", help="Only this handle may redeem it.")
        create.add_argument(
            "--scope", "--scopes", dest="scope",
            help="Comma-separated scopes of the first token (default: every scope of the role).",
        )
        listing = actions.add_parser("list", help="List invites: id, code prefix, state, role, uses, handle, scopes, expiry.")
        listing.add_argument("--team")
        listing.add_argument("--state", choices=STATES)
        revoke = actions.add_parser("revoke", help="Stop an invite: redeeming it answers 410 from now on.")
        revoke.add_argument("invite_id")

    def do_create(self, team, role, uses, expires_in, handle="", scope=None, **_):
        found = team_or_fail(team)
        max_uses = _uses(uses)
        span = tokens.parse_span(expires_in)
        if not span:
            raise CommandError(f"{expires_in!r} is not in the future")
        if handle and not provisioning.HANDLE_RE.match(handle):
            raise CommandError(f"{handle!r} is not a handle (1 to 150 letters, digits and _ . @ + -)")
        scope_list = scopes.parse_scope_list(scope) if scope is not None else sorted(scopes.ROLE_SCOPES[role])
        invite, code = invites.issue(found, role=role, scopes=scope_list, expires_in=span, max_uses=max_uses,
                                     handle=handle)
        self.stdout.write(invite.id)
        self.stdout.write(code)

    def do_list(self, team=None, state=None, **_):
        qs = Invite.objects.select_related("team", "created_by").order_by("id")
        if team:
            qs = qs.filter(team=team_or_fail(team))
        for invite in qs:
            current = invite.state()
            if state and current != state:
                continue
            self.stdout.write(
                f"{invite.id}  aurainv_{invite.prefix}_…  {current:8}  team={invite.team.slug}  role={invite.role}  "
                f"uses={invite.uses}/{invite.max_uses}  handle={invite.handle or '-'}  "
                f"scopes={','.join(invite.scopes)}  expires={_fmt(invite.expires_at)}  "
                f"by={invite.created_by.name if invite.created_by else '-'}"
            )

    def do_revoke(self, invite_id, **_):
        try:
            invite = Invite.objects.get(pk=invite_id)
        except Invite.DoesNotExist:
            raise CommandError(f"no invite {invite_id!r}") from None
        if invite.revoked_at is not None:
            raise CommandError(f"invite {invite.id} is already revoked")
        invites.revoke(invite)
        self.stdout.write(f"{invite.id} revoked")
