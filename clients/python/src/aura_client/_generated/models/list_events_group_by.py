from enum import StrEnum

class ListEventsGroupBy(StrEnum):
    DAY = "day"
    TEAM = "team"
    TOPIC = "topic"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
