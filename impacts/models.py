"""Impacts: a change on one branch that affects another branch of the same repo.

At most one *active* (open or snoozed) impact exists per (team, repo,
function, other_branch, your_branch, change) — a partial unique index, which
is what makes detection race-safe. A snoozed impact whose ``snooze_until``
has passed reads and filters as open (``effective_status``).
"""

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from accounts.models import Member, Team
from aura_site.api.ids import id_field
from intents.models import CHANGE_CHOICES, Intent

SEVERITIES = ("info", "warning", "critical")
STATUSES = ("open", "resolved", "snoozed", "dismissed")
ACTIVE = ("open", "snoozed")


class Impact(models.Model):
    id = id_field("imp")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="impacts", db_index=False)
    repo = models.CharField(max_length=300)
    your_branch = models.CharField(max_length=300, help_text="The branch affected (B').")
    other_branch = models.CharField(max_length=300, help_text="The branch whose change affects it (B).")
    function = models.CharField(max_length=500, help_text="The changed node (its old name for a rename).")
    change = models.CharField(max_length=20, choices=CHANGE_CHOICES)
    severity = models.CharField(max_length=10, choices=[(s, s) for s in SEVERITIES])
    status = models.CharField(max_length=10, choices=[(s, s) for s in STATUSES], default="open")
    occurrences = models.PositiveIntegerField(default=1)
    first_detected_at = models.DateTimeField(default=timezone.now)
    detected_at = models.DateTimeField(default=timezone.now)
    snooze_until = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, default="")
    status_changed_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # Not indexed, like detected_at: a repeat rewrites both, and with no index
    # on what a refresh changes PostgreSQL updates the row in place (a HOT
    # update: no index writes), which halved the cost of a post's refresh.
    intent = models.ForeignKey(
        Intent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False,
        help_text="The intent that raised it last (none when a client reported it).",
    )
    reported_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False,
        help_text="The member who reported it through POST /v1/impacts.",
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    callers = models.JSONField(default=list, blank=True)
    callers_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "repo", "function", "other_branch", "your_branch", "change"],
                condition=Q(status__in=ACTIVE),
                name="impact_one_active",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "id"], name="impact_team_id"),
            # status=open (the default list): only active rows, newest first.
            models.Index(fields=["team", "id"], condition=Q(status__in=ACTIVE), name="impact_team_active_id"),
            models.Index(fields=["team", "your_branch", "id"], name="impact_team_branch_id"),
            # For a member's removal (SET_NULL), on the few rows that name one.
            # Nothing indexes detected_at or intent: see intent above (a
            # ``since`` filter reads the team's rows through the indexes here).
            models.Index(fields=["reported_by"], condition=Q(reported_by__isnull=False), name="impact_reported_by"),
            # "Was this change said and closed already?" — detection, before it
            # raises another branch's change on a branch again. Closed rows
            # only: a repeat's refresh never changes these columns.
            models.Index(fields=["team", "repo", "your_branch", "function", "other_branch", "change"],
                         condition=~Q(status__in=ACTIVE), name="impact_closed_key"),
            models.Index(fields=["status_changed_by"], condition=Q(status_changed_by__isnull=False),
                         name="impact_status_changed_by"),
        ]

    def __str__(self):
        return f"{self.id} {self.function} ({self.your_branch} ← {self.other_branch})"

    def effective_status(self, now=None):
        now = now or timezone.now()
        if self.status == "snoozed" and self.snooze_until is not None and self.snooze_until <= now:
            return "open"
        return self.status


def status_q(status, now=None):
    """A filter for the status as it reads (an expired snooze is open)."""
    now = now or timezone.now()
    if status == "open":
        # status IN (open, snoozed) lets the planner use the partial index.
        return Q(status__in=ACTIVE) & (Q(status="open") | Q(snooze_until__lte=now))
    if status == "snoozed":
        return Q(status="snoozed", snooze_until__gt=now)
    return Q(status=status)


def effective_status_expression(now=None):
    now = now or timezone.now()
    return Case(
        When(status="snoozed", snooze_until__lte=now, then=Value("open")),
        default=F("status"),
        output_field=models.CharField(),
    )
