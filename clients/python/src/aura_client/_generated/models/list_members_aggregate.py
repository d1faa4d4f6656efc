from enum import StrEnum

class ListMembersAggregate(StrEnum):
    COUNT = "count"

    def __str__(self) -> str:
        return str(self.value)
