import django_filters

from aura_site.api.filters import SinceFilter
from intents.models import CHANGE_CHOICES

from .models import SEVERITIES, STATUSES, Impact, status_q


class ImpactFilter(django_filters.FilterSet):
    """Open impacts unless ``status`` says otherwise (``all`` for every state)."""

    branch = django_filters.CharFilter(field_name="your_branch", help_text="Your branch (the one affected).")
    other_branch = django_filters.CharFilter(help_text="The branch whose change raised it.")
    severity = django_filters.ChoiceFilter(choices=[(s, s) for s in SEVERITIES])
    status = django_filters.ChoiceFilter(
        choices=[(s, s) for s in (*STATUSES, "all")], method="filter_status",
        help_text="open (default), resolved, snoozed, dismissed or all.",
    )
    change = django_filters.ChoiceFilter(choices=CHANGE_CHOICES)
    function = django_filters.CharFilter()
    repo = django_filters.CharFilter()
    since = SinceFilter("detected_at")

    class Meta:
        model = Impact
        fields = ["branch", "other_branch", "severity", "status", "change", "function", "repo", "since"]

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status_q(value))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status_q("open"))
        return queryset
