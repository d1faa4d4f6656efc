from enum import StrEnum

class ListImpactsChange(StrEnum):
    ADDED = "added"
    DELETED = "deleted"
    MODIFIED = "modified"
    RENAMED = "renamed"
    SIGNATURE_CHANGED = "signature_changed"

    def __str__(self) -> str:
        return str(self.value)
