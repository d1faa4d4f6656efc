from enum import StrEnum

class ListKnowledgeGroupBy(StrEnum):
    AUTHOR = "author"
    CATEGORY = "category"
    DAY = "day"
    REPO = "repo"
    SOURCE = "source"
    TEAM = "team"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
