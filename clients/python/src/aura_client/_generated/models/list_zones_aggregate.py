from enum import StrEnum

class ListZonesAggregate(StrEnum):
    COUNT = "count"

    def __str__(self) -> str:
        return str(self.value)
