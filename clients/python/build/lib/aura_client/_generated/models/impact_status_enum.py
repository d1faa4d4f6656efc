from enum import StrEnum

class ImpactStatusEnum(StrEnum):
    DISMISSED = "dismissed"
    OPEN = "open"
    RESOLVED = "resolved"
    SNOOZED = "snoozed"

    def __str__(self) -> str:
        return str(self.value)
