import django_filters
from django.db.models import Exists, OuterRef

from aura_site.api.filters import BoolParamFilter, MemberFilter, SinceFilter

from .models import Message, MessageRead


class FromFilter(MemberFilter):
    """``from=<member id or handle>``; ``from=sentinel`` is the server."""

    def filter(self, qs, value):
        if value == "sentinel":
            return qs.filter(channel="sentinel", sender__isnull=True)
        return super().filter(qs, value)


class MessageFilter(django_filters.FilterSet):
    channel = django_filters.ChoiceFilter(choices=Message.CHANNELS)
    since = SinceFilter()
    unread_only = BoolParamFilter(method="filter_unread", help_text="Only messages you have not read.")

    class Meta:
        model = Message
        fields = ["channel", "since", "unread_only"]

    def filter_unread(self, queryset, name, value):
        if not value:
            return queryset
        mine = [m.id for m in self.request.auth.members.values()]
        read = MessageRead.objects.filter(message=OuterRef("pk"), member_id__in=mine)
        # Your own messages count as read by you.
        return queryset.filter(~Exists(read)).exclude(sender_id__in=mine)


# "from" is a Python keyword, so it joins the declared filters here.
MessageFilter.base_filters["from"] = FromFilter("sender", help_text="Sender: member id or handle; sentinel for the server.")
