from django.db import models

from accounts.models import Member, Team
from aura_site.api.ids import id_field


class Blob(models.Model):
    """Content, stored once per team under its SHA-256 through Django's
    default storage (files under MEDIA_ROOT, var/blobs by default)."""

    # No index of its own: the unique (team, sha256) key leads with it.
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    is_text = models.BooleanField(help_text="Valid UTF-8 without NUL: may be served as text/plain.")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "sha256"], name="blob_team_sha256")]

    def __str__(self):
        return f"{self.sha256[:12]}… ({self.size} bytes)"

    @property
    def storage_name(self):
        return storage_name(self.team_id, self.sha256)


def storage_name(team_id, sha256):
    return f"snapshots/{team_id}/{sha256[:2]}/{sha256}"


class Snapshot(models.Model):
    id = id_field("snp")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="snapshots")
    blob = models.ForeignKey(Blob, on_delete=models.RESTRICT, related_name="snapshots")
    path = models.CharField(max_length=1024)
    repo = models.CharField(max_length=300, null=True, blank=True)
    branch = models.CharField(max_length=300, null=True, blank=True)
    commit_sha = models.CharField(max_length=64, null=True, blank=True)
    content_type = models.CharField(max_length=200)
    author = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL, related_name="snapshots")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["team", "id"], name="snapshot_team_id"),
            models.Index(fields=["team", "path", "id"], name="snapshot_team_path"),
            models.Index(fields=["team", "branch", "id"], name="snapshot_team_branch"),
            models.Index(fields=["team", "author", "id"], name="snapshot_team_author"),
        ]

    def __str__(self):
        return f"{self.id} {self.path}"
