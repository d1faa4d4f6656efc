from enum import StrEnum

class VerdictEnum(StrEnum):
    PARTIAL = "partial"
    PROVED = "proved"
    UNPROVED = "unproved"

    def __str__(self) -> str:
        return str(self.value)
