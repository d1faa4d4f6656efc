from enum import StrEnum

class ListInvitesRole(StrEnum):
    ADMIN = "admin"
    MEMBER = "member"
    READ_ONLY = "read-only"

    def __str__(self) -> str:
        return str(self.value)
