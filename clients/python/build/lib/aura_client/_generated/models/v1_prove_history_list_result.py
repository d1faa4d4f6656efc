from enum import StrEnum

class V1ProveHistoryListResult(StrEnum):
    FAIL = "fail"
    PARTIAL = "partial"
    PASS = "pass"

    def __str__(self) -> str:
        return str(self.value)
