from enum import StrEnum

class ListMessagesChannel(StrEnum):
    SENTINEL = "sentinel"
    TEAM = "team"

    def __str__(self) -> str:
        return str(self.value)
