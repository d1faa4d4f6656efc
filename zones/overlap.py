"""Which paths a zone claims, and when two claims overlap. Pure: plain values in,
plain values out, no database.

A zone entry is one of:

* a **node name** — it contains ``::`` (``billing::invoice::total``); it matches
  exactly that node name and nothing else (never a file glob);
* a **glob** over relative, ``/``-separated paths: ``*`` and ``?`` stay inside
  one path segment, ``**`` crosses segments (``src/**/test_*.py`` matches
  ``src/test_a.py`` and ``src/x/y/test_a.py``), ``[abc]`` / ``[!abc]`` is a
  character class; an entry with none of ``*?[`` is a plain file path.

Two entries overlap when:

* either is a node name: they are the same string;
* both are plain file paths: they are the same string;
* one is a plain file path: the other (a glob) matches it;
* both are globs: one's literal prefix (the text before the first ``*?[``) is a
  prefix of the other's — a cheap, conservative test that never misses a real
  overlap (``src/*.py`` and ``src/*.rs`` count as overlapping).

Two claims overlap when their repos overlap, their branches overlap (``None``
means every repo / branch) and some entry of one overlaps some entry of the other.
"""

import re
from functools import lru_cache

MAX_PATH_LENGTH = 1024
WILDCARDS = "*?["
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# path_error(path) as a JSON-schema pattern (with maxLength MAX_PATH_LENGTH): /-separated
# segments of anything but control characters, backslash, a wildcard and "/", none empty, "." or "..".
_CHAR = r"[^/\\\x00-\x1f\x7f*?\[]"
_FIRST = r"[^./\\\x00-\x1f\x7f*?\[]"
_SEGMENT = f"(?:{_FIRST}{_CHAR}*|\\.{_FIRST}{_CHAR}*|\\.\\.{_CHAR}+)"
FILE_PATH_PATTERN = f"^{_SEGMENT}(?:/{_SEGMENT})*$"
FILE_PATH_SCHEMA = {"type": "string", "maxLength": MAX_PATH_LENGTH, "pattern": FILE_PATH_PATTERN}
# A zone entry (path_error with allow_glob, after normalize_entry): wildcards allowed, and a
# trailing / (a directory, claimed as dir/**).
_GCHAR = r"[^/\\\x00-\x1f\x7f]"
_GFIRST = r"[^./\\\x00-\x1f\x7f]"
_GSEGMENT = f"(?:{_GFIRST}{_GCHAR}*|\\.{_GFIRST}{_GCHAR}*|\\.\\.{_GCHAR}+)"
ZONE_ENTRY_SCHEMA = {
    "type": "string", "maxLength": MAX_PATH_LENGTH - 2, "pattern": f"^{_GSEGMENT}(?:/{_GSEGMENT})*/?$",
}


def is_node(entry):
    return "::" in entry


def has_wildcards(entry):
    return any(c in entry for c in WILDCARDS)


def literal_prefix(pattern):
    """The text before the first wildcard character (all of it when there is none)."""
    for index, char in enumerate(pattern):
        if char in WILDCARDS:
            return pattern[:index]
    return pattern


def path_error(path, *, allow_glob=False):
    """Why ``path`` is not an acceptable relative path, or None when it is.

    Relative, ``/``-separated, 1..1024 characters, no ``..`` or ``.`` segment,
    no empty segment (``a//b``, trailing ``/``), no leading ``/``, no NUL or
    other control character, no backslash. Without ``allow_glob`` the
    wildcard characters ``*?[`` are refused too (a file path, not a pattern)."""
    if not isinstance(path, str):
        return "must be a string"
    if not path:
        return "must not be empty"
    if len(path) > MAX_PATH_LENGTH:
        return f"must be at most {MAX_PATH_LENGTH} characters"
    if "\x00" in path:
        return "must not contain NUL"
    if _CONTROL.search(path):
        return "must not contain control characters"
    if path.startswith("/"):
        return "must be relative (no leading /)"
    if "\\" in path:
        return "must use / as the separator (no backslash)"
    if not allow_glob and has_wildcards(path) and not is_node(path):
        return "must be a file path, not a pattern (no * ? [)"
    segments = path.split("/")
    if any(s == ".." for s in segments):
        return "must not contain a .. segment"
    if any(s == "." for s in segments):
        return "must not contain a . segment"
    if any(s == "" for s in segments):
        return "must not contain an empty segment (// or a trailing /)"
    return None


