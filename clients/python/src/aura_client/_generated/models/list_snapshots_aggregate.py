from enum import StrEnum

class ListSnapshotsAggregate(StrEnum):
    AVGSIZE = "avg:size"
    COUNT = "count"
    SUMSIZE = "sum:size"

    def __str__(self) -> str:
        return str(self.value)
