import django_filters

from aura_site.api.filters import MemberFilter, SinceFilter

from .evaluator import RESULTS
from .models import ProveRun, goal_digest


class ProveRunFilter(django_filters.FilterSet):
    branch = django_filters.CharFilter(help_text="Exact branch name.")
    repo = django_filters.CharFilter(help_text="Exact repository name.")
    goal = django_filters.CharFilter(method="filter_goal", help_text="The exact goal text.")
    result = django_filters.ChoiceFilter(choices=[(r, r) for r in RESULTS])
    author = MemberFilter("author")
    since = SinceFilter("created_at")

    class Meta:
        model = ProveRun
        fields = ["branch", "repo", "goal", "result", "author", "since"]

    def filter_goal(self, queryset, name, value):
        # Through the (team, goal_hash, id) index; the text comparison settles
        # a hash collision, however unlikely.
        return queryset.filter(goal_hash=goal_digest(value), goal=value)
