from enum import StrEnum

class ListImpactsAggregate(StrEnum):
    AVGOCCURRENCES = "avg:occurrences"
    COUNT = "count"
    SUMOCCURRENCES = "sum:occurrences"

    def __str__(self) -> str:
        return str(self.value)
