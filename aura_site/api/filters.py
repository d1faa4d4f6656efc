"""Query parameters shared by every list: ``since``, member filters, the
strict parameter check, and the filter backend that answers bad values with
400 ``invalid_parameter``."""

import datetime as dt
import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend

from . import errors

COMMON_PARAMS = {"limit", "cursor", "team", "group_by", "aggregate"}

_SPAN_RE = re.compile(r"^(\d+)([dhms])$")
_SPAN = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_since(text, now=None):
    """RFC 3339, a date (midnight UTC), or a span back from now: 30d 12h 15m 90s."""
    text = (text or "").strip()
    now = now or timezone.now()
    match = _SPAN_RE.match(text)
    if match:
        try:
            return now - dt.timedelta(seconds=int(match.group(1)) * _SPAN[match.group(2)])
        except OverflowError:
            raise ValueError(f"{text!r} reaches back before year 1") from None
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        try:
            return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)
        except ValueError:
            pass
    elif re.match(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}", text):
        try:
            value = dt.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
        except ValueError:
            value = None
        if value is not None:
            if value.tzinfo is None:
                value = value.replace(tzinfo=dt.timezone.utc)
            return value.astimezone(dt.timezone.utc)
    raise ValueError(
        f"{text!r} is not a time: use RFC 3339 (2026-04-21T14:23:09Z), a date (2026-04-21) "
        "or a span (30d, 12h, 15m, 90s)"
    )


class SinceField(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return parse_since(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class SinceFilter(django_filters.Filter):
    """``since=`` on a created/detected timestamp: rows at or after it."""

    field_class = SinceField

    def __init__(self, field_name="created_at", **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("help_text", "RFC 3339 time, a date, or a span back from now (30d, 12h, 15m, 90s).")
        super().__init__(field_name=field_name, **kwargs)


def member_lookup(ref, field=None):
    """Filter arguments for a member named by id (``mem_…``) or by handle, the
    one rule of every member filter and member reference in a body.
    ``field``: the path from the queried model to the member (``"author"``);
    None when querying members themselves."""
    prefix = f"{field}__" if field else ""
    return {f"{prefix}{'id' if ref.startswith('mem_') else 'name'}": ref}


class MemberFilter(django_filters.CharFilter):
    """A member by id (``mem_…``) or by handle."""

    def __init__(self, field_name, **kwargs):
        kwargs.setdefault("help_text", "A member id (mem_…) or handle.")
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, qs, value):
        return qs.filter(**member_lookup(value, self.field_name)) if value else qs


class _StrictBoolField(forms.NullBooleanField):
    def to_python(self, value):
        if value == "invalid":
            raise forms.ValidationError("must be true or false (or 1/0, yes/no).")
        return super().to_python(value)


class BoolParamFilter(django_filters.BooleanFilter):
    """true/false/1/0 — anything else is a 400, not silently ignored."""

    field_class = _StrictBoolField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _StrictBoolWidget)
        super().__init__(*args, **kwargs)


class _StrictBoolWidget(forms.Widget):
    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if value is None or value == "":
            return None
        lowered = str(value).lower()
        if lowered in {"true", "1", "yes"}:
            return True
        if lowered in {"false", "0", "no"}:
            return False
        return "invalid"


def check_params(request, allowed):
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise errors.InvalidParameter(
            f"Unknown query parameter: {unknown[0]}.",
            hint=f"Allowed here: {', '.join(sorted(allowed))}.",
            parameter=unknown[0],
        )


class AuraFilterBackend(DjangoFilterBackend):
    """django-filter, but a bad value is 400 ``invalid_parameter`` naming it."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            field, messages = next(iter(filterset.errors.items()))
            message = " ".join(str(m) for m in messages)
            raise errors.InvalidParameter(
                f"{field}: {message}", hint=f"Check the value of {field}.", parameter=field
            )
        return filterset.qs


def q_or(*qs):
    out = Q()
    for q in qs:
        out |= q
    return out
