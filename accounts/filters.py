import django_filters

from aura_site.api.filters import SinceFilter

from .models import Invite, Member, Token


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


class InviteFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Invite.ROLE_CHOICES)
    state = django_filters.ChoiceFilter(
        choices=[(s, s) for s in ("active", "used", "expired", "revoked")], method="filter_state"
    )
    since = SinceFilter()

    class Meta:
        model = Invite
        fields = ["role", "state", "since"]

    def filter_state(self, qs, name, value):
        from django.db.models import F
        from django.utils import timezone

        now = timezone.now()
        if value == "revoked":
            return qs.filter(revoked_at__isnull=False)
        qs = qs.filter(revoked_at__isnull=True)
        if value == "used":
            return qs.filter(uses__gte=F("max_uses"))
        qs = qs.filter(uses__lt=F("max_uses"))
        if value == "expired":
            return qs.filter(expires_at__lte=now)
        return qs.filter(expires_at__gt=now)
