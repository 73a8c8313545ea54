from .members import UnitMembership
from .snippets import (
    Award,
    AwardLevel,
    AwardRecipient,
    EmulationMovement,
    Field,
    MovementLauncher,
    Unit,
    UnitType,
)

__all__ = [
    "Award",
    "AwardLevel",
    "AwardRecipient",
    "EmulationMovement",
    "Field",
    "MovementLauncher",
    "Unit",
    "UnitMembership",
    "UnitType",
]
