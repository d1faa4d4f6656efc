from enum import StrEnum

class RecipientInputRequestType0Kind(StrEnum):
    BROADCAST = "broadcast"

    def __str__(self) -> str:
        return str(self.value)
