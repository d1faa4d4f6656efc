from enum import StrEnum

class ListTokensGroupBy(StrEnum):
    DAY = "day"
    TEAM = "team"
    USER = "user"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
