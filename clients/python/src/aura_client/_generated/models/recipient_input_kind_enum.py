from enum import StrEnum

class RecipientInputKindEnum(StrEnum):
    BROADCAST = "broadcast"
    MEMBER = "member"

    def __str__(self) -> str:
        return str(self.value)
