from enum import StrEnum

class RecipientInputRequestType1Kind(StrEnum):
    MEMBER = "member"

    def __str__(self) -> str:
        return str(self.value)
