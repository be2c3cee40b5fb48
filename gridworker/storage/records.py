"""Conversions between stored rows and the domain's immutable snapshots.

Vocabulary codes are read with :func:`~gridworker.domain.codes.read_code`: a code the client
does not know (or a blank one) reads as itself instead of failing the household.
"""

from __future__ import annotations

from typing import Any

from gridrules.schema import AMENDABLE_VISIT_FIELDS, ENTITIES, Kind

from ..domain.codes import read_code
from ..domain.entities import (
    Finding,
    Grid,
    Household,
    PhotoRef,
    Resident,
    Visit,
    VisitAmendment,
)
from ..domain.vocab import FindingKind
from .fields import snapshot_values
from .journal import wire_value
from .models import GridRow, HouseholdRow, PhotoRow, ResidentRow, VisitAmendmentRow, VisitRow


def grid_from_row(row: GridRow) -> Grid:
    return Grid(id=row.id, version=row.version, **snapshot_values("grid", row))


def household_from_row(row: HouseholdRow) -> Household:
    return Household(
        id=row.id,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        **snapshot_values("household", row),
    )


def resident_from_row(row: ResidentRow) -> Resident:
    return Resident(
        id=row.id,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        **snapshot_values("resident", row),
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
    values = snapshot_values("visit", row, AMENDABLE_VISIT_FIELDS)
    values["findings"] = findings_from_json(row.findings)
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
    """An amendment's wire value of a visit field as the snapshot holds it."""
    from datetime import date, datetime

    if name == "findings":
        return findings_from_json(value)
    spec = ENTITIES["visit"].fields[name]
    if spec.vocab is not None:
        return read_code(spec.vocab, value)
    if value and spec.kind is Kind.DATE:
        return date.fromisoformat(value)
    if value and spec.kind is Kind.DATETIME:
        return datetime.fromisoformat(value)
    return value


def amendment_changes(values: dict[str, Any]) -> dict[str, Any]:
    """JSON form of amended visit fields (findings as objects, dates as ISO text)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        out[name] = findings_to_json(value) if name == "findings" else wire_value(value)
    return out
