from enum import StrEnum

class ListInvitesAggregate(StrEnum):
    AVGUSES = "avg:uses"
    COUNT = "count"
    SUMUSES = "sum:uses"

    def __str__(self) -> str:
        return str(self.value)
