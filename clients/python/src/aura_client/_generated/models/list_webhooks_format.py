from enum import StrEnum

class ListWebhooksFormat(StrEnum):
    DISCORD = "discord"
    RAW = "raw"
    SLACK = "slack"

    def __str__(self) -> str:
        return str(self.value)
