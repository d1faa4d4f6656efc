from enum import StrEnum

class V1KnowledgeListAggregate(StrEnum):
    AVGVOTES = "avg:votes"
    COUNT = "count"
    SUMVOTES = "sum:votes"

    def __str__(self) -> str:
        return str(self.value)
