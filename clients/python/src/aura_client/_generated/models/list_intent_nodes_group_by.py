from enum import StrEnum

class ListIntentNodesGroupBy(StrEnum):
    CHANGE = "change"
    DAY = "day"
    KIND = "kind"
    TEAM = "team"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
