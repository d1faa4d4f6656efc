from enum import StrEnum

class ListImpactsGroupBy(StrEnum):
    DAY = "day"
    FUNCTION = "function"
    OTHER_BRANCH = "other_branch"
    REPO = "repo"
    SEVERITY = "severity"
    STATUS = "status"
    TEAM = "team"
    WEEK = "week"
    YOUR_BRANCH = "your_branch"

    def __str__(self) -> str:
        return str(self.value)
