"""Conversions between stored rows and the domain's immutable snapshots.

Vocabulary codes are read with :func:`~gridworker.domain.codes.read_code`: a code the client
does not know (or a blank one) reads as itself instead of failing the household.
"""

from __future__ import annotations

from typing import Any

from ..domain.codes import read_code, read_codes
from ..domain.entities import (
    Finding,
    Grid,
    Household,
    PhotoRef,
    Resident,
    Visit,
    VisitAmendment,
)
from ..domain.vocab import (
    CareCategory,
    DwellingType,
    Ethnicity,
    FindingKind,
    HouseholdStatus,
    HouseholdTag,
    ManagementCategory,
    PopulationType,
    Relation,
    ResidenceStatus,
    ResidentStatus,
    Sex,
    VisitType,
)
from .journal import wire_value
from .models import GridRow, HouseholdRow, PhotoRow, ResidentRow, VisitAmendmentRow, VisitRow


def grid_from_row(row: GridRow) -> Grid:
    return Grid(
        id=row.id,
        code=row.code,
        name=row.name,
        village=row.village,
        township=row.township,
        county=row.county,
        version=row.version,
    )


def household_from_row(row: HouseholdRow) -> Household:
    return Household(
        id=row.id,
        grid_id=row.grid_id,
        group_name=row.group_name,
        door_number=row.door_number,
        address_detail=row.address_detail,
        dwelling_type=read_code(DwellingType, row.dwelling_type),
        head_resident_id=row.head_resident_id,
        phone=row.phone,
        tags=read_codes(HouseholdTag, row.tags),
        latitude=row.latitude,
        longitude=row.longitude,
        status=read_code(HouseholdStatus, row.status),
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def resident_from_row(row: ResidentRow) -> Resident:
    return Resident(
        id=row.id,
        household_id=row.household_id,
        name=row.name,
        former_name=row.former_name,
        sex=read_code(Sex, row.sex),
        ethnicity=read_code(Ethnicity, row.ethnicity),
        citizen_id=row.citizen_id,
        birth_date=row.birth_date,
        phone=row.phone,
        relation=read_code(Relation, row.relation),
        population_type=read_code(PopulationType, row.population_type),
        residence_status=read_code(ResidenceStatus, row.residence_status),
        care_categories=read_codes(CareCategory, row.care_categories),
        management_categories=read_codes(ManagementCategory, row.management_categories),
        status=read_code(ResidentStatus, row.status),
        note=row.note,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def photo_from_row(row: PhotoRow) -> PhotoRef:
    return PhotoRef(
        sha256=row.sha256,
        width=row.width,
        height=row.height,
        size_bytes=row.size_bytes,
        captured_at=row.captured_at,
    )


def findings_from_json(items: list[Any] | None) -> tuple[Finding, ...]:
    return tuple(
        Finding(read_code(FindingKind, i.get("kind")), i.get("text", "")) for i in items or ()
    )


def findings_to_json(findings: tuple[Finding, ...] | list[Finding]) -> list[dict[str, str]]:
    return [{"kind": f.kind.value, "text": f.text} for f in findings]


def amendment_from_row(row: VisitAmendmentRow) -> VisitAmendment:
    return VisitAmendment(
        id=row.id,
        visit_id=row.visit_id,
        author=row.author,
        created_at=row.created_at,
        reason=row.reason,
        changes=dict(row.changes or {}),
    )


def visit_from_row(
    row: VisitRow, photos: list[PhotoRow], amendments: list[VisitAmendmentRow]
) -> Visit:
    """The visit as logged, with amendments (oldest first) applied on top."""
    values: dict[str, Any] = {
        "summary": row.summary,
        "people_met": row.people_met,
        "findings": findings_from_json(row.findings),
        "resolved_on_spot": row.resolved_on_spot,
        "follow_up_date": row.follow_up_date,
        "visit_type": read_code(VisitType, row.visit_type),
        "ended_at": row.ended_at,
    }
    ordered = sorted(amendments, key=lambda a: (a.created_at, a.id))
    for amendment in ordered:
        for name, value in (amendment.changes or {}).items():
            values[name] = _amended_value(name, value)
    return Visit(
        id=row.id,
        household_id=row.household_id,
        visitor=row.visitor,
        started_at=row.started_at,
        photos=tuple(photo_from_row(p) for p in photos),
        amendments=tuple(amendment_from_row(a) for a in ordered),
        version=row.version,
        created_at=row.created_at,
        **values,
    )


def _amended_value(name: str, value: Any) -> Any:
    from datetime import date, datetime

    if name == "findings":
        return findings_from_json(value)
    if name == "visit_type":
        return read_code(VisitType, value)
    if name == "follow_up_date" and value:
        return date.fromisoformat(value)
    if name == "ended_at" and value:
        return datetime.fromisoformat(value)
    return value


def amendment_changes(values: dict[str, Any]) -> dict[str, Any]:
    """JSON form of amended visit fields (findings as objects, dates as ISO text)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        out[name] = findings_to_json(value) if name == "findings" else wire_value(value)
    return out
