from enum import StrEnum

class ListInvitesGroupBy(StrEnum):
    DAY = "day"
    ROLE = "role"
    TEAM = "team"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
