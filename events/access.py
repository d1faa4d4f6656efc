"""Who sees which events: the grant map of a caller, as SQL and in memory.

``topics.py`` holds the pure rules; this module applies them to a Principal
and to querysets (the durable poll and team sync)."""

from django.db.models import Q

from aura_site.api import errors
from aura_site.api.permissions import scope_missing

from . import topics as topic_rules


def parse_wanted(text):
    """``?topics=`` → a set or None; 400 ``invalid_parameter`` naming an unknown topic."""
    try:
        return topic_rules.parse_topics(text)
    except topic_rules.UnknownTopic as exc:
        raise errors.InvalidParameter(
            f"Unknown topic {exc.topic!r}.",
            hint=f"Topics: {', '.join(topic_rules.TOPIC_SCOPES)} (or a family like zone.*).",
            parameter="topics",
        ) from None


def grant_map(principal, team_ids, wanted=None):
    """{team_id: (topics, member_id)}: what the caller reads in each team.

    A wanted topic readable in none of the teams → 403 ``scope_missing``."""
    scopes = {tid: principal.scopes.get(tid, frozenset()) for tid in team_ids}
    if wanted:
        scope = topic_rules.missing_scope(scopes, team_ids, wanted)
        if scope is not None:
            raise scope_missing(scope)
    members = {tid: getattr(principal.member(tid), "pk", None) for tid in team_ids}
    return topic_rules.grants(scopes, members, team_ids, wanted)


def visible_q(grants):
    """The grant map as a filter on Event rows (nothing when empty)."""
    if not grants:
        return Q(pk__in=[])
    q = Q()
    for team_id, (topics, member_id) in grants.items():
        audience = Q(audience_a__isnull=True)
        if member_id is not None:
            audience |= Q(audience_a=member_id) | Q(audience_b=member_id)
        q |= Q(team_id=team_id, topic__in=sorted(topics)) & audience
    return q


def private_q(member_id):
    """Events a member may see regardless of topic: public ones and their own DMs."""
    return Q(audience_a__isnull=True) | Q(audience_a=member_id) | Q(audience_b=member_id)
