from enum import StrEnum

class ListMyTokensGroupBy(StrEnum):
    DAY = "day"
    TEAM = "team"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
