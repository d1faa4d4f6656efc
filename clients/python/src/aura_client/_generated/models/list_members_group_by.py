from enum import StrEnum

class ListMembersGroupBy(StrEnum):
    DAY = "day"
    KIND = "kind"
    ROLE = "role"
    TEAM = "team"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
