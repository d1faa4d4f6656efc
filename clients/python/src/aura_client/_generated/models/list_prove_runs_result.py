from enum import StrEnum

class ListProveRunsResult(StrEnum):
    FAIL = "fail"
    PARTIAL = "partial"
    PASS = "pass"

    def __str__(self) -> str:
        return str(self.value)
