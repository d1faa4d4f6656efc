import django_filters

from aura_site.api.filters import BoolParamFilter, SinceFilter

from .models import WEBHOOK_FORMATS, Delivery, Event, Webhook


class EventFilter(django_filters.FilterSet):
    since = SinceFilter()

    class Meta:
        model = Event
        fields = ["since"]


class WebhookFilter(django_filters.FilterSet):
    active = BoolParamFilter()
    format = django_filters.ChoiceFilter(choices=[(f, f) for f in WEBHOOK_FORMATS])

    class Meta:
        model = Webhook
        fields = ["active", "format"]


class DeliveryFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Delivery.STATUS_CHOICES)
    topic = django_filters.CharFilter()
    since = SinceFilter()

    class Meta:
        model = Delivery
        fields = ["status", "topic", "since"]
