from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from aura_site.api.validation import StrictBooleanField, StrictCharField, StrictIntegerField

from accounts.serializers import MemberRefSerializer

from . import overlap
from .models import DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS, MIN_TTL_SECONDS, Zone


class ZoneSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    paths = serializers.ListField(child=serializers.CharField(), read_only=True)
    owner = MemberRefSerializer(read_only=True)

    class Meta:
        model = Zone
        fields = ["id", "team", "paths", "mode", "reason", "repo", "branch", "owner", "created_at", "expires_at"]
        read_only_fields = fields


class ZoneClaimedSerializer(ZoneSerializer):
    """The answer to POST /v1/zones: the zone plus the warn zones it overlaps."""

    conflicts = ZoneSerializer(many=True, read_only=True)

    class Meta(ZoneSerializer.Meta):
        fields = ZoneSerializer.Meta.fields + ["conflicts"]
        read_only_fields = fields


@extend_schema_field(overlap.ZONE_ENTRY_SCHEMA)
class ZoneEntryField(StrictCharField):
    """A glob, file path or node name (checked by ``overlap.path_error``)."""


class ZoneCreateSerializer(serializers.Serializer):
    paths = serializers.ListField(
        child=ZoneEntryField(trim_whitespace=False),
        min_length=1, max_length=100,
        help_text="Globs (* within a segment, ** across), file paths or node names (a::b). "
        "An entry ending in / claims the whole directory.",
    )
    mode = serializers.ChoiceField(choices=["warn", "block"], default="warn")
    reason = StrictCharField(max_length=500, required=False, allow_blank=True, default="")
    repo = StrictCharField(max_length=300, required=False, allow_null=True, default=None)
    branch = StrictCharField(max_length=300, required=False, allow_null=True, default=None)
    ttl_seconds = StrictIntegerField(
        min_value=MIN_TTL_SECONDS, max_value=MAX_TTL_SECONDS, default=DEFAULT_TTL_SECONDS
    )
    team = StrictCharField(required=False, help_text="Team slug (needed if you belong to several).")

    def validate_paths(self, value):
        out, problems = [], {}
        for index, entry in enumerate(value):
            entry = overlap.normalize_entry(entry)
            problem = overlap.path_error(entry, allow_glob=True)
            if problem:
                problems[str(index)] = f"{entry!r} {problem}."
            elif entry not in out:
                out.append(entry)
        if problems:
            raise serializers.ValidationError(problems)
        return out


class ZoneCheckSerializer(serializers.Serializer):
    path = StrictCharField()
    conflicts = ZoneSerializer(many=True)
    blocked = StrictBooleanField()
