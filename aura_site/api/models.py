from django.db import models
from django.utils import timezone


class IdempotencyRecord(models.Model):
    """The first answer to a write sent with an Idempotency-Key, kept 24 h."""

    owner = models.CharField(max_length=64, help_text="Whose key space: user:<pk>.")
    key = models.CharField(max_length=300)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    state = models.CharField(max_length=10, choices=[("running", "running"), ("done", "done")])
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.BinaryField(default=b"", blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    locked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="idempotency_owner_key"),
        ]

    def __str__(self):
        return f"{self.owner} {self.key} ({self.state})"
