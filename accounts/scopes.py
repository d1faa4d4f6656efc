"""The scope vocabulary and what each member role allows."""

READ_SCOPES = (
    "read_intents",
    "read_impacts",
    "read_messages",
    "read_snapshots",
    "read_zones",
    "read_prove",
    "read_events",
    "read_knowledge",
)
WRITE_SCOPES = (
    "write_intents",
    "write_impacts",
    "write_messages",
    "write_snapshots",
    "write_zones",
    "run_prove",
    "write_knowledge",
)
ADMIN = "admin"
ALL_SCOPES = READ_SCOPES + WRITE_SCOPES + (ADMIN,)

ROLE_SCOPES = {
    "read-only": frozenset(READ_SCOPES),
    "member": frozenset(READ_SCOPES + WRITE_SCOPES),
    "admin": frozenset(ALL_SCOPES),
}


def expand(scopes):
    """``admin`` on a token means every scope (then cut down by the role)."""
    scopes = frozenset(scopes)
    if ADMIN in scopes:
        return frozenset(ALL_SCOPES)
    return scopes


def effective(token_scopes, role):
    return expand(token_scopes) & ROLE_SCOPES.get(role, frozenset())


def parse_scope_list(text):
    """"read_intents,write_messages" → list; raises ValueError naming an unknown scope."""
    scopes = [s.strip() for s in (text or "").split(",") if s.strip()]
    if not scopes:
        raise ValueError("at least one scope is required")
    for scope in scopes:
        if scope not in ALL_SCOPES:
            raise ValueError(f"unknown scope {scope!r} (known: {', '.join(ALL_SCOPES)})")
    return sorted(set(scopes))
