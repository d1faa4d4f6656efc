from django.db import models

from accounts.models import Member, Team
from aura_site.api.ids import id_field

# How long a claim lasts: the default, and the bounds a client may ask for.
DEFAULT_TTL_SECONDS = 3600
MIN_TTL_SECONDS = 1
MAX_TTL_SECONDS = 86400


class Zone(models.Model):
    """A member's claim on paths or node names, until ``expires_at``.

    A zone is active while ``expires_at`` is in the future; expired rows are
    ignored by every read and swept when the team's next claim is made."""

    MODES = [("warn", "warn"), ("block", "block")]

    id = id_field("zon")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="zones")
    owner = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="zones")
    mode = models.CharField(max_length=5, choices=MODES, default="warn")
    reason = models.CharField(max_length=500, blank=True, default="")
    repo = models.CharField(max_length=300, null=True, blank=True, help_text="Blank: every repo.")
    branch = models.CharField(max_length=300, null=True, blank=True, help_text="Blank: every branch.")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["team", "expires_at"], name="zone_team_expires"),
            models.Index(fields=["team", "id"], name="zone_team_id"),
            models.Index(fields=["team", "owner", "id"], name="zone_team_owner"),
        ]

    def __str__(self):
        return f"{self.id} ({self.mode})"

    @property
    def paths(self):
        return [entry.pattern for entry in self.entries.all()]

    def as_claim(self):
        """The plain mapping zones.overlap works on."""
        return {"paths": self.paths, "repo": self.repo, "branch": self.branch}


class ZonePath(models.Model):
    """One entry of a zone (a glob, a file or a node name), in its own indexed
    table so that ``?path=`` never scans a JSON column."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField()
    pattern = models.CharField(max_length=1024)
    prefix = models.CharField(max_length=1024, help_text="The literal text before the first wildcard.")

    class Meta:
        ordering = ["zone", "position"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "position"], name="zonepath_zone_position"),
        ]
        indexes = [models.Index(fields=["team", "zone"], name="zonepath_team_zone")]

    def __str__(self):
        return self.pattern
