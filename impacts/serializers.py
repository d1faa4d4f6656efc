from django.utils import timezone
from rest_framework import serializers

from aura_site.api.times import rfc3339
from aura_site.api.validation import StrictCharField

from accounts.serializers import MemberRefSerializer
from intents.models import CHANGES, KINDS

from .models import SEVERITIES, STATUSES, Impact

MAX_CALLERS = 1_000
MAX_NOTE = 2_000

# --- input -------------------------------------------------------------------


class NodeSnapshotSerializer(serializers.Serializer):
    name = StrictCharField(max_length=500, required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=KINDS, required=False, allow_null=True)
    path = StrictCharField(max_length=1000, required=False, allow_null=True)
    hash = StrictCharField(max_length=128, required=False, allow_null=True)
    signature = StrictCharField(max_length=2000, required=False, allow_null=True, trim_whitespace=False)
    calls = serializers.ListField(child=StrictCharField(max_length=500), max_length=1000, required=False,
                                  allow_null=True)


class CallerSerializer(serializers.Serializer):
    """``{"name", "path", "kind"}``, or the name alone as a string."""

    name = StrictCharField(max_length=500)
    path = StrictCharField(max_length=1000, required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=KINDS, required=False, allow_null=True, default=None)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = {"name": data}
        return super().to_internal_value(data)


class ImpactReportSerializer(serializers.Serializer):
    team = StrictCharField(required=False, help_text="Team slug; needed when you belong to several.")
    repo = StrictCharField(max_length=300)
    your_branch = StrictCharField(max_length=300)
    other_branch = StrictCharField(max_length=300)
    function = StrictCharField(max_length=500)
    change = serializers.ChoiceField(choices=CHANGES)
    severity = serializers.ChoiceField(choices=SEVERITIES)
    before = NodeSnapshotSerializer(required=False, allow_null=True)
    after = NodeSnapshotSerializer(required=False, allow_null=True)
    callers = CallerSerializer(many=True, required=False, max_length=MAX_CALLERS)

    def validate(self, attrs):
        if attrs["your_branch"] == attrs["other_branch"]:
            raise serializers.ValidationError({"other_branch": "Must differ from your_branch."})
        return attrs


class ImpactUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=STATUSES, required=False)
    note = StrictCharField(max_length=MAX_NOTE, required=False, allow_blank=True)
    snooze_until = serializers.DateTimeField(
        required=False, help_text="With status snoozed (the default is 24 hours from now)."
    )

    def validate_snooze_until(self, value):
        if value <= timezone.now():
            raise serializers.ValidationError("Must be in the future.")
        return value

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send status, note or snooze_until.")
        if "snooze_until" in attrs:
            if attrs.setdefault("status", "snoozed") != "snoozed":
                raise serializers.ValidationError({"snooze_until": "Only with status snoozed."})
        return attrs


class ImpactBatchItemSerializer(ImpactUpdateSerializer):
    id = StrictCharField(max_length=40)

    def validate(self, attrs):
        impact_id = attrs.pop("id")
        attrs = super().validate(attrs)
        attrs["id"] = impact_id
        return attrs


# --- output ------------------------------------------------------------------


class ImpactSerializer(serializers.ModelSerializer):
    """The list representation (also the data of impact.detected / impact.updated)."""

    team = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.SerializerMethodField()
    status_changed_by = MemberRefSerializer(read_only=True, allow_null=True)
    intent_id = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Impact
        fields = [
            "id", "team", "repo", "your_branch", "other_branch", "function", "change", "severity", "status",
            "occurrences", "detected_at", "first_detected_at", "snooze_until", "note", "status_changed_by",
            "status_changed_at", "intent_id",
        ]
        read_only_fields = fields

    def get_status(self, impact) -> str:
        return impact.effective_status()


def represent_many(impacts, now=None):
    """``ImpactSerializer``'s data for each of ``impacts`` (instances with
    their team), without a serializer per row — the data of the events a
    detection records (a test holds the two equal)."""
    now = now or timezone.now()
    return [
        {
            "id": i.id, "team": i.team.slug, "repo": i.repo, "your_branch": i.your_branch,
            "other_branch": i.other_branch, "function": i.function, "change": i.change, "severity": i.severity,
            "status": i.effective_status(now), "occurrences": i.occurrences, "detected_at": rfc3339(i.detected_at),
            "first_detected_at": rfc3339(i.first_detected_at), "snooze_until": rfc3339(i.snooze_until),
            "note": i.note,
            "status_changed_by": i.status_changed_by.as_ref() if i.status_changed_by_id is not None else None,
            "status_changed_at": rfc3339(i.status_changed_at), "intent_id": i.intent_id,
        }
        for i in impacts
    ]


class ImpactDetailSerializer(ImpactSerializer):
    reported_by = MemberRefSerializer(read_only=True, allow_null=True)

    class Meta(ImpactSerializer.Meta):
        fields = [*ImpactSerializer.Meta.fields, "reported_by", "before", "after", "callers", "callers_count"]
        read_only_fields = fields
