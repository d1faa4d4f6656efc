"""Writing the knowledge base: each write in the caller's transaction, with
its event."""

from django.db.models import F
from django.utils import timezone

from events.log import record

from .models import Entry, Tag, Vote


def now():
    return timezone.now()


def load(pk):
    return Entry.objects.select_related("team", "author").prefetch_related("tag_rows").get(pk=pk)


def representation(entry):
    from .serializers import KnowledgeEntrySerializer

    return KnowledgeEntrySerializer(entry).data


def create(team, member, v):
    at = now()
    entry = Entry.objects.create(
        team=team, author=member, author_name=member.name, question=v["question"], answer=v["answer"],
        category=v.get("category", ""), repo=v.get("repo", ""),
        source=v.get("source") or ("agent" if member.kind == "agent" else "human"),
        created_at=at, updated_at=at,
    )
    Tag.objects.bulk_create([Tag(entry=entry, name=name) for name in v.get("tags", [])])
    entry = load(entry.pk)
    record(team, "knowledge.created", dict(representation(entry)), actor=member)
    return entry


def update(entry, v):
    for field in ("question", "answer", "category", "repo", "source"):
        if field in v:
            setattr(entry, field, v[field])
    entry.updated_at = now()
    entry.save()
    if "tags" in v:
        Tag.objects.filter(entry=entry).delete()
        Tag.objects.bulk_create([Tag(entry=entry, name=name) for name in v["tags"]])
    return load(entry.pk)


def upvote(entry, member):
    """One vote per member: a second upvote changes nothing."""
    _, created = Vote.objects.get_or_create(entry=entry, member=member, defaults={"created_at": now()})
    if created:
        Entry.objects.filter(pk=entry.pk).update(votes=F("votes") + 1)
    return load(entry.pk)
