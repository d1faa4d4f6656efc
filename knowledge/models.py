from django.db import models

from accounts.models import Member, Team
from aura_site.api.ids import id_field

SOURCES = [("human", "human"), ("agent", "agent")]
MAX_TAGS = 20


class Entry(models.Model):
    """A question and its answer, written by a person or an agent of the team.

    ``votes`` counts the ``Vote`` rows (one per member), kept on the entry so
    that a search orders by it without a join. On PostgreSQL the question and
    answer carry a GIN full-text index (``knowledge_entry_search``, made by
    migration 0001 on that database only)."""

    id = id_field("kno")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="knowledge", db_index=False)
    author = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="knowledge",
        help_text="Empty after the member was removed from the team.",
    )
    author_name = models.CharField(max_length=150, help_text="The author's handle when written; kept if the member is removed.")
    question = models.TextField()
    answer = models.TextField()
    category = models.CharField(max_length=100, blank=True, default="")
    repo = models.CharField(max_length=300, blank=True, default="")
    source = models.CharField(max_length=10, choices=SOURCES, default="human")
    votes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]
        verbose_name = "knowledge entry"
        verbose_name_plural = "knowledge entries"
        indexes = [
            models.Index(fields=["team", "id"], name="knowledge_team_id"),
            models.Index(fields=["team", "category", "id"], name="knowledge_team_category"),
            models.Index(fields=["team", "repo", "id"], name="knowledge_team_repo"),
        ]

    def __str__(self):
        return f"{self.id} {self.question[:60]}"


class Tag(models.Model):
    """One tag of an entry (a row each, so ``tag=`` filters on every database)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="tag_rows", db_index=False)
    name = models.CharField(max_length=50)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["entry", "name"], name="knowledge_tag_entry_name")]

    def __str__(self):
        return self.name


class Vote(models.Model):
    """One member's upvote of an entry."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="vote_rows")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="knowledge_votes")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "member"], name="knowledge_vote_entry_member")]

    def __str__(self):
        return f"{self.member_id} +1 {self.entry_id}"
