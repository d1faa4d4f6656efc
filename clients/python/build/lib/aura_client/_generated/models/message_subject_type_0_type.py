from enum import StrEnum

class MessageSubjectType0Type(StrEnum):
    IMPACT = "impact"
    ZONE = "zone"

    def __str__(self) -> str:
        return str(self.value)
