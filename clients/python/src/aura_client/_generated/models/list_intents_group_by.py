from enum import StrEnum

class ListIntentsGroupBy(StrEnum):
    AUTHOR = "author"
    BRANCH = "branch"
    DAY = "day"
    REPO = "repo"
    TEAM = "team"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
