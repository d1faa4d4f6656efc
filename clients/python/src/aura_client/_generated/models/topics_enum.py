from enum import StrEnum

class TopicsEnum(StrEnum):
    IMPACT_DETECTED = "impact.detected"
    IMPACT_UPDATED = "impact.updated"
    INTENT_LOGGED = "intent.logged"
    KNOWLEDGE_CREATED = "knowledge.created"
    MEMBER_JOINED = "member.joined"
    MESSAGE_POSTED = "message.posted"
    PRESENCE_CHANGED = "presence.changed"
    PROVE_FAILED = "prove.failed"
    PROVE_PASSED = "prove.passed"
    SNAPSHOT_CREATED = "snapshot.created"
    TOKEN_REVOKED = "token.revoked"
    VALUE_0 = "*"
    ZONE_BLOCKED = "zone.blocked"
    ZONE_CLAIMED = "zone.claimed"
    ZONE_RELEASED = "zone.released"

    def __str__(self) -> str:
        return str(self.value)
