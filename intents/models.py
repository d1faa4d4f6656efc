"""Intents (what someone says they changed) and the team's logic graph.

* ``Intent`` — one logged change: summary, tickets, prove goals, node counts.
* ``IntentTicket`` — the tickets of an intent in their own indexed table, so
  ``?ticket=`` never scans JSON.
* ``IntentNode`` — the nodes an intent touched, in the order given, with the
  intent's team, repo and branch copied onto each row.
* ``LogicNode`` / ``LogicEdge`` — the graph: one row per (team, repo, branch,
  name) with the intent that last touched it, and the names each node calls.
  ``intents/graph.py`` writes and reads them.
"""

from django.db import models
from django.db.models import Case, F, Q, When
from django.db.models.fields.json import KT
from django.utils import timezone

from accounts.models import Member, Team
from aura_site.api.ids import id_field

KINDS = ("function", "method", "class", "struct", "enum", "trait", "module", "logic")
CHANGES = ("added", "modified", "signature_changed", "renamed", "deleted")
# The changes that raise impacts (every one but an addition).
DETECTING = ("modified", "signature_changed", "renamed", "deleted")
GOAL_RESULTS = ("pass", "fail", "partial")

KIND_CHOICES = [(k, k) for k in KINDS]
CHANGE_CHOICES = [(c, c) for c in CHANGES]


class Intent(models.Model):
    id = id_field("itn")
    # Team foreign keys carry no index of their own: every composite index starts with team.
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="intents", db_index=False)
    repo = models.CharField(max_length=300, null=True, blank=True)
    branch = models.CharField(max_length=300, null=True, blank=True)
    # A removed member's intents stay, authorless.
    author = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="intents")
    summary = models.CharField(max_length=500)
    commit_sha = models.CharField(max_length=64, null=True, blank=True)
    prove_goals = models.JSONField(default=list, blank=True)
    nodes_added = models.PositiveIntegerField(default=0)
    nodes_changed = models.PositiveIntegerField(default=0)
    nodes_deleted = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["team", "id"], name="intent_team_id"),
            models.Index(fields=["team", "branch", "id"], name="intent_team_branch_id"),
            models.Index(fields=["team", "repo", "id"], name="intent_team_repo_id"),
            models.Index(fields=["team", "author", "id"], name="intent_team_author_id"),
            # Dashboards group recent intents: these cover "since + filter + group_by"
            # without touching the table (index-only scans on PostgreSQL).
            models.Index(
                fields=["team", "created_at"], include=["author", "branch", "repo"], name="intent_team_created"
            ),
            models.Index(
                fields=["team", "branch", "created_at"], include=["author", "repo"], name="intent_team_branch_time"
            ),
            models.Index(
                fields=["team", "author", "created_at"], include=["branch", "repo"], name="intent_team_author_time"
            ),
        ]

    def __str__(self):
        return f"{self.id} {self.summary[:60]}"


class IntentTicket(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    intent = models.ForeignKey(Intent, on_delete=models.CASCADE, related_name="tickets", db_index=False)
    system = models.CharField(max_length=50)
    ticket = models.CharField(max_length=100)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["intent", "system", "ticket"], name="intent_ticket_unique"),
        ]
        indexes = [models.Index(fields=["team", "ticket", "intent"], name="intent_ticket_lookup")]

    def __str__(self):
        return f"{self.system}:{self.ticket}"

    def as_dict(self):
        return {"system": self.system, "id": self.ticket}


# The function a node's change is about: its name, or for a rename the old
# name (the one callers call). impacts/sql.py spells the same expression.
FUNCTION = Case(When(change="renamed", then=KT("before__name")), default=F("name"), output_field=models.CharField())


class IntentNode(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    intent = models.ForeignKey(Intent, on_delete=models.CASCADE, related_name="nodes")
    repo = models.CharField(max_length=300, null=True, blank=True)
    branch = models.CharField(max_length=300, null=True, blank=True)
    position = models.PositiveIntegerField(help_text="Index of the node in the intent's list, from 0.")
    path = models.CharField(max_length=1000, null=True, blank=True)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    name = models.CharField(max_length=500)
    change = models.CharField(max_length=20, choices=CHANGE_CHOICES)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["intent", "position"]
        constraints = [
            models.UniqueConstraint(fields=["team", "intent", "position"], name="intent_node_position"),
        ]
        indexes = [
            # "Which intents changed N on other branches lately": impact
            # detection, when a branch starts calling or touches N. Keyed on
            # the function a change is about (a rename's old name, which the
            # graph no longer holds) and the intent (ids are time-ordered:
            # the 14-day window is a range). Changes only: additions, the
            # bulk of a new graph, stay out.
            models.Index(
                F("team"), F("repo"), FUNCTION, F("intent"), name="intent_node_function",
                condition=Q(change__in=DETECTING),
            ),
        ]

    def __str__(self):
        return f"{self.change} {self.name}"


class LogicNode(models.Model):
    """The team's current view of one node on one branch."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    repo = models.CharField(max_length=300)
    branch = models.CharField(max_length=300)
    name = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    path = models.CharField(max_length=1000, null=True, blank=True)
    hash = models.CharField(max_length=128, null=True, blank=True)
    signature = models.CharField(max_length=2000, null=True, blank=True)
    deleted = models.BooleanField(default=False)
    # Intents are an append-only log, so no index for ON DELETE SET NULL.
    intent = models.ForeignKey(
        Intent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    touched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "repo", "branch", "name"], name="logic_node_key"),
        ]
        indexes = [
            # "who touched N in the last 14 days" (on any branch of the repo)
            models.Index(fields=["team", "repo", "name", "touched_at"], name="logic_node_touched"),
        ]

    def __str__(self):
        return f"{self.repo}@{self.branch} {self.name}"


class LogicEdge(models.Model):
    """``caller`` calls the node named ``callee`` (on the caller's branch)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    repo = models.CharField(max_length=300)
    branch = models.CharField(max_length=300)
    caller = models.ForeignKey(LogicNode, on_delete=models.CASCADE, related_name="calls", db_index=False)
    callee = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["caller", "callee"], name="logic_edge_unique"),
        ]
        indexes = [
            # "who calls N on branches other than B"
            models.Index(fields=["team", "repo", "callee", "branch"], name="logic_edge_callee"),
        ]

    def __str__(self):
        return f"{self.caller_id} → {self.callee}"
