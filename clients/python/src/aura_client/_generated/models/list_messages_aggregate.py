from enum import StrEnum

class ListMessagesAggregate(StrEnum):
    COUNT = "count"

    def __str__(self) -> str:
        return str(self.value)
