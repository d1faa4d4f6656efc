from django.db import models
from django.utils import timezone

from accounts.models import Team
from aura_site.api.ids import PrefixedId

TOPICS = (
    "intent.logged",
    "impact.detected",
    "impact.updated",
    "message.posted",
    "snapshot.created",
    "zone.claimed",
    "zone.released",
    "zone.blocked",
    "prove.passed",
    "prove.failed",
    "token.revoked",
)


class EventCounter(models.Model):
    """One row: the last sequence number handed out. Locked by each writer
    until it commits, so sequence order is commit order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(default=0)


class Event(models.Model):
    seq = models.BigIntegerField(primary_key=True)
    id = models.CharField(max_length=40, unique=True, default=PrefixedId("evt"), editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="events")
    topic = models.CharField(max_length=40, choices=[(t, t) for t in TOPICS])
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    # A private event (a direct message) is visible to these two members only.
    audience_a = models.CharField(max_length=40, null=True, blank=True)
    audience_b = models.CharField(max_length=40, null=True, blank=True)
    actor = models.CharField(max_length=40, null=True, blank=True, help_text="Member id of the writer.")

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["team", "seq"], name="event_team_seq"),
            models.Index(fields=["created_at"], name="event_created"),
        ]

    def __str__(self):
        return f"{self.seq} {self.topic}"

    @property
    def is_private(self):
        return self.audience_a is not None

    def visible_to(self, member_ids):
        return not self.is_private or self.audience_a in member_ids or self.audience_b in member_ids

    def as_frame_data(self):
        return {
            "event_id": self.id,
            "topic": self.topic,
            "team": self.team.slug,
            "created_at": self.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "data": self.data,
        }
