from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.serializers import MemberRefSerializer
from aura_site.api.validation import StrictCharField, refuse_unknown

from .models import MAX_TAGS, SOURCES


class AuthorField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, entry):
        if entry.author_id is not None:
            return entry.author.as_ref()
        # The member was removed from the team after writing it.
        return {"id": None, "name": entry.author_name, "kind": "removed"}


extend_schema_field(MemberRefSerializer)(AuthorField)


class KnowledgeEntrySerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True)
    team = serializers.CharField(source="team.slug", read_only=True)
    question = serializers.CharField(read_only=True)
    answer = serializers.CharField(read_only=True)
    category = serializers.CharField(read_only=True)
    tags = serializers.SerializerMethodField()
    repo = serializers.CharField(read_only=True)
    source = serializers.ChoiceField(choices=SOURCES, read_only=True)
    author = AuthorField()
    votes = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def get_tags(self, entry) -> list[str]:
        return [tag.name for tag in entry.tag_rows.all()]


def _tags(value):
    out, problems = [], {}
    for index, tag in enumerate(value):
        tag = tag.strip()
        if not tag:
            problems[str(index)] = "A tag must not be blank."
        elif tag not in out:
            out.append(tag)
    if problems:
        raise serializers.ValidationError(problems)
    return out


def _not_blank(value):
    if not value.strip():
        raise serializers.ValidationError("Must not be blank.")
    return value


class KnowledgeEntryFields(serializers.Serializer):
    FIELDS = ("question", "answer", "category", "tags", "repo", "source")

    question = StrictCharField(max_length=2_000)
    answer = StrictCharField(max_length=20_000)
    category = StrictCharField(max_length=100, required=False, allow_blank=True)
    tags = serializers.ListField(
        child=StrictCharField(max_length=50), max_length=MAX_TAGS, required=False,
        help_text=f"Up to {MAX_TAGS} tags.",
    )
    repo = StrictCharField(max_length=300, required=False, allow_blank=True)
    source = serializers.ChoiceField(
        choices=SOURCES, required=False, help_text="human or agent; by default the author's kind."
    )

    def validate_question(self, value):
        return _not_blank(value)

    def validate_answer(self, value):
        return _not_blank(value)

    def validate_tags(self, value):
        return _tags(value)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            refuse_unknown(data, self.FIELDS + ("team",) if "team" in self.fields else self.FIELDS)
        return super().to_internal_value(data)


class KnowledgeEntryCreateSerializer(KnowledgeEntryFields):
    team = serializers.CharField(required=False, help_text="Team slug (needed if you belong to several).")


class KnowledgeEntryUpdateSerializer(KnowledgeEntryFields):
    question = StrictCharField(max_length=2_000, required=False)
    answer = StrictCharField(max_length=20_000, required=False)

    def validate(self, data):
        if not data:
            raise serializers.ValidationError({"question": f"Give at least one of: {', '.join(self.FIELDS)}."})
        return data