def normalize_entry(entry):
    """``src/billing/`` (a directory) claims everything under it: ``src/billing/**``."""
    if isinstance(entry, str) and entry.endswith("/") and not is_node(entry) and len(entry) > 1:
        return entry + "**"
    return entry


@lru_cache(maxsize=4096)
def glob_to_regex(pattern):
    """An anchored regular expression for ``pattern`` that means the same in
    Python's ``re`` and PostgreSQL's ``~`` (so lists can filter in SQL)."""
    out = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "*":
            if pattern.startswith("**", i):
                before_ok = i == 0 or pattern[i - 1] == "/"
                after = pattern[i + 2] if i + 2 < n else None
                i += 2
                if before_ok and after == "/":
                    out.append("(.*/)?")  # **/ : zero or more whole segments
                    i += 1
                else:
                    out.append(".*")
            else:
                out.append("[^/]*")
                i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[":
            start = i + 1
            negate = pattern[start : start + 1] in ("!", "^")
            if negate:
                start += 1
            # A ] right after [ or [! is a member of the class, not its end.
            end = pattern.find("]", start + 1 if pattern[start : start + 1] == "]" else start)
            body = pattern[start:end].replace("/", "") if end != -1 else ""
            if not body:
                out.append(re.escape(char))  # no class here: a literal [
                i += 1
                continue
            body = body.replace("\\", "\\\\").replace("^", "\\^").replace("[", "\\[").replace("]", "\\]")
            out.append(f"[^/{body}]" if negate else f"[{body}]")
            i = end + 1
        else:
            out.append(re.escape(char))
            i += 1
    return "^" + "".join(out) + "$"


@lru_cache(maxsize=4096)
def _compiled(pattern):
    return re.compile(glob_to_regex(pattern), re.DOTALL)


def matches(entry, path):
    """Does the zone entry ``entry`` cover ``path`` (a file path or a node name)?"""
    if is_node(entry) or is_node(path):
        return entry == path
    if not has_wildcards(entry):
        return entry == path
    return _compiled(entry).match(path) is not None


def entries_overlap(a, b):
    if is_node(a) or is_node(b):
        return a == b
    wild_a, wild_b = has_wildcards(a), has_wildcards(b)
    if not wild_a and not wild_b:
        return a == b
    if not wild_a:
        return matches(b, a)
    if not wild_b:
        return matches(a, b)
    prefix_a, prefix_b = literal_prefix(a), literal_prefix(b)
    return prefix_a.startswith(prefix_b) or prefix_b.startswith(prefix_a)


def scope_overlaps(a, b):
    """Repos or branches: ``None`` means all of them."""
    return a is None or b is None or a == b


def overlapping_entries(paths_a, paths_b):
    """The (entry of a, entry of b) pairs that overlap, in order."""
    return [(a, b) for a in paths_a for b in paths_b if entries_overlap(a, b)]


def claims_overlap(a, b):
    """``a`` and ``b`` are mappings with ``paths``, ``repo`` and ``branch``."""
    return (
        scope_overlaps(a.get("repo"), b.get("repo"))
        and scope_overlaps(a.get("branch"), b.get("branch"))
        and bool(overlapping_entries(a["paths"], b["paths"]))
    )


def covers(claim, path, repo=None, branch=None):
    """Does the claim cover a write of ``path`` in ``repo`` / ``branch``
    (``None``: unknown, so any)?"""
    return (
        scope_overlaps(claim.get("repo"), repo)
        and scope_overlaps(claim.get("branch"), branch)
        and any(matches(entry, path) for entry in claim["paths"])
    )
