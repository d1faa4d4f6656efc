from enum import StrEnum

class ListProveRunsAggregate(StrEnum):
    AVGDURATION_MS = "avg:duration_ms"
    COUNT = "count"
    FAIL_RATE = "fail_rate"
    SUMDURATION_MS = "sum:duration_ms"

    def __str__(self) -> str:
        return str(self.value)
