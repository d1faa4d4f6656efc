"""Tickets: read ``[ENG-123]`` out of a summary and merge with the given list.

Pure functions of plain values; no database.
"""

import functools
import re

# A ticket id given in ``tickets``: any tracker's key, without spaces.
TICKET_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._#/:-]{0,99}$")
SYSTEM_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,49}$")


@functools.lru_cache(maxsize=64)
def _bracketed(pattern):
    return re.compile(r"\[(" + pattern + r")\]")


def extract(summary, pattern):
    """Ticket ids written in square brackets in ``summary`` that match the
    team's ``pattern``, in order of appearance, without repeats."""
    seen = []
    for match in _bracketed(pattern).finditer(summary or ""):
        ticket = match.group(1)
        if ticket not in seen:
            seen.append(ticket)
    return seen


def merge(given, extracted, default_system):
    """``given`` [{system, id}] then the ``extracted`` ids (system = the team's
    default), without duplicates of (system, id)."""
    out, seen = [], set()
    for ticket in [*given, *({"system": default_system, "id": t} for t in extracted)]:
        key = (ticket["system"], ticket["id"])
        if key not in seen:
            seen.add(key)
            out.append({"system": ticket["system"], "id": ticket["id"]})
    return out


def missing_ticket_message(pattern):
    return f"Intent must reference a ticket (pattern: {pattern})"


MISSING_TICKET_HINT = "Add [ENG-123] to the summary."
