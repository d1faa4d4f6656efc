from enum import StrEnum

class ListIntentNodesAggregate(StrEnum):
    COUNT = "count"

    def __str__(self) -> str:
        return str(self.value)
