from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from aura_site.api.validation import StrictBooleanField, StrictCharField

from .models import Message

# Who a message is from when the server posts it (the sentinel channel).
SENTINEL = {"id": None, "name": "sentinel", "kind": "sentinel"}


class SenderField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, message):
        if message.sender_id is not None:
            return message.sender.as_ref()
        if message.channel == "sentinel":
            return dict(SENTINEL)
        # The member was removed from the team after posting.
        return {"id": None, "name": message.sender_name or None, "kind": "removed"}


class RecipientField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, message):
        if message.recipient_id is None:
            return {"kind": "broadcast"}
        return {"kind": "member", "id": message.recipient.id, "name": message.recipient.name}


extend_schema_field({
    "type": "object",
    "required": ["id", "name", "kind"],
    "description": "Who posted it: a member (kind human or agent), the server (kind sentinel, id null), "
    "or a member since removed from the team (kind removed, id null).",
    "properties": {
        "id": {"type": "string", "nullable": True},
        "name": {"type": "string", "nullable": True},
        "kind": {"type": "string", "enum": ["human", "agent", "sentinel", "removed"]},
    },
})(SenderField)
extend_schema_field(
    {"type": "object", "properties": {"kind": {"enum": ["broadcast", "member"]}, "id": {"type": "string"},
                                      "name": {"type": "string"}}, "required": ["kind"]}
)(RecipientField)


class MessageSerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True)
    team = serializers.CharField(source="team.slug", read_only=True)
    channel = serializers.ChoiceField(choices=Message.CHANNELS, read_only=True)
    vars()["from"] = SenderField()
    to = RecipientField()
    body = serializers.CharField(read_only=True)
    subject = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    read_by = serializers.SerializerMethodField()

    @extend_schema_field(
        {"type": "object", "nullable": True,
         "properties": {"type": {"enum": ["impact", "zone"]}, "id": {"type": "string"}}}
    )
    def get_subject(self, message):
        if not message.subject_type:
            return None
        return {"type": message.subject_type, "id": message.subject_id}

    def get_read_by(self, message) -> list[str]:
        return [read.member_id for read in message.reads.all()]


class RecipientInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["broadcast", "member"])
    id = StrictCharField(required=False, help_text="The recipient's member id (or handle), for kind member.")

    def validate(self, data):
        if data["kind"] == "member" and not data.get("id"):
            raise serializers.ValidationError({"id": "A direct message needs the recipient's member id."})
        if data["kind"] == "broadcast" and data.get("id"):
            raise serializers.ValidationError({"id": "A broadcast has no recipient: drop id or use kind member."})
        return data


class MessageCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=["team", "sentinel"], default="team")
    to = RecipientInput(required=False, help_text='{"kind": "broadcast"} (default) or {"kind": "member", "id": "mem_…"}.')
    body = StrictCharField(max_length=10_000, trim_whitespace=False)
    team = StrictCharField(required=False, help_text="Team slug (needed if you belong to several).")

    def validate_channel(self, value):
        if value == "sentinel":
            raise serializers.ValidationError("Only the server posts on the sentinel channel.")
        return value

    def validate_body(self, value):
        if not value.strip():
            raise serializers.ValidationError("The body must not be blank.")
        return value


class MessageUpdateSerializer(serializers.Serializer):
    read = StrictBooleanField(help_text="true: mark read by you; false: mark unread again.")
