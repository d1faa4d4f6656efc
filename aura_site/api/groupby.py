"""``group_by`` / ``aggregate`` on every list, in one SQL query.

A viewset declares what it adds to the common groups (``team``, ``day``,
``week``)::

    group_by_fields = {"author": "author__name", "branch": "branch"}
    aggregate_fields = {"nodes_changed": "nodes_changed"}
    fail_rate_q = Q(result__in=["fail", "partial"])   # enables fail_rate
    time_field = "created_at"

The answer is ``{"data": [{<group>: key, <aggregate>: value}], "group_by",
"aggregate", "truncated"}``: time buckets in time order, other groups by the
value descending, then key; at most MAX_GROUPS groups.
"""

from django.db.models import Avg, Case, Count, F, FloatField, Sum, Value, When
from django.db.models.functions import TruncDate, TruncWeek
from rest_framework.response import Response

from . import errors
from .pagination import parse_limit

MAX_GROUPS = 1000
TIME_GROUPS = ("day", "week")


def _group_expression(view, name):
    time_field = getattr(view, "time_field", "created_at")
    if name == "team":
        return F(f"{getattr(view, 'team_field', 'team')}__slug")
    if name == "day":
        return TruncDate(time_field)
    if name == "week":
        return TruncWeek(time_field)
    fields = getattr(view, "group_by_fields", {}) or {}
    if name in fields:
        target = fields[name]
        return target if not isinstance(target, str) else F(target)
    allowed = ["team", "day", "week", *fields]
    raise errors.InvalidParameter(
        f"Cannot group by {name!r}.", hint=f"group_by accepts: {', '.join(allowed)}.", parameter="group_by"
    )


def _aggregate_expression(view, text):
    fields = getattr(view, "aggregate_fields", {}) or {}
    if text == "count":
        return "count", Count("*")
    if text == "fail_rate":
        q = getattr(view, "fail_rate_q", None)
        if q is None:
            raise errors.InvalidParameter(
                "fail_rate needs a result; this list has none.", hint="Use count, sum:<f> or avg:<f>.",
                parameter="aggregate",
            )
        return "fail_rate", Avg(Case(When(q, then=Value(1.0)), default=Value(0.0), output_field=FloatField()))
    op, _, field = text.partition(":")
    if op in ("sum", "avg") and field in fields:
        fn = Sum if op == "sum" else Avg
        return op, fn(fields[field])
    choices = ["count"] + [f"{o}:{f}" for f in fields for o in ("sum", "avg")]
    if getattr(view, "fail_rate_q", None) is not None:
        choices.append("fail_rate")
    raise errors.InvalidParameter(
        f"Unknown aggregate {text!r}.", hint=f"aggregate accepts: {', '.join(choices)}.", parameter="aggregate"
    )


def _format(value):
    if hasattr(value, "isoformat"):
        if hasattr(value, "date") and callable(value.date):
            value = value.date()
        return value.isoformat()
    return value


def _format_number(label, value):
    if value is None:
        return 0 if label in ("count", "sum") else None
    if label == "count":
        return int(value)
    if label == "fail_rate":
        return round(float(value), 6)
    if label == "avg":
        return round(float(value), 6)
    return value


def _one_row_per_object(view, queryset, group_by):
    """Rows scoped through a many-to-many team field (a token bound to several
    teams) appear once per matching team in the join, which would count them
    twice. Aggregate over the objects instead (still one SQL query: the scoped,
    filtered rows become a subquery); grouping by team joins the caller's
    teams again, so each object counts once in each of them."""
    field = queryset.model._meta.get_field(getattr(view, "team_field", "team"))
    if not field.many_to_many:
        return queryset
    objects = queryset.model._default_manager.filter(pk__in=queryset.order_by().values("pk"))
    if group_by == "team":
        team_ids = view.narrowed_team_ids(view.required_scope())
        objects = objects.filter(**{f"{field.name}__in": team_ids})
    return objects


def grouped_response(view, queryset, request):
    for name in ("group_by", "aggregate"):
        if len(request.query_params.getlist(name)) > 1:
            raise errors.InvalidParameter(f"{name} may be given once.", parameter=name)
    parse_limit(request)  # ignored by a grouped answer, but a bad value is still a 400
    group_by = request.query_params.get("group_by")
    aggregate = request.query_params.get("aggregate") or "count"
    if not group_by:
        raise errors.InvalidParameter("aggregate needs group_by.", parameter="aggregate")
    expression = _group_expression(view, group_by)
    label, agg = _aggregate_expression(view, aggregate)
    queryset = _one_row_per_object(view, queryset, group_by)
    qs = queryset.order_by().annotate(_group=expression).values("_group").annotate(_value=agg)
    if group_by in TIME_GROUPS:
        qs = qs.order_by("_group")
    else:
        qs = qs.order_by(F("_value").desc(nulls_last=True), "_group")
    rows = list(qs[: MAX_GROUPS + 1])
    truncated = len(rows) > MAX_GROUPS
    data = [
        {group_by: _format(row["_group"]), label: _format_number(label, row["_value"])}
        for row in rows[:MAX_GROUPS]
    ]
    return Response({"data": data, "group_by": group_by, "aggregate": aggregate, "truncated": truncated})


def schema_parameters(view):
    """The OpenAPI ``group_by`` and ``aggregate`` parameters of ``view``'s list."""
    fields = list(getattr(view, "group_by_fields", None) or {})
    sums = list(getattr(view, "aggregate_fields", None) or {})
    aggregates = ["count"] + [f"{op}:{f}" for f in sums for op in ("sum", "avg")]
    if getattr(view, "fail_rate_q", None) is not None:
        aggregates.append("fail_rate")
    return [
        {"name": "group_by", "in": "query", "required": False,
         "schema": {"type": "string", "enum": ["team", *TIME_GROUPS, *fields]},
         "description": "Answer one row per group instead of a page (see GroupedAnswer)."},
        {"name": "aggregate", "in": "query", "required": False,
         "schema": {"type": "string", "enum": aggregates},
         "description": "What each group counts (count when absent); needs group_by (400 without it)."},
    ]
