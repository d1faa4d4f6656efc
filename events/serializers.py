import re
from urllib.parse import urlsplit

from drf_spectacular.utils import extend_schema_field

from rest_framework import serializers

from aura_site.api.validation import StrictBooleanField, StrictCharField, StrictIntegerField, refuse_unknown

from .models import TOPICS, WEBHOOK_FORMATS, Delivery, Event, Webhook


class EventSerializer(serializers.ModelSerializer):
    """An event as the poll lists it: the SSE frame's data plus its sequence."""

    event_id = serializers.CharField(source="id")
    team = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    data = serializers.JSONField()

    class Meta:
        model = Event
        fields = ["seq", "event_id", "topic", "team", "created_at", "data"]
        read_only_fields = fields


def validate_topics(value):
    if not isinstance(value, list) or not value:
        raise serializers.ValidationError('A non-empty list of topics, or ["*"] for every topic.')
    unknown = [t for t in value if not isinstance(t, str) or (t != "*" and t not in TOPICS)]
    if unknown:
        raise serializers.ValidationError(f"Unknown topic {unknown[0]!r}; topics: {', '.join(TOPICS)}.")
    return ["*"] if "*" in value else sorted(set(value))


def validate_url(value):
    if not value.isascii() or re.search(r"[\s\x00-\x1f\x7f]", value):
        raise serializers.ValidationError(
            "The URL must be printable ASCII: no spaces or control characters (punycode for an international name)."
        )
    try:
        parts = urlsplit(value)
    except ValueError as exc:  # e.g. an unclosed [ in the host
        raise serializers.ValidationError(f"Not a URL: {exc}.") from None
    if parts.scheme not in ("http", "https"):
        raise serializers.ValidationError("The URL must be http:// or https://.")
    if not parts.hostname:
        raise serializers.ValidationError("The URL has no host.")
    return value


class WebhookSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Webhook
        fields = ["id", "team", "url", "topics", "format", "active", "description", "created_at", "updated_at"]
        read_only_fields = fields


class WebhookCreatedSerializer(WebhookSerializer):
    """The answer to a create: ``secret`` only when the server generated it
    (shown once; null in an Idempotency-Key replay)."""

    secret = StrictCharField(
        read_only=True, allow_null=True,
        help_text="The generated signing secret, present only when none was sent; shown once.",
    )

    class Meta(WebhookSerializer.Meta):
        fields = WebhookSerializer.Meta.fields + ["secret"]
        read_only_fields = fields


@extend_schema_field({
    "type": "array", "minItems": 1, "items": {"type": "string", "enum": ["*", *TOPICS]},
    "description": 'The topics to send, or ["*"] for every topic.',
})
class TopicsField(serializers.JSONField):
    pass


class WebhookWriteSerializer(serializers.Serializer):
    """Body of POST and PATCH. ``secret`` is write-only: never in an answer
    except the generated one, once, in the 201 of a create without one."""

    team = StrictCharField(required=False)
    url = StrictCharField(max_length=2000, validators=[validate_url])
    topics = TopicsField(default=lambda: ["*"], validators=[validate_topics])
    format = serializers.ChoiceField(choices=WEBHOOK_FORMATS, default="raw")
    secret = StrictCharField(min_length=16, max_length=200, required=False, write_only=True)
    active = StrictBooleanField(default=True)
    description = StrictCharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_topics(self, value):
        return validate_topics(value)

    def validate(self, attrs):
        if isinstance(self.initial_data, dict):
            refuse_unknown(self.initial_data, tuple(self.fields))
        return attrs


class DeliverySerializer(serializers.ModelSerializer):
    webhook = serializers.CharField(source="webhook_id", read_only=True)
    event_id = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = [
            "id", "webhook", "event_id", "topic", "status", "attempts", "next_attempt_at",
            "last_attempt_at", "response_status", "error", "duration_ms", "created_at", "delivered_at",
        ]
        read_only_fields = fields

    def get_event_id(self, delivery) -> str | None:
        return delivery.event.id if delivery.event_id and delivery.event else None


class SyncAckSerializer(serializers.Serializer):
    cursor = StrictIntegerField(min_value=0, help_text="The event sequence you have processed.")
    team = StrictCharField(required=False)
