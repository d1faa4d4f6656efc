from rest_framework import serializers

from accounts.serializers import MemberRefSerializer
from aura_site.api.times import rfc3339
from aura_site.api.validation import refuse_duplicates

from . import tickets as ticket_rules
from .models import CHANGES, GOAL_RESULTS, KINDS, Intent, IntentNode, IntentTicket

MAX_NODES = 10_000
MAX_TICKETS = 100
MAX_GOALS = 100
MAX_CALLS = 1_000

# --- input -------------------------------------------------------------------


class TicketSerializer(serializers.Serializer):
    """``{"system": "linear", "id": "ENG-1"}``, or the id alone as a string."""

    system = serializers.RegexField(
        ticket_rules.SYSTEM_RE, required=False, allow_null=True, default=None,
        error_messages={"invalid": "Lower-case letters, digits, '_', '.', '-'; up to 50 characters."},
    )
    id = serializers.RegexField(
        ticket_rules.TICKET_ID_RE,
        error_messages={"invalid": "A ticket id: letters, digits and ._#/:- , no spaces, up to 100 characters."},
    )

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = {"id": data}
        return super().to_internal_value(data)


class ProveGoalSerializer(serializers.Serializer):
    goal = serializers.CharField(max_length=2000)
    result = serializers.ChoiceField(choices=GOAL_RESULTS)


class CallsField(serializers.ListField):
    child = serializers.CharField(max_length=500)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_CALLS)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class NodeAfterSerializer(serializers.Serializer):
    hash = serializers.CharField(max_length=128, required=False, allow_null=True)
    signature = serializers.CharField(max_length=2000, required=False, allow_null=True, trim_whitespace=False)
    calls = CallsField()


class NodeBeforeSerializer(NodeAfterSerializer):
    name = serializers.CharField(max_length=500, required=False)


class NodeSerializer(serializers.Serializer):
    path = serializers.CharField(max_length=1000, required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=KINDS)
    name = serializers.CharField(max_length=500)
    change = serializers.ChoiceField(choices=CHANGES)
    before = NodeBeforeSerializer(required=False, allow_null=True)
    after = NodeAfterSerializer(required=False, allow_null=True)

    def validate(self, attrs):
        if attrs["change"] == "renamed":
            old = (attrs.get("before") or {}).get("name")
            if not old:
                raise serializers.ValidationError({"before": {"name": "A renamed node needs its old name."}})
            if old == attrs["name"]:
                raise serializers.ValidationError({"before": {"name": "The old name must differ from name."}})
        return attrs


class IntentCreateSerializer(serializers.Serializer):
    team = serializers.CharField(required=False, help_text="Team slug; needed when you belong to several.")
    summary = serializers.CharField(max_length=500)
    repo = serializers.CharField(max_length=300, required=False, allow_null=True)
    branch = serializers.CharField(max_length=300, required=False, allow_null=True)
    commit_sha = serializers.RegexField(
        r"^[0-9a-fA-F]{4,64}$", required=False, allow_null=True,
        error_messages={"invalid": "A git commit hash: 4 to 64 hexadecimal digits."},
    )
    author = serializers.CharField(
        required=False, help_text="Member id or handle; only an admin may log for someone else."
    )
    tickets = TicketSerializer(many=True, required=False, max_length=MAX_TICKETS)
    prove_goals = ProveGoalSerializer(many=True, required=False, max_length=MAX_GOALS)
    nodes = NodeSerializer(many=True, required=False, max_length=MAX_NODES)

    def validate_nodes(self, nodes):
        return refuse_duplicates(nodes, "name", "nodes")


# --- output ------------------------------------------------------------------


class IntentNodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = IntentNode
        fields = ["position", "path", "kind", "name", "change", "before", "after"]
        read_only_fields = fields


class IntentSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = MemberRefSerializer(read_only=True, allow_null=True)
    tickets = serializers.SerializerMethodField()

    class Meta:
        model = Intent
        fields = [
            "id", "team", "repo", "branch", "author", "summary", "created_at", "commit_sha",
            "nodes_changed", "nodes_added", "nodes_deleted", "tickets", "prove_goals",
        ]
        read_only_fields = fields

    def get_tickets(self, intent) -> list[dict]:
        return [t.as_dict() for t in intent.tickets.all()]


class IntentDetailSerializer(IntentSerializer):
    nodes = IntentNodeSerializer(many=True, read_only=True)

    class Meta(IntentSerializer.Meta):
        fields = [*IntentSerializer.Meta.fields, "nodes"]
        read_only_fields = fields


# --- the list, without a serializer per row ----------------------------------
# GET /v1/intents is the busiest read: its page is read as plain rows (one
# query, team and author joined) and its tickets in one more, then written
# out as IntentSerializer would (tests hold the two equal).

LIST_COLUMNS = (
    "id", "team__slug", "repo", "branch", "author_id", "author__name", "author__kind", "summary", "created_at",
    "commit_sha", "nodes_changed", "nodes_added", "nodes_deleted", "prove_goals",
)


def list_rows(queryset):
    return queryset.prefetch_related(None).values(*LIST_COLUMNS)


def _represent(row, tickets):
    return {
        "id": row["id"],
        "team": row["team__slug"],
        "repo": row["repo"],
        "branch": row["branch"],
        "author": (
            {"id": row["author_id"], "name": row["author__name"], "kind": row["author__kind"]}
            if row["author_id"] else None
        ),
        "summary": row["summary"],
        "created_at": rfc3339(row["created_at"]),
        "commit_sha": row["commit_sha"],
        "nodes_changed": row["nodes_changed"],
        "nodes_added": row["nodes_added"],
        "nodes_deleted": row["nodes_deleted"],
        "tickets": tickets,
        "prove_goals": row["prove_goals"],
    }


def represent_list(rows):
    tickets = {row["id"]: [] for row in rows}
    if tickets:
        for intent_id, system, ticket in (
            IntentTicket.objects.filter(intent_id__in=list(tickets)).order_by("id")
            .values_list("intent_id", "system", "ticket")
        ):
            tickets[intent_id].append({"system": system, "id": ticket})
    return [_represent(row, tickets[row["id"]]) for row in rows]


def represent_logged(intent):
    """IntentDetailSerializer's answer for an intent ``recorder.log_intent``
    just wrote, from what it wrote (tests hold the two equal)."""
    author = intent.author
    row = {column: getattr(intent, column) for column in LIST_COLUMNS if "__" not in column}
    row.update({"team__slug": intent.team.slug, "author__name": getattr(author, "name", None),
                "author__kind": getattr(author, "kind", None)})
    data = _represent(row, intent.logged_tickets)
    data["nodes"] = intent.logged_nodes
    return data
