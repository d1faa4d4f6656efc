from enum import StrEnum

class ListTokensAggregate(StrEnum):
    COUNT = "count"

    def __str__(self) -> str:
        return str(self.value)
