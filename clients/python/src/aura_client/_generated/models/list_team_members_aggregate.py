from enum import StrEnum

class ListTeamMembersAggregate(StrEnum):
    COUNT = "count"

    def __str__(self) -> str:
        return str(self.value)
