"""Prove, the pure part: what a goal requires, and whether the graph meets it.

Plain values in, plain values out; no database, no Django. The view reads
the graph (``intents.graph``) and hands the facts in.

``derive_requirements(goal)`` — the code names a goal mentions, in order of
first appearance, each once:

* a backticked name: `` `retry_logic` ``, `` `auth::Session::refresh` ``,
  `` `Client.send()` `` (a trailing call ``(…)`` is dropped). Backticked text
  that is not a name (`` `make test` ``, `` `src/app.py` ``) is skipped whole.
* an ``a::b`` path: ``auth::Session::refresh``.
* a snake_case word: an identifier with an underscore between two letters or
  digits (``retry_logic``, ``MAX_RETRIES``).
* a CamelCase word with two humps: an identifier of letters and digits with
  at least two humps, a hump being a capital followed by a lower-case letter
  or digit, or the lower-case head of a lowerCamelCase word (``RetryPolicy``,
  ``sendRequest``; not ``Retry``, ``API``, ``IDs`` or ``HTTPClient``).

Words inside URLs (``https://…``) and file paths (anything with a ``/``) are
not names. A path's parts are not also taken on their own.

``evaluate(requirements, facts)`` — each requirement is satisfied when its
node exists (``facts`` holds only live nodes: a deleted node is not found),
has the required kind (when one is given) and calls every name in
``must_call``. All satisfied → ``proved``/``pass``; some → ``partial``/
``partial``; none → ``unproved``/``fail``.
"""

import re

VERDICTS = ("proved", "partial", "unproved")
RESULTS = ("pass", "partial", "fail")
RESULT_OF = {"proved": "pass", "partial": "partial", "unproved": "fail"}

# Why a requirement is not satisfied (``reason``), or None when it is.
NOT_FOUND = "not_found"
KIND_MISMATCH = "kind_mismatch"
MISSING_CALLS = "missing_calls"

_IDENT = r"[A-Za-z_$][A-Za-z0-9_$]*"
# A backticked name: identifiers joined by :: or . , with an optional call.
_BACKTICK_NAME = re.compile(rf"^{_IDENT}(?:(?:::|\.){_IDENT})*$")
_CALL_SUFFIX = re.compile(r"\((?:[^()]|\([^()]*\))*\)$")
_BACKTICK = re.compile(r"`([^`\n]*)`")
# Whitespace-separated chunks holding a / (URLs, file paths) hold no names.
_CHUNK = re.compile(r"\S+")
# Names are ASCII identifiers; a Unicode letter next to one makes it part of
# a longer word, which is not a name (``müller_weg`` yields nothing).
_PATH = re.compile(r"(?<![\w$:])[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)+(?![\w$])")
_WORD = re.compile(r"(?<![\w$])[A-Za-z_][A-Za-z0-9_]*(?![\w$])")
_SNAKE_JOINT = re.compile(r"[A-Za-z0-9]_+[A-Za-z0-9]")
_HUMP = re.compile(r"[A-Z][a-z0-9]")


def is_snake_case(word):
    """An identifier with an underscore between two letters or digits."""
    return bool(_SNAKE_JOINT.search(word))


def is_camel_case(word):
    """Letters and digits only, at least two humps (see the module docstring)."""
    if not word.isalnum() or not word.isascii() or not word[0].isalpha():
        return False
    humps = len(_HUMP.findall(word)) + (1 if word[0].islower() else 0)
    return humps >= 2


def _backticked_name(text):
    text = text.strip()
    text = _CALL_SUFFIX.sub("", text).strip()
    return text if _BACKTICK_NAME.match(text) else None


def derive_requirements(goal):
    """The node names ``goal`` mentions, de-duplicated, in order of appearance."""
    if not goal:
        return []
    found = []  # (position, name)
    taken = [False] * len(goal)

    def take(start, end, name):
        found.append((start, name))
        for i in range(start, end):
            taken[i] = True

    for match in _BACKTICK.finditer(goal):
        name = _backticked_name(match.group(1))
        if name:
            take(match.start(), match.end(), name)
        else:
            for i in range(match.start(), match.end()):
                taken[i] = True
    for match in _CHUNK.finditer(goal):
        if "/" in match.group(0):
            for i in range(match.start(), match.end()):
                taken[i] = True

    def free(match):
        return not any(taken[match.start():match.end()])

    for match in _PATH.finditer(goal):
        if free(match):
            take(match.start(), match.end(), match.group(0))
    for match in _WORD.finditer(goal):
        word = match.group(0)
        if free(match) and (is_snake_case(word) or is_camel_case(word)):
            take(match.start(), match.end(), word)

    out, seen = [], set()
    for _, name in sorted(found, key=lambda item: item[0]):
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def requirement(node, kind=None, must_call=()):
    """A requirement as evaluate() takes it (must_call de-duplicated, in order)."""
    calls = []
    for name in must_call or ():
        if name not in calls:
            calls.append(name)
    return {"node": node, "kind": kind, "must_call": calls}


def check(req, fact):
    """The evidence for one requirement against one node's facts (or None)."""
    must_call = list(req.get("must_call") or [])
    kind = req.get("kind")
    if fact is None:
        return {
            "node": req["node"], "kind": kind, "must_call": must_call, "satisfied": False,
            "found": None, "missing_calls": must_call, "reason": NOT_FOUND,
        }
    calls = set(fact.get("calls") or ())
    missing = [name for name in must_call if name not in calls]
    reason = None
    if kind is not None and kind != fact.get("kind"):
        reason = KIND_MISMATCH
    elif missing:
        reason = MISSING_CALLS
    return {
        "node": req["node"], "kind": kind, "must_call": must_call, "satisfied": reason is None,
        "found": {"path": fact.get("path"), "kind": fact.get("kind"), "hash": fact.get("hash")},
        "missing_calls": missing, "reason": reason,
    }


def verdict_of(evidence):
    """(verdict, result) for a list of per-requirement evidence."""
    if not evidence:
        raise ValueError("a proof needs at least one requirement")
    met = sum(1 for item in evidence if item["satisfied"])
    if met == len(evidence):
        verdict = "proved"
    elif met:
        verdict = "partial"
    else:
        verdict = "unproved"
    return verdict, RESULT_OF[verdict]


def evaluate(requirements, facts):
    """``requirements``: [{node, kind?, must_call?}]; ``facts``: {name: {path,
    kind, hash, calls}} for the live nodes found. Returns {verdict, result,
    requirements: [evidence, …]} in the requirements' order."""
    evidence = [check(req, facts.get(req["node"])) for req in requirements]
    verdict, result = verdict_of(evidence)
    return {"verdict": verdict, "result": result, "requirements": evidence}
