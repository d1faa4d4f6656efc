from enum import StrEnum

class V1AdminInvitesListGroupBy(StrEnum):
    DAY = "day"
    ROLE = "role"
    TEAM = "team"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
