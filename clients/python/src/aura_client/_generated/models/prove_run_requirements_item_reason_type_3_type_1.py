from enum import StrEnum

class ProveRunRequirementsItemReasonType3Type1(StrEnum):
    KIND_MISMATCH = "kind_mismatch"
    MISSING_CALLS = "missing_calls"
    NOT_FOUND = "not_found"

    def __str__(self) -> str:
        return str(self.value)
