from enum import StrEnum

class ListZonesGroupBy(StrEnum):
    DAY = "day"
    MEMBER = "member"
    MODE = "mode"
    TEAM = "team"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
