from enum import StrEnum

class ProveRunRequirementsItemKindType3Type1(StrEnum):
    CLASS = "class"
    ENUM = "enum"
    FUNCTION = "function"
    LOGIC = "logic"
    METHOD = "method"
    MODULE = "module"
    STRUCT = "struct"
    TRAIT = "trait"

    def __str__(self) -> str:
        return str(self.value)
