from enum import StrEnum

class V1AdminMembersListKind(StrEnum):
    AGENT = "agent"
    HUMAN = "human"

    def __str__(self) -> str:
        return str(self.value)
