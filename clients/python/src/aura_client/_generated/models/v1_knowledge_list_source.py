from enum import StrEnum

class V1KnowledgeListSource(StrEnum):
    AGENT = "agent"
    HUMAN = "human"

    def __str__(self) -> str:
        return str(self.value)
