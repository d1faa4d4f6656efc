"""Prefixed, time-sortable ULID ids (``itn_01J...``).

Ids made by one process are strictly increasing, even within one millisecond,
so keyset pagination on the id is a stable, newest-first order.
"""

import os
import threading
import time

from django.utils.deconstruct import deconstructible

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_lock = threading.Lock()
_last = 0


def new_ulid() -> str:
    global _last
    with _lock:
        value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
        if value <= _last:
            value = _last + 1
        _last = value
    return _encode(value)


def _encode(value) -> str:
    chars = []
    for _ in range(26):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def make_id(prefix: str) -> str:
    return f"{prefix}_{new_ulid()}"


def id_at(prefix: str, moment) -> str:
    """The smallest id made at or after ``moment`` (an aware datetime): as ids
    sort by time, "made since" is a range of an index on the id."""
    return f"{prefix}_{_encode(int(moment.timestamp() * 1000) << 80)}"


@deconstructible
class PrefixedId:
    """A model field default: ``id = CharField(default=PrefixedId("itn"))``."""

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self):
        return make_id(self.prefix)

    def __eq__(self, other):
        return isinstance(other, PrefixedId) and other.prefix == self.prefix


def id_field(prefix: str):
    from django.db import models

    return models.CharField(
        primary_key=True, max_length=40, default=PrefixedId(prefix), editable=False
    )


# The shape of an id in a URL: a lowercase prefix, "_", letters and digits,
# 40 characters at most (the column's length). Anything else (a NUL, which
# PostgreSQL cannot even compare with a text column; quotes, spaces, dots) is
# 404 ``not_found`` before any query: it cannot name a row.
ID_REGEX = r"[a-z]{1,8}_[0-9A-Za-z]{1,31}"


class IdConverter:
    """``<aura_id:pk>`` in a URL pattern (registered by the app, apps.py)."""

    regex = ID_REGEX

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
