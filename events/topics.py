"""Which topics a caller may read, and which events one stream or poll sees.

Pure: plain values in, plain values out (unit-tested without a database).

Reading an event needs ``read_events`` plus the read scope of its topic, in
the event's team; a private event (a direct message) is visible only to its
two members.
"""

from .models import TOPICS

TOPIC_SCOPES = {
    "intent.logged": "read_intents",
    "impact.detected": "read_impacts",
    "impact.updated": "read_impacts",
    "message.posted": "read_messages",
    "snapshot.created": "read_snapshots",
    "zone.claimed": "read_zones",
    "zone.released": "read_zones",
    "zone.blocked": "read_zones",
    "prove.passed": "read_prove",
    "prove.failed": "read_prove",
    "token.revoked": "admin",
    "knowledge.created": "read_knowledge",
    # Anyone reading events sees who joined: read_events is the whole requirement.
    "member.joined": "read_events",
    "presence.changed": "read_events",
}
assert set(TOPIC_SCOPES) == set(TOPICS)

# What ``?topics=`` accepts, item by item: a topic, a family (``zone.*``), or ``*``.
FAMILIES = tuple(sorted({topic.split(".")[0] + ".*" for topic in TOPICS}))
PARAMETER_VALUES = ["*", *FAMILIES, *TOPICS]


class UnknownTopic(ValueError):
    def __init__(self, topic):
        super().__init__(topic)
        self.topic = topic


def parse_topics(text):
    """``"intent.logged,zone.*"`` → a set of topics (None when not given).

    A trailing ``.*`` selects a family (``impact.*``); ``*`` alone is every
    topic. Raises UnknownTopic naming the first one that matches nothing."""
    if text is None or not text.strip():
        return None
    wanted = set()
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        if item == "*":
            wanted.update(TOPICS)
        elif item.endswith(".*"):
            family = [t for t in TOPICS if t.startswith(item[:-1])]
            if not family:
                raise UnknownTopic(item)
            wanted.update(family)
        elif item in TOPICS:
            wanted.add(item)
        else:
            raise UnknownTopic(item)
    return wanted


def readable_topics(granted_scopes):
    """The topics a set of effective scopes (in one team) may read."""
    if "read_events" not in granted_scopes:
        return frozenset()
    return frozenset(t for t, scope in TOPIC_SCOPES.items() if scope in granted_scopes)


def grants(scopes_by_team, member_by_team, team_ids, wanted=None):
    """{team_id: (topics, member_id)} for the teams in ``team_ids`` where the
    caller may read at least one of the ``wanted`` topics (every readable
    topic when ``wanted`` is None)."""
    out = {}
    for team_id in team_ids:
        topics = readable_topics(scopes_by_team.get(team_id, ()))
        if wanted is not None:
            topics = topics & wanted
        if topics:
            out[team_id] = (topics, member_by_team.get(team_id))
    return out


def missing_scope(scopes_by_team, team_ids, wanted):
    """The scope to name in 403 ``scope_missing`` when a wanted topic is
    readable in none of the teams, else None."""
    for topic in sorted(wanted or ()):
        scope = TOPIC_SCOPES[topic]
        if not any(topic in readable_topics(scopes_by_team.get(t, ())) for t in team_ids):
            return scope
    return None


def visible(grant_map, team_id, topic, audience_a, audience_b):
    """Whether an event is shown under ``grant_map`` (from ``grants``)."""
    grant = grant_map.get(team_id)
    if grant is None:
        return False
    topics, member_id = grant
    if topic not in topics:
        return False
    if audience_a is None:
        return True
    return member_id is not None and member_id in (audience_a, audience_b)
