from enum import StrEnum

class ScopesEnum(StrEnum):
    ADMIN = "admin"
    READ_EVENTS = "read_events"
    READ_IMPACTS = "read_impacts"
    READ_INTENTS = "read_intents"
    READ_KNOWLEDGE = "read_knowledge"
    READ_MESSAGES = "read_messages"
    READ_PROVE = "read_prove"
    READ_SNAPSHOTS = "read_snapshots"
    READ_ZONES = "read_zones"
    RUN_PROVE = "run_prove"
    WRITE_IMPACTS = "write_impacts"
    WRITE_INTENTS = "write_intents"
    WRITE_KNOWLEDGE = "write_knowledge"
    WRITE_MESSAGES = "write_messages"
    WRITE_SNAPSHOTS = "write_snapshots"
    WRITE_ZONES = "write_zones"

    def __str__(self) -> str:
        return str(self.value)
