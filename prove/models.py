"""Prove runs: one row per ``POST /v1/prove``, the history ``GET
/v1/prove/history`` lists.

``requirements`` holds the evidence (a JSON list, read back, never filtered
on). What the list filters on has its own column and an index that starts with
the team; ``goal`` is matched through ``goal_hash`` (SHA-256 of the goal), so
the index stays small however long goals are.
"""

import hashlib

from django.db import models
from django.utils import timezone

from accounts.models import Member, Team
from aura_site.api.ids import id_field

from .evaluator import RESULTS, VERDICTS

MAX_GOAL_CHARS = 2000


def goal_digest(goal):
    return hashlib.sha256(goal.encode("utf-8")).hexdigest()


class ProveRun(models.Model):
    id = id_field("prv")
    # Every composite index starts with team; no index of its own.
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="prove_runs", db_index=False)
    # A removed member's runs stay, authorless.
    author = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="prove_runs", db_index=False
    )
    repo = models.CharField(max_length=300)
    branch = models.CharField(max_length=300)
    goal = models.CharField(max_length=MAX_GOAL_CHARS)
    goal_hash = models.CharField(max_length=64, editable=False, help_text="SHA-256 of the goal (the goal= filter).")
    derived = models.BooleanField(default=False, help_text="Requirements were taken from the goal's identifiers.")
    verdict = models.CharField(max_length=10, choices=[(v, v) for v in VERDICTS])
    result = models.CharField(max_length=10, choices=[(r, r) for r in RESULTS])
    requirements = models.JSONField(default=list, blank=True, help_text="Per-requirement evidence.")
    duration_ms = models.FloatField(default=0.0, help_text="Graph reads and evaluation, in milliseconds.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["team", "id"], name="prove_team_id"),
            models.Index(fields=["team", "branch", "id"], name="prove_team_branch_id"),
            models.Index(fields=["team", "repo", "id"], name="prove_team_repo_id"),
            models.Index(fields=["team", "result", "id"], name="prove_team_result_id"),
            models.Index(fields=["team", "goal_hash", "id"], name="prove_team_goal_id"),
            models.Index(fields=["team", "author", "id"], name="prove_team_author_id"),
            models.Index(fields=["team", "created_at"], name="prove_team_created"),
        ]

    def __str__(self):
        return f"{self.id} {self.result} {self.goal[:60]}"

    def save(self, *args, **kwargs):
        self.goal_hash = goal_digest(self.goal)
        super().save(*args, **kwargs)
