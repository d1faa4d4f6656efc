from enum import StrEnum

class ListWebhooksGroupBy(StrEnum):
    ACTIVE = "active"
    DAY = "day"
    FORMAT = "format"
    TEAM = "team"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
