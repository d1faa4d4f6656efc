from enum import StrEnum

class V1MessagesListChannel(StrEnum):
    SENTINEL = "sentinel"
    TEAM = "team"

    def __str__(self) -> str:
        return str(self.value)
