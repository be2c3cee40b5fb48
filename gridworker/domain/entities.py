"""Entity snapshots: plain, immutable values handed to services, the UI and scripts.

They never hold a database session; storage converts rows into these and back. A vocabulary
field holds the vocabulary member, or an :class:`~.codes.UnknownCode` for a code this client
does not know (read from the centre: shown as the code itself, written back unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .codes import NOT_RECORDED, UnknownCode
from .vocab import (
    CareCategory,
    DwellingType,
    Education,
    Ethnicity,
    FindingKind,
    HouseholdStatus,
    HouseholdTag,
    ManagementCategory,
    PopulationType,
    Relation,
    ResidenceStatus,
    ResidentStatus,
    Role,
    Sex,
    VisitType,
)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who performs a use case: recorded on journal entries, visits and audit events."""

    username: str
    display_name: str
    role: Role


@dataclass(frozen=True, slots=True)
class Grid:
    id: str
    code: str
    name: str
    village: str = ""
    township: str = ""
    county: str = ""
    version: int = 0


@dataclass(frozen=True, slots=True)
class Household:
    id: str
    grid_id: str
    group_name: str = ""
    door_number: str = ""
    address_detail: str = ""
    dwelling_type: DwellingType | UnknownCode = DwellingType.OWNER_OCCUPIED
    head_resident_id: str | None = None
    phone: str = ""
    tags: frozenset[HouseholdTag | UnknownCode] = frozenset()
    latitude: float | None = None
    longitude: float | None = None
    status: HouseholdStatus | UnknownCode = HouseholdStatus.ACTIVE
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def address(self) -> str:
        parts = [p for p in (self.group_name, self.door_number, self.address_detail) if p]
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Resident:
    id: str
    household_id: str
    name: str
    sex: Sex | UnknownCode = Sex.UNKNOWN
    former_name: str = ""
    ethnicity: Ethnicity | UnknownCode = Ethnicity.HAN
    citizen_id: str = ""
    birth_date: date | None = None
    phone: str = ""
    relation: Relation | UnknownCode = Relation.OTHER
    population_type: PopulationType | UnknownCode = PopulationType.REGISTERED
    residence_status: ResidenceStatus | UnknownCode = ResidenceStatus.CONSISTENT
    education: Education | UnknownCode = NOT_RECORDED
    care_categories: frozenset[CareCategory | UnknownCode] = frozenset()
    management_categories: frozenset[ManagementCategory | UnknownCode] = frozenset()
    status: ResidentStatus | UnknownCode = ResidentStatus.ACTIVE
    note: str = ""
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind | UnknownCode
    text: str = ""


@dataclass(frozen=True, slots=True)
class PhotoRef:
    sha256: str
    width: int
    height: int
    size_bytes: int
    captured_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class VisitAmendment:
    """A correction to a visit: the original stays, this records who, when, why and what."""

    id: str
    visit_id: str
    author: str
    created_at: datetime
    reason: str
    changes: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Redaction:
    """A visit (or an amendment) the centre's administrator redacted: only this remains."""

    entity: str
    """``visit`` or ``visit_amendment``."""
    row_id: str
    visit_id: str | None
    """For an amendment: the visit it corrected (which may still be there)."""
    reason: str
    redacted_at: str
    """Aware ISO time as the centre sent it."""


@dataclass(frozen=True, slots=True)
class Visit:
    """A visit 走访 as logged, with its amendments applied on top (see ``amendments``)."""

    id: str
    household_id: str
    visitor: str
    visit_type: VisitType | UnknownCode
    started_at: datetime
    summary: str
    ended_at: datetime | None = None
    people_met: str = ""
    findings: tuple[Finding, ...] = ()
    resolved_on_spot: bool = True
    follow_up_date: date | None = None
    photos: tuple[PhotoRef, ...] = ()
    amendments: tuple[VisitAmendment, ...] = ()
    version: int = 0
    created_at: datetime | None = None
