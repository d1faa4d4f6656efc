from enum import StrEnum

class ListMessagesGroupBy(StrEnum):
    CHANNEL = "channel"
    DAY = "day"
    FROM = "from"
    TEAM = "team"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
