from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from aura_site.api.ids import id_field

DEFAULT_TICKET_PATTERN = r"[A-Z]{2,6}-\d+"


class Team(models.Model):
    id = id_field("team")
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    strict_mode = models.BooleanField(default=True)
    ticket_pattern = models.CharField(max_length=200, default=DEFAULT_TICKET_PATTERN)
    default_ticket_system = models.CharField(max_length=50, default="linear")
    rate_limit_per_minute = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)],
        help_text="Default per-minute budget of this team's tokens (blank: server default).",
    )
    rate_limit_per_second = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)],
        help_text="Default per-second burst of this team's tokens (blank: server default).",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.slug


class Member(models.Model):
    KIND_CHOICES = [("human", "human"), ("agent", "agent")]
    ROLE_CHOICES = [("admin", "admin"), ("member", "member"), ("read-only", "read-only")]

    id = id_field("mem")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    name = models.CharField(max_length=150, help_text="The handle, e.g. ashiq; unique in the team.")
    display_name = models.CharField(max_length=200, blank=True, default="")
    kind = models.CharField(max_length=10, choices=KIND_CHOICES, default="human")
    role = models.CharField(max_length=10, choices=ROLE_CHOICES, default="member")
    last_seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["team", "name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="member_unique_name"),
            models.UniqueConstraint(fields=["team", "user"], name="member_unique_user"),
        ]
        indexes = [models.Index(fields=["team", "id"], name="member_team_id")]

    def __str__(self):
        return f"{self.name}@{self.team.slug}" if self.team_id else self.name

    def as_ref(self):
        return {"id": self.id, "name": self.name, "kind": self.kind}


class Token(models.Model):
    id = id_field("tok")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="aura_tokens")
    teams = models.ManyToManyField(Team, related_name="tokens")
    name = models.CharField(max_length=200, blank=True, default="")
    prefix = models.CharField(max_length=8, db_index=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    key_id = models.CharField(max_length=32, editable=False, help_text="Which pepper keyed the digest.")
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    rotated_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rotated_to"
    )
    rate_limit_per_minute = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    rate_limit_per_second = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"{self.id} (aura_{self.prefix}_…)"

    def state(self, now=None):
        now = now or timezone.now()
        if self.revoked_at is not None and self.revoked_at <= now:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        if self.revoked_at is not None:
            return "rotating"
        return "active"


class Invite(models.Model):
    """A code that lets someone join a team: ``max_uses`` times until
    ``expires_at``, as ``role``, with a first token of ``scopes``;
    optionally only under the handle ``handle``. Like a token's secret, the
    code is kept only as an HMAC digest (``accounts.invites``)."""

    ROLE_CHOICES = Member.ROLE_CHOICES

    id = id_field("inv")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invites", db_index=False)
    created_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The admin who made it (empty when made by a superuser or the CLI, or after removal).",
    )
    prefix = models.CharField(max_length=8, editable=False, help_text="Shown to tell codes apart.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    key_id = models.CharField(max_length=32, editable=False, help_text="Which pepper keyed the digest.")
    role = models.CharField(max_length=10, choices=ROLE_CHOICES, default="member")
    scopes = models.JSONField(default=list, help_text="The scopes of the first token.")
    handle = models.CharField(max_length=150, blank=True, default="", help_text="Only this handle may redeem it.")
    max_uses = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    uses = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["team", "id"], name="invite_team_id")]

    def __str__(self):
        return f"{self.id} (aurainv_{self.prefix}_…)"

    def state(self, now=None):
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.uses >= self.max_uses:
            return "used"
        if self.expires_at <= now:
            return "expired"
        return "active"
