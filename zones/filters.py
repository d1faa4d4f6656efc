import django_filters
from django import forms

from aura_site.api.filters import MemberFilter

from . import claims, overlap
from .models import Zone


class PathField(forms.CharField):
    def validate(self, value):
        super().validate(value)
        if value:
            problem = overlap.path_error(value)
            if problem:
                raise forms.ValidationError(f"path {problem}.")


class PathFilter(django_filters.CharFilter):
    field_class = PathField


class ZoneFilter(django_filters.FilterSet):
    path = PathFilter(method="filter_path", help_text="Zones covering this file path or node name.")
    member = MemberFilter("owner")
    mode = django_filters.ChoiceFilter(choices=Zone.MODES)
    repo = django_filters.CharFilter(method="filter_scope", help_text="Zones that apply to this repo (or to all).")
    branch = django_filters.CharFilter(method="filter_scope", help_text="Zones that apply to this branch (or to all).")

    class Meta:
        model = Zone
        fields = ["path", "member", "mode", "repo", "branch"]

    def filter_path(self, queryset, name, value):
        return queryset.filter(id__in=claims.covering_ids(queryset, value))

    def filter_scope(self, queryset, name, value):
        return queryset.filter(claims.scope_q(name, value))
