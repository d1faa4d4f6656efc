from enum import StrEnum

class MessageToKind(StrEnum):
    BROADCAST = "broadcast"
    MEMBER = "member"

    def __str__(self) -> str:
        return str(self.value)
