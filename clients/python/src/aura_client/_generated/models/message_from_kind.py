from enum import StrEnum

class MessageFromKind(StrEnum):
    AGENT = "agent"
    HUMAN = "human"
    REMOVED = "removed"
    SENTINEL = "sentinel"

    def __str__(self) -> str:
        return str(self.value)
