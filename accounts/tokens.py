"""Token issue, lookup, rotation and revocation.

A token is shown once as ``aura_<prefix>_<secret>``. The database keeps only
HMAC-SHA256(pepper, whole token) and the pepper's key id, so a database leak
yields no usable token, and lookup by the keyed digest gives no timing oracle:
a wrong secret and an unknown token are the same miss.
"""

import hashlib
import hmac
import re
import secrets
import string
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

from . import sql
from .models import Token
from .signals import token_revoked

TOKEN_RE = re.compile(r"^aura_([a-z0-9]{8})_([A-Za-z0-9_-]{20,100})$")
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits
LAST_USED_RESOLUTION = timedelta(seconds=60)


def peppers():
    """[(key_id, secret bytes)], the current one first."""
    setting = settings.AURA_TOKEN_PEPPER
    pairs = _PEPPERS.get(setting)
    if pairs is None:  # parsed once per value (every request asks)
        pairs = tuple(_parse_peppers(setting))
        _PEPPERS.clear()
        _PEPPERS[setting] = pairs
    return pairs


_PEPPERS = {}


def _parse_peppers(setting):
    pairs = []
    for item in setting.split(","):
        item = item.strip()
        if not item:
            continue
        kid, sep, secret = item.partition(":")
        if not sep:
            kid, secret = "k0", item
        pairs.append((kid, secret.encode()))
    return pairs


def digest(raw, secret):
    return hmac.new(secret, raw.encode(), hashlib.sha256).hexdigest()


def _new_raw():
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(8))
    return prefix, f"aura_{prefix}_{secrets.token_urlsafe(32)}"


def issue(user, teams, scopes, *, name="", expires_at=None, rate_limit_per_minute=None,
          rate_limit_per_second=None, rotated_from=None):
    """Create a token; returns (token, raw secret). The secret is never stored."""
    kid, secret = peppers()[0]
    prefix, raw = _new_raw()
    token = Token.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=digest(raw, secret),
        key_id=kid,
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
        rate_limit_per_minute=rate_limit_per_minute,
        rate_limit_per_second=rate_limit_per_second,
        rotated_from=rotated_from,
    )
    token.teams.set(teams)
    return token, raw


def lookup(raw):
    """The Token for a presented secret, or None. Never says why it missed."""
    if not TOKEN_RE.match(raw or ""):
        return None
    candidates = [digest(raw, secret) for _, secret in peppers()]
    token = (
        Token.objects.select_related("user").filter(digest__in=candidates).first()
    )
    return token if _confirmed(token, candidates) else None


def _confirmed(token, candidates):
    # The index found it; confirm in constant time against the stored digest.
    return token is not None and any(hmac.compare_digest(token.digest, c) for c in candidates)


def lookup_with_members(raw):
    """``(token, members)`` for a presented secret: the token (its user
    loaded) and the user's members in the token's teams (each with its
    team); ``(None, [])`` for a miss.

    One query where ``lookup`` and a members query were two: every API
    request authenticates, and building the two ORM queries cost more than
    running them. The rows are turned into model instances as the ORM
    would (``Model.from_db``)."""
    candidates = digests_of(raw)
    return (None, []) if candidates is None else lookup_digests(candidates)


def digests_of(raw):
    """The digests a presented secret could be stored under (one per
    pepper), or None when it is not shaped like a token."""
    if not TOKEN_RE.match(raw or ""):
        return None
    return tuple(digest(raw, secret) for _, secret in peppers())


def lookup_digests(candidates):
    """``lookup_with_members`` for the digests ``digests_of`` gave."""
    parts, rows = sql.select_token_with_members(list(candidates))
    readers = _row_readers(connection.vendor, parts)

    def build(index, row):
        # What the ORM's compiler does with a row: the backend's and the
        # field's converters (JSON, SQLite's datetimes and booleans), then from_db.
        model, start, attnames, converters = readers[index]
        values = list(row[start:start + len(attnames)])
        for i, col, converts in converters:
            value = values[i]
            for convert in converts:
                value = convert(value, col, connection)
            values[i] = value
        if pre_init.has_listeners(model) or post_init.has_listeners(model):
            return model.from_db(connection.alias, attnames, values)
        # What from_db does for a full row (Model.__init__ sets each field's
        # attribute; nothing listens for the init signals), at a fraction of its cost.
        instance = model.__new__(model)
        instance.__dict__.update(zip(attnames, values))
        instance._state = ModelState()
        instance._state.adding = False
        instance._state.db = connection.alias
        return instance

    # The digest is unique: every row is the one token, once per team.
    token, members = None, []
    for row in rows:
        if token is None:
            token = build(0, row)
            token.user = build(1, row)
        member = build(2, row)
        if member.pk is not None:  # a team of the token where the user is a member
            member.team = build(3, row)
            members.append(member)
    if not _confirmed(token, candidates):
        return None, []
    return token, members


_READERS = {}


