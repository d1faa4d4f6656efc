from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.serializers import MemberRefSerializer
from aura_site.api.validation import StrictCharField, refuse_duplicates, refuse_unknown
from intents.models import KINDS

from .models import MAX_GOAL_CHARS, ProveRun

MAX_REQUIREMENTS = 200
MAX_MUST_CALL = 100
MAX_NAME_CHARS = 500  # a graph node's name

EVIDENCE_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["node", "kind", "must_call", "satisfied", "found", "missing_calls", "reason"],
        "properties": {
            "node": {"type": "string"},
            "kind": {"type": "string", "enum": [*KINDS, None], "nullable": True,
                     "description": "The kind required (null: any)."},
            "must_call": {"type": "array", "items": {"type": "string"}},
            "satisfied": {"type": "boolean"},
            "found": {
                "type": "object", "nullable": True,
                "description": "The live node on the repo and branch, or null when there is none.",
                "properties": {"path": {"type": "string", "nullable": True}, "kind": {"type": "string"},
                               "hash": {"type": "string", "nullable": True}},
            },
            "missing_calls": {"type": "array", "items": {"type": "string"},
                              "description": "Names in must_call the node does not call (all of them when not found)."},
            "reason": {"type": "string", "nullable": True, "enum": ["not_found", "kind_mismatch", "missing_calls", None],
                       "description": "Why it is not satisfied; null when it is."},
        },
    },
}


@extend_schema_field(EVIDENCE_SCHEMA)
class EvidenceField(serializers.JSONField):
    pass


class ProveRunSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = MemberRefSerializer(read_only=True, allow_null=True)
    requirements = EvidenceField(read_only=True)

    class Meta:
        model = ProveRun
        fields = [
            "id", "team", "goal", "repo", "branch", "verdict", "result", "derived", "requirements",
            "duration_ms", "created_at", "author",
        ]
        read_only_fields = fields


# --- input -------------------------------------------------------------------


class NameField(StrictCharField):
    """A JSON string (a number is not turned into one), trimmed, not blank."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_NAME_CHARS)
        super().__init__(**kwargs)


class RequirementSerializer(serializers.Serializer):
    """``{"node", "kind"?, "must_call"?}``, or the node's name alone as a string."""

    FIELDS = ("node", "kind", "must_call")

    node = NameField(help_text="The node's name in the graph, e.g. auth::Session::refresh.")
    kind = serializers.ChoiceField(
        choices=KINDS, required=False, allow_null=True, default=None,
        error_messages={"invalid_choice": f"Unknown kind {{input!r}}; one of {', '.join(KINDS)}."},
        help_text="The kind the node must have (any when absent).",
    )
    must_call = serializers.ListField(
        child=NameField(), required=False, default=list, max_length=MAX_MUST_CALL,
        help_text="Names the node must call.",
    )

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = {"node": data}
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                'A requirement is a node name or an object {"node", "kind"?, "must_call"?}.'
            )
        refuse_unknown(data, self.FIELDS)
        return super().to_internal_value(data)


class ProveCreateSerializer(serializers.Serializer):
    FIELDS = ("goal", "repo", "branch", "requirements", "team")

    goal = NameField(max_length=MAX_GOAL_CHARS, help_text="What should hold, 1..2,000 characters.")
    repo = NameField(max_length=300)
    branch = NameField(max_length=300)
    requirements = serializers.ListField(
        child=RequirementSerializer(), required=False, allow_null=True, allow_empty=False, min_length=1,
        max_length=MAX_REQUIREMENTS,
        help_text="What to check; when absent, taken from the identifiers the goal names.",
    )
    team = StrictCharField(required=False, help_text="Team slug (needed if you belong to several).")

    def to_internal_value(self, data):
        if isinstance(data, dict):
            refuse_unknown(data, self.FIELDS)
        return super().to_internal_value(data)

    def validate_requirements(self, value):
        return None if value is None else refuse_duplicates(value, "node", "requirements")
