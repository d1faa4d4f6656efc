from enum import StrEnum

class ListProveRunsGroupBy(StrEnum):
    AUTHOR = "author"
    BRANCH = "branch"
    DAY = "day"
    GOAL = "goal"
    REPO = "repo"
    RESULT = "result"
    TEAM = "team"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
