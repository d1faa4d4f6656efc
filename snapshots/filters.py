import django_filters

from aura_site.api.filters import MemberFilter, SinceFilter
from zones import overlap

from .models import Snapshot


class SnapshotFilter(django_filters.FilterSet):
    file = django_filters.CharFilter(
        method="filter_file",
        help_text="An exact path, or a glob (* within a segment, ** across, ?, [abc]).",
    )
    since = SinceFilter()
    branch = django_filters.CharFilter()
    repo = django_filters.CharFilter()
    author = MemberFilter("author")

    class Meta:
        model = Snapshot
        fields = ["file", "since", "branch", "repo", "author"]

    def filter_file(self, queryset, name, value):
        if not overlap.has_wildcards(value):
            return queryset.filter(path=value)
        # The literal prefix narrows through the (team, path) index; the
        # regular expression (same meaning in SQLite and PostgreSQL) decides.
        return queryset.filter(
            path__startswith=overlap.literal_prefix(value), path__regex=overlap.glob_to_regex(value)
        )
