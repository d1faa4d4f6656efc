import re

from rest_framework import serializers

from accounts.serializers import MemberRefSerializer
from aura_site.api.times import rfc3339
from aura_site.api.validation import StrictCharField, StrictRegexField, refuse_duplicates

from . import tickets as ticket_rules
from .models import CHANGES, GOAL_RESULTS, KINDS, Intent, IntentNode, IntentTicket

MAX_NODES = 10_000
MAX_TICKETS = 100
MAX_GOALS = 100
MAX_CALLS = 1_000

# --- input -------------------------------------------------------------------


class TicketSerializer(serializers.Serializer):
    """``{"system": "linear", "id": "ENG-1"}``, or the id alone as a string."""

    system = StrictRegexField(
        ticket_rules.SYSTEM_RE, required=False, allow_null=True, default=None,
        error_messages={"invalid": "Lower-case letters, digits, '_', '.', '-'; up to 50 characters."},
    )
    id = StrictRegexField(
        ticket_rules.TICKET_ID_RE,
        error_messages={"invalid": "A ticket id: letters, digits and ._#/:- , no spaces, up to 100 characters."},
    )

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = {"id": data}
        return super().to_internal_value(data)


class ProveGoalSerializer(serializers.Serializer):
    goal = StrictCharField(max_length=2000)
    result = serializers.ChoiceField(choices=GOAL_RESULTS)


class CallsField(serializers.ListField):
    child = StrictCharField(max_length=500)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_CALLS)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class NodeAfterSerializer(serializers.Serializer):
    hash = StrictCharField(max_length=128, required=False, allow_null=True)
    signature = StrictCharField(max_length=2000, required=False, allow_null=True, trim_whitespace=False)
    calls = CallsField()


class NodeBeforeSerializer(NodeAfterSerializer):
    name = StrictCharField(max_length=500, required=False)


# --- the nodes' fast path ---------------------------------------------------------
# A post carries up to 10,000 nodes, and DRF's nested serializers spent about
# as long validating twenty of them as the database spent writing them.
# ``plain_nodes`` accepts only nodes that are plainly valid — every value
# already of its field's type and form, so DRF would return it unchanged —
# and gives exactly what DRF would; anything else (an error to report, a
# value DRF would convert or trim) goes to the serializers below. A test
# holds the two equal over generated inputs.

_SURROGATES = re.compile("[\ud800-\udfff]")


def _text(value, max_length, trim=True):
    """``value`` is a string DRF's CharField keeps as it is."""
    return (
        type(value) is str and value != "" and len(value) <= max_length and "\x00" not in value
        and (not trim or value.strip() == value) and (value.isascii() or not _SURROGATES.search(value))
    )


# (field, max_length, trim whitespace), in the serializers' field order.
_SIDE = (("hash", 128, True), ("signature", 2000, False))


def _plain_side(side, named):
    if side is None:
        return None
    if type(side) is not dict:
        raise ValueError
    out = {}
    for key, max_length, trim in _SIDE:
        if key in side:
            value = side[key]
            if value is not None and not _text(value, max_length, trim):
                raise ValueError
            out[key] = value
    if "calls" in side:
        calls = side["calls"]
        if type(calls) is not list or len(calls) > MAX_CALLS or not all(_text(c, 500) for c in calls):
            raise ValueError
        out["calls"] = list(calls)
    if named and "name" in side:
        if not _text(side["name"], 500):
            raise ValueError
        out["name"] = side["name"]
    return out


def plain_nodes(nodes):
    """What ``NodeSerializer(many=True)`` makes of ``nodes`` when each is
    plainly valid; None when DRF must look (to refuse or to convert)."""
    out = []
    try:
        for node in nodes:
            if type(node) is not dict:
                return None
            kind, name, change = node.get("kind"), node.get("name"), node.get("change")
            if not (type(kind) is str and kind in _KIND_SET and type(change) is str and change in _CHANGE_SET
                    and _text(name, 500)):
                return None
            item = {}
            if "path" in node:
                path = node["path"]
                if path is not None and not _text(path, 1000):
                    return None
                item["path"] = path
            item.update(kind=kind, name=name, change=change)
            if "before" in node:
                item["before"] = _plain_side(node["before"], named=True)
            if "after" in node:
                item["after"] = _plain_side(node["after"], named=False)
            if change == "renamed" and (item.get("before") or {}).get("name") in (None, name):
                return None  # DRF's validate() says why
            out.append(item)
    except ValueError:
        return None
    return out


_KIND_SET, _CHANGE_SET = frozenset(KINDS), frozenset(CHANGES)


class NodeListSerializer(serializers.ListSerializer):
    def to_internal_value(self, data):
        if type(data) is list and (self.max_length is None or len(data) <= self.max_length):
            nodes = plain_nodes(data)
            if nodes is not None:
                return nodes
        return super().to_internal_value(data)


class NodeSerializer(serializers.Serializer):
    path = StrictCharField(max_length=1000, required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=KINDS)
    name = StrictCharField(max_length=500)
    change = serializers.ChoiceField(choices=CHANGES)
    before = NodeBeforeSerializer(required=False, allow_null=True)
    after = NodeAfterSerializer(required=False, allow_null=True)

    class Meta:
        list_serializer_class = NodeListSerializer

    def validate(self, attrs):
        if attrs["change"] == "renamed":
            old = (attrs.get("before") or {}).get("name")
            if not old:
                raise serializers.ValidationError({"before": {"name": "A renamed node needs its old name."}})
            if old == attrs["name"]:
                raise serializers.ValidationError({"before": {"name": "The old name must differ from name."}})
        return attrs


class IntentCreateSerializer(serializers.Serializer):
    team = StrictCharField(required=False, help_text="Team slug; needed when you belong to several.")
    summary = StrictCharField(max_length=500)
    repo = StrictCharField(max_length=300, required=False, allow_null=True)
    branch = StrictCharField(max_length=300, required=False, allow_null=True)
    commit_sha = StrictRegexField(
        r"^[0-9a-fA-F]{4,64}$", required=False, allow_null=True,
        error_messages={"invalid": "A git commit hash: 4 to 64 hexadecimal digits."},
    )
    author = StrictCharField(
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
