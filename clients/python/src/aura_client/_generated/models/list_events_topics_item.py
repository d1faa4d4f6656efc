from enum import StrEnum

class ListEventsTopicsItem(StrEnum):
    IMPACT = "impact.*"
    IMPACT_DETECTED = "impact.detected"
    IMPACT_UPDATED = "impact.updated"
    INTENT = "intent.*"
    INTENT_LOGGED = "intent.logged"
    KNOWLEDGE = "knowledge.*"
    KNOWLEDGE_CREATED = "knowledge.created"
    MEMBER = "member.*"
    MEMBER_JOINED = "member.joined"
    MESSAGE = "message.*"
    MESSAGE_POSTED = "message.posted"
    PRESENCE = "presence.*"
    PRESENCE_CHANGED = "presence.changed"
    PROVE = "prove.*"
    PROVE_FAILED = "prove.failed"
    PROVE_PASSED = "prove.passed"
    SNAPSHOT = "snapshot.*"
    SNAPSHOT_CREATED = "snapshot.created"
    TOKEN = "token.*"
    TOKEN_REVOKED = "token.revoked"
    VALUE_0 = "*"
    ZONE = "zone.*"
    ZONE_BLOCKED = "zone.blocked"
    ZONE_CLAIMED = "zone.claimed"
    ZONE_RELEASED = "zone.released"

    def __str__(self) -> str:
        return str(self.value)
