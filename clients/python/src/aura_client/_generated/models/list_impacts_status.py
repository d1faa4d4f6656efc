from enum import StrEnum

class ListImpactsStatus(StrEnum):
    ALL = "all"
    DISMISSED = "dismissed"
    OPEN = "open"
    RESOLVED = "resolved"
    SNOOZED = "snoozed"

    def __str__(self) -> str:
        return str(self.value)
