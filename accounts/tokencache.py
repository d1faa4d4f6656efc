"""A per-process cache of what a token's lookup read, invalidated in every
process at once.

Every API request authenticates, and the token's statement (the token, its
user, the user's members and teams) was the one database round trip of a
request like ``GET /v1/status``. Here each process keeps what that
statement read, by digest, together with the **authentication generation**
it was read at: a counter in Redis that moves (``bump``) after any commit
that changes what a lookup would read — a token saved or deleted or its
teams changed (revocation, rotation, scopes, limits), a member added,
changed or removed, a user saved (deactivation) or deleted, a team saved or
deleted.

Every request reads the current generation in the same Redis round trip
that counts its rate limit (``ratelimit.count_with_generation``). A request
that finds its token here uses the entry only when the two are equal; so a
revocation stops the next request in every process: the revoking request's
commit moves the generation before its answer is sent. Otherwise the entry
is dropped and the statement runs again.

What keeps this safe:

- The cache is on only where the counter is shared (the Redis cache,
  ``REDIS_URL``): the embedded default's local memory cannot hear another
  process (``manage.py token revoke``), so it never caches.
- An entry is stamped with the newest generation the process had read
  *before* the statement ran, so a change committed after that read leaves
  the entry older than the generation. A miss costs no extra round trip.
- A generation the store lost (Redis restarted, the key evicted) starts
  again from Redis's clock in microseconds, never from a value an entry
  could hold.
- A request that cannot read the generation (Redis unreachable) empties the
  process's cache: changes committed meanwhile could not move it.
- An entry is at most ``AURA_TOKEN_CACHE_SECONDS`` old (default 300; 0
  turns the cache off): the bound for what no generation hears — a writer
  that reached the database but not Redis, a row changed by hand in SQL.
- Each request gets new model instances built from the kept values, so
  nothing a request does to its instances reaches another request.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.base import ModelState

logger = logging.getLogger("aura.accounts")

GENERATION_KEY = "aura:auth:generation"
MAX_ENTRIES = 50_000
# Saves that only record use: they change nothing a lookup decides on.
USE_ONLY_FIELDS = frozenset({"last_used_at", "last_seen_at", "last_login"})

_entries = {}  # tuple of candidate digests -> Entry
_lock = threading.Lock()
_last_seen = None  # the generation this process read last


def _store():
    cache = caches["default"]
    return cache if hasattr(cache, "generation") else None


def enabled():
    return settings.AURA_TOKEN_CACHE_SECONDS > 0 and _store() is not None


def observe(generation):
    """Note a generation just read from Redis (None: Redis could not say) and
    return it. Redis unreachable empties the cache: changes committed
    meanwhile could not move the generation."""
    global _last_seen
    if generation is None:
        _last_seen = None
        _entries.clear()
    else:
        _last_seen = generation
    return generation


def last_seen():
    """The generation this process read last (None before any, or after a
    failure): read before anything the caller reads next."""
    return _last_seen


def bump():
    """Move the generation: every process's entries are stale from now."""
    store = _store()
    if store is None:
        return
    try:
        store.bump_generation(GENERATION_KEY)
    except Exception:  # noqa: BLE001 - entries expire by age (AURA_TOKEN_CACHE_SECONDS)
        logger.error("could not move the authentication generation; cached tokens expire by age", exc_info=True)


def bump_on_commit(using="default"):
    """``bump`` once the current transaction commits (now, outside one);
    one bump per transaction however many rows it changed."""
    conn = transaction.get_connection(using)
    try:
        # A bump already registered covers this change too: a savepoint
        # rolled back discards its bump, but only with the changes made in it.
        if any(item[1] is bump for item in conn.run_on_commit):
            return
    except (AttributeError, IndexError, TypeError):  # Django's list changed shape: bump more often
        pass
    transaction.on_commit(bump, using=using)


class Entry:
    """The values a lookup read, and the generation it was read at."""

    __slots__ = ("generation", "born", "token", "user", "members")

    def __init__(self, generation, token, members):
        self.generation = generation
        self.born = time.monotonic()
        self.token = _values(token)
        self.user = _values(token.user)
        self.members = [(_values(m), _values(m.team)) for m in members]

    def fresh(self):
        return time.monotonic() - self.born < settings.AURA_TOKEN_CACHE_SECONDS

    def build(self):
        """New ``(token, members)`` instances, as the lookup returned them."""
        token = _instance(*self.token)
        token.user = _instance(*self.user)
        members = []
        for member_part, team_part in self.members:
            member = _instance(*member_part)
            member.team = _instance(*team_part)
            members.append(member)
        return token, members

    def remember_use(self, token, members):
        """Keep the use times a request just recorded
        (``authentication.touch_members``), so the next request does not record them again."""
        self.token[1]["last_used_at"] = token.last_used_at
        seen = {m.pk: m.last_seen_at for m in members}
        for (_, values, _), _team in self.members:
            if values["id"] in seen:
                values["last_seen_at"] = seen[values["id"]]


def _values(instance):
    """``(model, attribute values, the names of the list values)``."""
    values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
    return type(instance), values, tuple(k for k, v in values.items() if isinstance(v, list))


def _instance(model, values, lists):
    instance = model.__new__(model)
    instance.__dict__.update(values)
    for name in lists:  # a token's scopes: no request changes another's
        instance.__dict__[name] = list(values[name])
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = "default"
    return instance


def get(candidates):
    """The live entry for these candidate digests, or None."""
    entry = _entries.get(candidates)
    if entry is not None and not entry.fresh():
        _entries.pop(candidates, None)
        return None
    return entry


def put(candidates, entry):
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[candidates] = entry


def drop(candidates):
    _entries.pop(candidates, None)


def clear():
    global _last_seen
    _last_seen = None
    _entries.clear()


def _changed(sender, instance=None, update_fields=None, using="default", **kwargs):
    if update_fields is not None and set(update_fields) <= USE_ONLY_FIELDS:
        return
    bump_on_commit(using)


def _changed_unless_new(sender, created=False, **kwargs):
    # A new token, user or team is in no entry (a new member may belong in one).
    if not created:
        _changed(sender, **kwargs)


def connect():
    """Move the generation after every change a lookup would read (apps.ready)."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .models import Member, Team, Token

    for model in (Token, Member, Team, get_user_model()):
        on_save = _changed if model is Member else _changed_unless_new
        post_save.connect(on_save, sender=model, dispatch_uid=f"tokencache-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"tokencache-delete-{model._meta.label}")
    m2m_changed.connect(_changed, sender=Token.teams.through, dispatch_uid="tokencache-token-teams")
