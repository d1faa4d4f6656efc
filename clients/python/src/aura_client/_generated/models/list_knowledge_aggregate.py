from enum import StrEnum

class ListKnowledgeAggregate(StrEnum):
    AVGVOTES = "avg:votes"
    COUNT = "count"
    SUMVOTES = "sum:votes"

    def __str__(self) -> str:
        return str(self.value)
