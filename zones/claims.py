"""Claiming, releasing and checking zones (the domain logic behind /v1/zones).

* ``now()`` is the one clock every zone rule reads; tests patch it.
* A claim checks for conflicts and inserts while holding a per-team lock
  (``SELECT … FOR NO KEY UPDATE`` on the team row: it serialises claims of one
  team without blocking the foreign-key checks of other writes to it), so of
  two racing claims on the same paths exactly one wins.
* A zone is active while ``expires_at > now()``. Every read filters on that,
  so an expired claim vanishes at once with no background job; expired rows
  are deleted by the team's next claim.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import CharField, F, Q, Value
from django.utils import timezone

from accounts.models import Team
from aura_site.api import errors
from aura_site.api.times import rfc3339
from events.log import record

from . import overlap
from .models import DEFAULT_TTL_SECONDS, Zone, ZonePath


def now():
    """The time zone rules read. Patch ``zones.claims.now`` to move the clock."""
    return timezone.now()


def active(queryset=None):
    queryset = Zone.objects.all() if queryset is None else queryset
    return queryset.filter(expires_at__gt=now())


def _repr(zones):
    from .serializers import ZoneSerializer

    return [dict(z) for z in ZoneSerializer(zones, many=True).data]


def covering_ids(queryset, path):
    """Ids of the zones in ``queryset`` with an entry that covers ``path``.

    SQL keeps only entries whose literal prefix starts ``path``; the exact
    glob test runs on those few rows."""
    candidates = (
        ZonePath.objects.filter(zone__in=queryset.values("pk"))
        .annotate(target=Value(path, output_field=CharField()))
        .filter(target__startswith=F("prefix"))
        .values_list("zone_id", "pattern")
    )
    return {zone_id for zone_id, pattern in candidates if overlap.matches(pattern, path)}


def covering(queryset, path, repo=None, branch=None):
    """The zones of ``queryset`` that cover a write of ``path`` in repo/branch."""
    zones = queryset.filter(id__in=covering_ids(queryset, path))
    zones = zones.select_related("team", "owner").prefetch_related("entries")
    return [z for z in zones if overlap.covers(z.as_claim(), path, repo, branch)]


def scope_q(field, value):
    """Zones that apply to ``value`` of repo/branch: that one, or all (null)."""
    return Q(**{field: value}) | Q(**{f"{field}__isnull": True})


def claim(team, member, *, paths, mode="warn", reason="", repo=None, branch=None,
          ttl_seconds=DEFAULT_TTL_SECONDS):
    """Claim ``paths`` for ``member``. Returns (zone, conflicts): the other
    members' overlapping ``warn`` zones. Another member's overlapping ``block``
    zone → 409 ``zone_conflict`` with ``error.conflicts``."""
    with transaction.atomic():
        Team.objects.select_for_update(no_key=True).filter(pk=team.pk).exists()
        t = now()
        Zone.objects.filter(team=team, expires_at__lte=t).delete()
        mine = {"paths": paths, "repo": repo, "branch": branch}
        others = (
            Zone.objects.filter(team=team, expires_at__gt=t)
            .exclude(owner=member)
            .select_related("team", "owner")
            .prefetch_related("entries")
        )
        conflicts = [z for z in others if overlap.claims_overlap(mine, z.as_claim())]
        blocking = [z for z in conflicts if z.mode == "block"]
        if blocking:
            first = blocking[0]
            raise errors.ZoneConflict(
                f"{first.owner.name} holds a block zone ({first.id}) over these paths.",
                hint=f"Ask {first.owner.name} to release {first.id}, or wait until "
                f"{rfc3339(first.expires_at)}.",
                conflicts=_repr(blocking),
            )
        zone = Zone.objects.create(
            team=team, owner=member, mode=mode, reason=reason, repo=repo, branch=branch,
            created_at=t, expires_at=t + timedelta(seconds=ttl_seconds),
        )
        ZonePath.objects.bulk_create(
            ZonePath(team=team, zone=zone, position=i, pattern=p, prefix=overlap.literal_prefix(p))
            for i, p in enumerate(paths)
        )
        zone = Zone.objects.select_related("team", "owner").prefetch_related("entries").get(pk=zone.pk)
        record(team, "zone.claimed", _repr([zone])[0], actor=member)
    return zone, conflicts


def release(zone, member, *, is_admin):
    """Release ``zone`` (its owner, or an admin of its team) → zone.released.
    ``member`` is None for a release from the Django admin by a non-member."""
    if not is_admin and (member is None or zone.owner_id != member.id):
        raise errors.NotZoneOwner(
            f"{zone.id} belongs to {zone.owner.name}.",
            hint="Only the zone's owner or a team admin can release it; it expires on its own.",
        )
    data = _repr([zone])[0]
    data["released_by"] = member.as_ref() if member is not None else None
    zone.delete()
    record(zone.team, "zone.released", data, actor=member)


class ZoneBlocked(errors.ZoneBlocked):
    """423 ``zone_blocked``, with the zones: the view records ``zone.blocked``
    with :func:`record_blocked` after its transaction rolled back."""

    def __init__(self, team, member, zones, path, repo=None, branch=None):
        first = zones[0]
        self.team, self.member, self.zones = team, member, zones
        self.path, self.repo, self.branch = path, repo, branch
        super().__init__(
            f"{path} is in {first.owner.name}'s block zone {first.id}.",
            hint=f"Ask {first.owner.name} to release {first.id}, or wait until "
            f"{rfc3339(first.expires_at)}.",
            conflicts=_repr(zones),
        )


def check_write(team, member, path, repo=None, branch=None):
    """Raise ZoneBlocked when ``path`` is in another member's active block zone.

    One query in the usual case (the entries of the team's few active block
    zones); the zones themselves are loaded only when one covers the path."""
    entries = (
        ZonePath.objects.filter(team=team, zone__mode="block", zone__expires_at__gt=now())
        .exclude(zone__owner=member)
        .values_list("zone_id", "pattern")
    )
    ids = {zone_id for zone_id, pattern in entries if overlap.matches(pattern, path)}
    if not ids:
        return
    zones = Zone.objects.filter(id__in=ids).select_related("team", "owner").prefetch_related("entries")
    zones = [z for z in zones if overlap.covers(z.as_claim(), path, repo, branch)]
    if zones:
        raise ZoneBlocked(team, member, zones, path, repo, branch)


def record_blocked(exc, operation):
    """Record ``zone.blocked`` (its subscribers post the sentinel message) in a
    transaction of its own, so that it survives the refused write's rollback."""
    with transaction.atomic():
        record(
            exc.team,
            "zone.blocked",
            {
                "zone": _repr(exc.zones[:1])[0],
                "zones": [z.id for z in exc.zones],
                "path": exc.path,
                "repo": exc.repo,
                "branch": exc.branch,
                "member": exc.member.as_ref(),
                "operation": operation,
            },
            actor=exc.member,
        )
