"""The plugin's data: pages, snippets (the taxonomy), members, registrations, the syndication
outbox and the Office's review task. Data only: the rooms that use it import it, never the
reverse (apart from the seams and exceptions named in pyproject.toml's import contracts)."""

from .consent import (
    WITHDRAW_ALL,
    ConsentMethod,
    ConsentScope,
    ConsentWithdrawal,
    StoryConsent,
)
from .duty import DutyAlert
from .members import UnitMembership
from .pages import (
    STORY_PAGE_MODELS,
    ExemplarIndexPage,
    ExemplarPage,
    NewFactorPage,
    NewModelPage,
    StoryAward,
    StoryPage,
)
from .public_state import PublicVersion, PublishedStoryState
from .registrations import (
    NOMINEE_IDENTITY,
    NomineeAward,
    Registration,
    RegistrationStatus,
    RegistrationYear,
    nominee_key,
)
from .search_words import SearchWord
from .snippets import (
    Award,
    AwardLevel,
    AwardRecipient,
    AwardRule,
    EmulationMovement,
    Field,
    MovementLauncher,
    Unit,
    UnitChange,
    UnitChangeKind,
    UnitType,
)
from .syndication import (
    DeliveryStatus,
    SyndicationDelivery,
    SyndicationEvent,
    SyndicationTarget,
)
from .workflow import OfficeReviewTask

__all__ = [
    "PublishedStoryState",
    "PublicVersion",
    "SearchWord",
    "WITHDRAW_ALL",
    "ConsentMethod",
    "ConsentScope",
    "ConsentWithdrawal",
    "StoryConsent",
    "OfficeReviewTask",
    "STORY_PAGE_MODELS",
    "ExemplarIndexPage",
    "ExemplarPage",
    "NewFactorPage",
    "NewModelPage",
    "StoryAward",
    "StoryPage",
    "Award",
    "AwardLevel",
    "AwardRecipient",
    "AwardRule",
    "UnitChange",
    "UnitChangeKind",
    "EmulationMovement",
    "Field",
    "MovementLauncher",
    "Unit",
    "UnitMembership",
    "UnitType",
    "DeliveryStatus",
    "SyndicationDelivery",
    "SyndicationEvent",
    "SyndicationTarget",
    "NOMINEE_IDENTITY",
    "DutyAlert",
    "NomineeAward",
    "Registration",
    "RegistrationStatus",
    "RegistrationYear",
    "nominee_key",
]
