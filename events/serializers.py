import ipaddress
import re
import socket
from urllib.parse import urlsplit

from django.conf import settings
from drf_spectacular.utils import extend_schema_field

from rest_framework import serializers

from aura_site.api.validation import StrictBooleanField, StrictCharField, StrictIntegerField, refuse_unknown

from . import netguard
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


_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")
_IPV4_FORMS = re.compile(r"^[0-9a-fA-FxX.]+$")  # 127.0.0.1, 2130706433, 0x7f.1, 0177.0.0.1


def ip_literal(hostname):
    """The address a URL's host spells out as an IP literal (in any form the
    resolver accepts: dotted, shortened, decimal, octal, hex), else None."""
    try:
        return ipaddress.ip_address(hostname.split("%")[0])
    except ValueError:
        pass
    if _IPV4_FORMS.match(hostname):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(hostname))
        except OSError:
            return None
    return None


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
    if "@" in parts.netloc:
        raise serializers.ValidationError(
            "The URL must not carry credentials (user:password@): every listing would show them. "
            "Receivers authenticate deliveries by their X-Aura-Signature (the webhook's secret)."
        )
    try:
        hostname, _ = parts.hostname, parts.port
    except ValueError:
        raise serializers.ValidationError("The URL's port is not a number from 0 to 65535.") from None
    if not hostname:
        raise serializers.ValidationError("The URL has no host.")
    address = ip_literal(hostname)
    if address is not None:
        # The same refusal as at delivery (netguard), up front for an address
        # spelled out in the URL; a host name is checked when it is resolved.
        try:
            netguard.check(hostname, str(address), netguard.parse_allowed(settings.AURA_WEBHOOK_ALLOWED_HOSTS))
        except netguard.Refused:
            spelled = hostname if str(address) == hostname else f"{hostname} is {address},"
            raise serializers.ValidationError(
                f"{spelled} {'is ' if spelled == hostname else ''}a {netguard.refusal(address)}; webhooks may not "
                "reach it (list it in AURA_WEBHOOK_ALLOWED_HOSTS to allow it)."
            ) from None
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
