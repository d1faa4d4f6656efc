import django_filters

from aura_site.api.filters import MemberFilter, SinceFilter

from .models import CHANGE_CHOICES, KIND_CHOICES, Intent, IntentNode, IntentTicket


class IntentFilter(django_filters.FilterSet):
    branch = django_filters.CharFilter(help_text="Exact branch name.")
    repo = django_filters.CharFilter(help_text="Exact repository name.")
    author = MemberFilter("author")
    since = SinceFilter("created_at")
    ticket = django_filters.CharFilter(method="filter_ticket", help_text="A ticket id, e.g. ENG-123.")
    q = django_filters.CharFilter(
        field_name="summary", lookup_expr="icontains", max_length=200,
        help_text="A case-insensitive substring of the summary (at most 200 characters). "
        "Not index-bounded: it scans the team's intents that the other filters leave.",
    )

    class Meta:
        model = Intent
        fields = ["branch", "repo", "author", "since", "ticket", "q"]

    def filter_ticket(self, queryset, name, value):
        # Through the (team, ticket, intent) index of the ticket table; the
        # outer query keeps only the teams this request may read.
        tickets = IntentTicket.objects.filter(team_id__in=self.request.auth.team_ids, ticket=value)
        return queryset.filter(pk__in=tickets.values("intent_id"))


class IntentNodeFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=KIND_CHOICES)
    change = django_filters.ChoiceFilter(choices=CHANGE_CHOICES)

    class Meta:
        model = IntentNode
        fields = ["kind", "change"]
