"""Schemathesis hooks for tests/api/test_schemathesis.py (loaded through
SCHEMATHESIS_HOOKS by the ``st`` process).

Before each call they take out of the generated request what OpenAPI 3.0
cannot describe, each for a reason the schema's own descriptions give
(schemathesis re-checks the edited case, so a negative case stays negative):

* ``cursor``: a signed token from a previous page, bound to its query; a
  made-up one is refused (400 invalid_cursor) by design.
* ``aggregate`` without ``group_by``, and on /v1/knowledge ``q`` with
  either: the dependencies between query parameters (400 "aggregate needs
  group_by", "group_by does not combine with q"); ``group_by=team`` is added
  to a lone ``aggregate``, a search loses its ``group_by`` and ``aggregate``.
* ``subscribe=true`` on /v1/events: the event stream, which never ends (and
  which the WSGI server under test refuses, pointing at the ASGI one).
* A raw snapshot upload's metadata is in the query, and ``?path=`` is what
  makes a body raw: a raw body gets a ``path``, a JSON body none of them.
* ``Aura-API-Version``: a well-formed requirement this server does not meet
  is answered 426 by design; such a value becomes ``>=1.0``.
* Values that must name something that exists, or hold at the moment of the
  call (the schema says what they are; the data decides): a token's
  ``member``, an intent's ``author`` and a direct message's ``to.id`` name
  the seeded member
  (``AURA_FUZZ_MEMBER``), an impact's ``other_branch`` differs from
  ``your_branch`` (both trimmed), ``snooze_until`` lies in the future, a sync ``cursor``
  is within the log (0); an intent's nodes have distinct names and a renamed
  node a different old name.
* Path ids the fuzzer must not act on (``AURA_FUZZ_PROTECTED``: its own
  token and member), so that it never rotates, revokes or demotes itself.
"""

import os
import re
from datetime import datetime

import schemathesis

VERSION = re.compile(
    r"^\s*(>=|<=|==|>|<|=)?\s*\d+(\.\d+)?(\.\d+)?\s*(,\s*(>=|<=|==|>|<|=)?\s*\d+(\.\d+)?(\.\d+)?\s*)*$"
)
MEMBER = os.environ.get("AURA_FUZZ_MEMBER", "")
PROTECTED = set(filter(None, os.environ.get("AURA_FUZZ_PROTECTED", "").split(",")))
TRUE = ("true", "1", "yes")


@schemathesis.hook
def before_call(context, case, kwargs):
    query = case.query
    if isinstance(query, dict):
        query.pop("cursor", None)
        if (case.operation.method.lower(), case.operation.path) == ("get", "/v1/knowledge") and "q" in query:
            query.pop("group_by", None)
            query.pop("aggregate", None)
        elif "aggregate" in query and "group_by" not in query:
            query["group_by"] = "team"
        if str(query.get("subscribe", "")).lower() in TRUE:
            query.pop("subscribe")
    headers = case.headers
    if headers is not None:  # a case-insensitive mapping
        version = headers.get("Aura-API-Version")
        if isinstance(version, str) and VERSION.match(version):
            headers["Aura-API-Version"] = ">=1.0"
    if (case.operation.method.lower(), case.operation.path) == ("post", "/v1/snapshots") \
            and isinstance(query, dict):
        if case.media_type == "application/octet-stream":
            query.setdefault("path", "fuzz/upload.bin")  # a raw body is an upload only with ?path=
        else:
            # ?path= makes any body the raw content: the metadata parameters go
            # with the raw upload, not with the JSON one.
            for name in ("path", "repo", "branch", "commit_sha", "content_type"):
                query.pop(name, None)
    body = case.body
    if isinstance(body, dict):
        _existing_references(case.operation.method.lower(), case.operation.path, body)
    if isinstance(case.path_parameters, dict) and PROTECTED:
        for name, value in case.path_parameters.items():
            if value in PROTECTED:
                case.path_parameters[name] = "protected"


def _is_time(value):
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _distinct_renames(nodes):
    """Node names are unique in an intent, and a renamed node names its
    different old name (rules between items and between fields)."""
    seen, out = set(), []
    for node in nodes:
        if isinstance(node, dict) and isinstance(node.get("name"), str):
            if node["name"] in seen:
                continue
            seen.add(node["name"])
            if node.get("change") == "renamed":
                before = node.get("before") if isinstance(node.get("before"), dict) else {}
                if not isinstance(before.get("name"), str) or before["name"] in ("", node["name"]):
                    node["before"] = {**before, "name": "old-" + node["name"]}
        out.append(node)
    return out


def _existing_references(method, path, body):
    if (method, path) == ("post", "/v1/admin/tokens") and isinstance(body.get("member"), str):
        body["member"] = MEMBER
    if (method, path) in (("post", "/v1/intents"), ("post", "/v1/intents:batch")):
        for intent in [body] + [i for i in body.get("intents", []) if isinstance(i, dict)] \
                if isinstance(body.get("intents"), list) else [body]:
            if isinstance(intent.get("author"), str):
                intent["author"] = MEMBER
            if isinstance(intent.get("nodes"), list):
                intent["nodes"] = _distinct_renames(intent["nodes"])
    if (method, path) == ("post", "/v1/messages"):
        to = body.get("to")
        if isinstance(to, dict) and to.get("kind") == "member" and isinstance(to.get("id"), str) and to["id"].strip():
            to["id"] = MEMBER
    if (method, path) == ("post", "/v1/impacts"):
        mine, other = body.get("your_branch"), body.get("other_branch")
        if isinstance(mine, str) and isinstance(other, str) and other.strip() == mine.strip():
            body["other_branch"] = mine.strip() + "-other"  # compared as trimmed
    if method == "patch" and path == "/v1/impacts/{id}" and _is_time(body.get("snooze_until")):
        body["snooze_until"] = "2999-01-01T00:00:00Z"
    if (method, path) == ("post", "/v1/team/sync") and isinstance(body.get("cursor"), int) \
            and not isinstance(body.get("cursor"), bool) and body["cursor"] >= 0:
        body["cursor"] = 0
