from enum import StrEnum

class ListEventsAggregate(StrEnum):
    COUNT = "count"

    def __str__(self) -> str:
        return str(self.value)
