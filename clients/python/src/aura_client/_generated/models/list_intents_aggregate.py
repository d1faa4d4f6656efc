from enum import StrEnum

class ListIntentsAggregate(StrEnum):
    AVGNODES_ADDED = "avg:nodes_added"
    AVGNODES_CHANGED = "avg:nodes_changed"
    AVGNODES_DELETED = "avg:nodes_deleted"
    COUNT = "count"
    SUMNODES_ADDED = "sum:nodes_added"
    SUMNODES_CHANGED = "sum:nodes_changed"
    SUMNODES_DELETED = "sum:nodes_deleted"

    def __str__(self) -> str:
        return str(self.value)
