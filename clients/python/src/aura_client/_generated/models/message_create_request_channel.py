from enum import StrEnum

class MessageCreateRequestChannel(StrEnum):
    TEAM = "team"

    def __str__(self) -> str:
        return str(self.value)
