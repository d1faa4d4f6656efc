"""Who is calling, and what they may do in each of their teams."""

from dataclasses import dataclass, field

from . import scopes as scope_rules


@dataclass
class Principal:
    user: object
    token: object = None  # accounts.Token, or None for a session
    members: dict = field(default_factory=dict)  # team_id → Member (team selected)
    scopes: dict = field(default_factory=dict)  # team_id → frozenset of effective scopes
    local_owner: bool = False  # local mode, Unix socket: the owner, every scope

    @classmethod
    def build(cls, user, members, token=None, local_owner=False):
        members = {m.team_id: m for m in members}
        scopes = {}
        for team_id, member in members.items():
            if local_owner:
                scopes[team_id] = frozenset(scope_rules.ALL_SCOPES)
            elif token is not None:
                scopes[team_id] = scope_rules.effective(token.scopes, member.role)
            else:
                scopes[team_id] = scope_rules.ROLE_SCOPES.get(member.role, frozenset())
        return cls(user=user, token=token, members=members, scopes=scopes, local_owner=local_owner)

    @property
    def team_ids(self):
        return list(self.members)

    @property
    def teams(self):
        return sorted((m.team for m in self.members.values()), key=lambda t: t.slug)

    def teams_with(self, scope):
        """Team ids where the caller holds ``scope`` (every team when scope is None)."""
        if scope is None:
            return list(self.members)
        return [tid for tid, granted in self.scopes.items() if scope in granted]

    def has(self, scope, team_id):
        return scope is None or scope in self.scopes.get(team_id, ())

    def member(self, team_id):
        return self.members.get(team_id)

    def team_by_slug(self, slug):
        for member in self.members.values():
            if member.team.slug == slug:
                return member.team
        return None

    @property
    def rate_key(self):
        if self.token is not None:
            return f"tok:{self.token.pk}"
        return f"user:{self.user.pk}"

    @property
    def identity_key(self):
        """Whose idempotency keys these are: the token's user, or the session user."""
        return f"user:{self.user.pk}"