def _row_readers(vendor, parts):
    """Per part of the row: its model, first column, attribute names and the
    converters of the fields that have any — found once per process and
    dialect (asking each field for them cost more than the query)."""
    if vendor not in _READERS:
        readers, start = [], 0
        for model, fields in parts:
            converters = []
            for i, field in enumerate(fields):
                col = field.cached_col
                converts = (*connection.ops.get_db_converters(col), *col.get_db_converters(connection))
                if converts:
                    converters.append((i, col, converts))
            readers.append((model, start, [f.attname for f in fields], converters))
            start += len(fields)
        _READERS[vendor] = readers
    return _READERS[vendor]


def use_due(token, now):
    """Whether ``token``'s use at ``now`` is to be recorded: at most once a minute."""
    return token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION


def _end(token, at, reason):
    """Set the token's end and tell the event log (``token.revoked``)."""
    token.revoked_at = at
    token.save(update_fields=["revoked_at"])
    token_revoked.send(sender=Token, token=token, effective_at=at, reason=reason)


class TokenStateError(ValueError):
    """The token cannot be rotated or revoked (one line, for the CLI, the API
    and the admin); ``state`` is the token's state."""

    def __init__(self, message, state=None):
        super().__init__(message)
        self.state = state


@transaction.atomic
def revoke(token, *, now=None):
    """Stop ``token`` now, and with it every predecessor (through
    ``rotated_from``) still in its rotation grace: revoking a rotated-to
    token must not leave the secret it replaced working. Successors are
    untouched. Returns the tokens revoked, ``token`` first; one
    ``token.revoked`` event each.

    The rows are locked, so two revocations (or a revocation and a rotation)
    of one chain run one after the other. A token already revoked raises
    TokenStateError and writes nothing."""
    now = now or timezone.now()
    locked = Token.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None and locked.revoked_at <= now:
        raise TokenStateError(f"token {locked.pk} is already revoked", state=locked.state(now))
    ended, seen = [locked], {locked.pk}
    previous = locked.rotated_from_id
    while previous is not None and previous not in seen:
        seen.add(previous)
        predecessor = Token.objects.select_for_update().filter(pk=previous).first()
        if predecessor is None:
            break
        if predecessor.revoked_at is not None and predecessor.revoked_at > now:
            ended.append(predecessor)  # still working in its grace period
        previous = predecessor.rotated_from_id
    for item in ended:
        _end(item, now, "revoked")
    token.revoked_at = now  # the caller's instance says what the row says
    return ended


@transaction.atomic
def rotate(token, *, grace=None):
    """Issue a successor with the same grants; the old one dies now or after grace.

    Only an active token rotates: a revoked or expired one is dead, and one
    already rotated (in its grace period) has a successor to rotate instead."""
    token = Token.objects.select_for_update().get(pk=token.pk)
    state = token.state()
    if state == "rotating" or (state == "revoked" and Token.objects.filter(rotated_from=token).exists()):
        successor = Token.objects.filter(rotated_from=token).values_list("pk", flat=True).first()
        raise TokenStateError(f"token {token.pk} was already rotated to {successor}; rotate that one")
    if state != "active":
        raise TokenStateError(f"token {token.pk} is {state}; create a new one")
    new, raw = issue(
        token.user,
        list(token.teams.all()),
        token.scopes,
        name=token.name,
        expires_at=token.expires_at,
        rate_limit_per_minute=token.rate_limit_per_minute,
        rate_limit_per_second=token.rate_limit_per_second,
        rotated_from=token,
    )
    _end(token, timezone.now() + (grace or timedelta(0)), "rotated")
    return new, raw


_SPAN_RE = re.compile(r"^(\d+)([smhdw])$")
_SPAN_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
MAX_SPAN_SECONDS = 36500 * 86400  # a century: anything longer overflows dates, or is a typo


def parse_span(text):
    """"30d" / "12h" / "15m" / "90s" / "2w" → timedelta; ValueError otherwise."""
    match = _SPAN_RE.match((text or "").strip())
    if not match:
        raise ValueError(f"{text!r} is not a span like 30d, 12h, 15m or 90s")
    seconds = int(match.group(1)) * _SPAN_UNITS[match.group(2)]
    if seconds > MAX_SPAN_SECONDS:
        raise ValueError(f"{text!r} is longer than {MAX_SPAN_SECONDS // 86400}d")
    return timedelta(seconds=seconds)


_RATE_RE = re.compile(r"^(\d+)/(s|sec|second|m|min|minute)$")


def parse_rate(text, unit):
    """"600/min" for unit "m", "50/s" for unit "s" → int; ValueError otherwise."""
    match = _RATE_RE.match((text or "").strip())
    if not match or int(match.group(1)) < 1 or match.group(2)[0] != unit:
        expected = "N/min" if unit == "m" else "N/s"
        raise ValueError(f"{text!r} is not a rate like {expected}")
    return int(match.group(1))
