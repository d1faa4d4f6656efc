import django_filters

from aura_site.api.filters import SinceFilter

from .models import Member, Token


class MemberFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Member.KIND_CHOICES)
    role = django_filters.ChoiceFilter(choices=Member.ROLE_CHOICES)
    name = django_filters.CharFilter()

    class Meta:
        model = Member
        fields = ["kind", "role", "name"]


class AdminMemberFilter(MemberFilter):
    pass


class TokenFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(field_name="user__username")
    since = SinceFilter()
    state = django_filters.ChoiceFilter(
        choices=[("active", "active"), ("revoked", "revoked")], method="filter_state"
    )

    class Meta:
        model = Token
        fields = ["user", "state"]

    def filter_state(self, qs, name, value):
        from django.db.models import Q
        from django.utils import timezone

        now = timezone.now()
        dead = Q(revoked_at__lte=now) | Q(expires_at__lte=now)
        return qs.filter(dead) if value == "revoked" else qs.exclude(dead)
