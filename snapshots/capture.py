"""Taking a snapshot: zone check, content into storage, the row, the event.

The zone check runs before any content is read, so a refused write (423
``zone_blocked``) stores nothing; the view then records ``zone.blocked`` with
``zones.claims.record_blocked`` once the request's transaction has rolled back.
"""

from django.utils import timezone

from events.log import record
from zones import claims

from . import content, storage
from .models import Snapshot


def check_zones(team, author, meta):
    claims.check_write(team, author, meta["path"], meta.get("repo"), meta.get("branch"))


def represent(snapshot):
    from .serializers import SnapshotSerializer

    return dict(SnapshotSerializer(snapshot).data)


def take(team, author, meta, spool):
    """Store the spooled content (once per team and hash) and record the snapshot.

    ``meta``: path, and optionally repo, branch, commit_sha, content_type."""
    blob, wrote = storage.store(team, spool)
    try:
        snapshot = Snapshot.objects.create(
            team=team, blob=blob, path=meta["path"], repo=meta.get("repo"), branch=meta.get("branch"),
            commit_sha=meta.get("commit_sha"),
            content_type=content.default_content_type(meta.get("content_type"), blob.is_text),
            author=author, created_at=timezone.now(),
        )
        record(team, "snapshot.created", represent(snapshot), actor=author)
    except BaseException:
        if wrote:
            storage.discard(blob)  # its row rolls back with this failure: no orphan file
        raise
    return snapshot
