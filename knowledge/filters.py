import django_filters
from django.db.models import Exists, OuterRef

from aura_site.api.filters import MemberFilter, SinceFilter

from .models import SOURCES, Entry, Tag


class EntryFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(help_text="Exact category.")
    tag = django_filters.CharFilter(method="filter_tag", help_text="Entries carrying this tag.")
    repo = django_filters.CharFilter(help_text="Exact repo.")
    source = django_filters.ChoiceFilter(choices=SOURCES)
    author = MemberFilter("author")
    since = SinceFilter()

    class Meta:
        model = Entry
        fields = ["category", "tag", "repo", "source", "author", "since"]

    def filter_tag(self, queryset, name, value):
        return queryset.filter(Exists(Tag.objects.filter(entry=OuterRef("pk"), name=value)))
