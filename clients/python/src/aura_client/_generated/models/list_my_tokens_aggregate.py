from enum import StrEnum

class ListMyTokensAggregate(StrEnum):
    COUNT = "count"

    def __str__(self) -> str:
        return str(self.value)
