from urllib.parse import urlsplit, urlunsplit

from django.db import models
from django.utils import timezone

from accounts.models import Team
from aura_site.api.ids import PrefixedId, id_field
from aura_site.api.times import rfc3339

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
    "knowledge.created",
    "member.joined",
    "presence.changed",
)


def redact_url(url):
    """``https://user:pass@host/x`` → ``https://***@host/x``; other URLs unchanged."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]))


class EventCounter(models.Model):
    """One row: the last sequence number handed out. Locked by each writer
    until it commits, so sequence order is commit order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(default=0)


class Event(models.Model):
    seq = models.BigIntegerField(primary_key=True)
    id = models.CharField(max_length=40, unique=True, default=PrefixedId("evt"), editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="events", db_index=False)
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
            "created_at": rfc3339(self.created_at),
            "data": self.data,
        }


class SyncState(models.Model):
    """What one member has acknowledged of the log, and when it last pushed."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    member = models.OneToOneField("accounts.Member", on_delete=models.CASCADE, related_name="sync_state")
    cursor = models.BigIntegerField(default=0, help_text="The acknowledged event sequence.")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    last_push_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["team", "member"], name="syncstate_team_member")]

    def __str__(self):
        return f"{self.member_id} @ {self.cursor}"


class Push(models.Model):
    """One logged intent on a repo and branch (from ``intent.logged``): the
    source of the per-branch activity in /v1/team/sync. Purged with events."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    member = models.CharField(max_length=40, null=True, blank=True)
    repo = models.CharField(max_length=300)
    branch = models.CharField(max_length=300)
    seq = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["team", "repo", "branch", "created_at"], name="push_team_branch"),
            models.Index(fields=["team", "created_at"], name="push_team_created"),
        ]


WEBHOOK_FORMATS = ("raw", "slack", "discord")


class Webhook(models.Model):
    id = id_field("whk")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2000)
    topics = models.JSONField(default=list, blank=True, help_text='Topics to send; ["*"] for every topic.')
    format = models.CharField(max_length=10, choices=[(f, f) for f in WEBHOOK_FORMATS], default="raw")
    secret = models.CharField(max_length=200, help_text="Signs every body (HMAC-SHA256). Never shown by the API.")
    active = models.BooleanField(default=True)
    description = models.CharField(max_length=200, blank=True, default="")
    created_by = models.ForeignKey(
        "accounts.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["team", "id"], name="webhook_team_id")]

    def __str__(self):
        return f"{self.id} → {self.display_url}"

    @property
    def display_url(self):
        """The URL for logs and lists: credentials in it (sent as Basic auth) masked."""
        return redact_url(self.url)

    def wants(self, topic):
        return "*" in self.topics or topic in self.topics


class Delivery(models.Model):
    """One event (or test ping) on its way to one webhook, and what became of it.

    A pending row is due at ``next_attempt_at``; a sender claims it by moving
    ``next_attempt_at`` past its send timeout, so a crashed sender's rows come
    back on their own and two senders never hold one row at once."""

    PENDING, SUCCEEDED, FAILED = "pending", "succeeded", "failed"
    STATUS_CHOICES = [(s, s) for s in (PENDING, SUCCEEDED, FAILED)]

    id = id_field("dlv")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    topic = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True, default="")
    error = models.CharField(max_length=500, blank=True, default="")
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["team", "webhook", "id"], name="delivery_team_webhook_id"),
            # The senders' queue spans teams: only pending rows, by due time.
            models.Index(
                fields=["next_attempt_at"], name="delivery_due",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self):
        return f"{self.id} {self.topic} → {self.webhook_id} ({self.status})"
