from rest_framework import serializers

from aura_site.api.validation import StrictCharField, refuse_unknown

MAX_EDITING = 50


class HeartbeatSerializer(serializers.Serializer):
    FIELDS = ("repo", "branch", "editing", "client", "team")

    repo = StrictCharField(max_length=300, required=False, allow_null=True, default=None)
    branch = StrictCharField(max_length=300, required=False, allow_null=True, default=None)
    editing = serializers.ListField(
        child=StrictCharField(max_length=1024), max_length=MAX_EDITING, required=False, default=list,
        help_text=f"The functions or paths being edited (at most {MAX_EDITING}).",
    )
    client = StrictCharField(max_length=100, required=False, allow_blank=True, default="",
                             help_text="The client's name, e.g. aura-cli/1.4.")
    team = serializers.CharField(required=False, help_text="One of your teams (default: all of them).")

    def to_internal_value(self, data):
        if isinstance(data, dict):
            refuse_unknown(data, self.FIELDS)
        return super().to_internal_value(data)

    def validate_editing(self, value):
        out = []
        for item in value:
            if item not in out:
                out.append(item)
        return out


class PresenceMemberSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class PresenceRowSerializer(serializers.Serializer):
    member = PresenceMemberSerializer()
    team = serializers.CharField()
    repo = serializers.CharField(allow_null=True)
    branch = serializers.CharField(allow_null=True)
    editing = serializers.ListField(child=serializers.CharField())
    client = serializers.CharField()
    active_since = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()


class PresenceListSerializer(serializers.Serializer):
    data = PresenceRowSerializer(many=True)


class ActOnTeamSerializer(serializers.Serializer):
    team = serializers.CharField()
    open_impacts = serializers.DictField(allow_null=True, help_text="{count, ids}: open impacts on your branch "
                                         "(null without read_impacts).")
    unread_messages = serializers.IntegerField(allow_null=True, help_text="Null without read_messages.")
    zones = serializers.ListField(child=serializers.DictField(), allow_null=True,
                                  help_text="Others' active zones covering what you edit (null without read_zones).")


class HeartbeatAnswerSerializer(serializers.Serializer):
    active_window_seconds = serializers.IntegerField()
    presence = PresenceRowSerializer(many=True, help_text="Your row, one per team.")
    act_on = ActOnTeamSerializer(many=True)
