from enum import StrEnum

class V1AdminInvitesListAggregate(StrEnum):
    AVGUSES = "avg:uses"
    COUNT = "count"
    SUMUSES = "sum:uses"

    def __str__(self) -> str:
        return str(self.value)
