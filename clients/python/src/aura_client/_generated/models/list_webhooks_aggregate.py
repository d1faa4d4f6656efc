from enum import StrEnum

class ListWebhooksAggregate(StrEnum):
    COUNT = "count"

    def __str__(self) -> str:
        return str(self.value)
