"""Schemathesis hooks for tests/api/test_schemathesis.py (loaded through
SCHEMATHESIS_HOOKS by the ``st`` process).

They keep out of the generated calls what OpenAPI 3.0 cannot say, each for
a reason the schema's own descriptions give:

* ``cursor``: a signed token from a previous page, bound to its query; a
  made-up one is refused (400 invalid_cursor) by design.
* ``aggregate`` without ``group_by``: the one dependency between two query
  parameters (400 "aggregate needs group_by").
* ``subscribe=true`` on /v1/events: the event stream, which never ends (and
  which the WSGI server under test refuses, pointing at the ASGI one).
"""

import schemathesis


@schemathesis.hook
def map_query(ctx, query):
    if not query:
        return query
    query.pop("cursor", None)
    if "aggregate" in query and "group_by" not in query:
        query.pop("aggregate")
    if str(query.get("subscribe", "")).lower() in ("true", "1", "yes"):
        query.pop("subscribe")
    return query
