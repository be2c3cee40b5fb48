"""Read-side queries. Aggregates run in SQL so a 15,000-household list loads in milliseconds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.orm import Session

from ..domain.entities import Grid, Household, Redaction, Resident, Visit
from .journal import PENDING
from .models import (
    AuditEventRow,
    GridRow,
    HouseholdRow,
    JournalEntryRow,
    PhotoRow,
    RedactionRow,
    ResidentRow,
    VisitAmendmentRow,
    VisitPhotoRow,
    VisitRow,
)
from .records import grid_from_row, household_from_row, resident_from_row, visit_from_row


@dataclass(frozen=True, slots=True)
class HouseholdListRow:
    """One line of the household list, before due dates are worked out."""

    id: str
    grid_id: str
    group_name: str
    door_number: str
    address_detail: str
    status: str
    tags: tuple[str, ...]
    head_name: str
    member_count: int
    care_categories: tuple[str, ...]
    created_at: datetime
    last_visit: datetime | None
    pending: bool


# Correlated subqueries over indexed columns: measured 2.5x faster than CTEs joined with
# automatic indexes at 15,000 households. Order is the view's business.
_LIST_SQL = text(
    """
    SELECT h.id, h.grid_id, h.group_name, h.door_number, h.address_detail, h.status, h.tags,
      coalesce((SELECT name FROM residents WHERE id = h.head_resident_id), ''),
      (SELECT count(*) FROM residents r WHERE r.household_id = h.id AND r.status = 'active'),
      (SELECT group_concat(DISTINCT j.value) FROM residents r, json_each(r.care_categories) j
         WHERE r.household_id = h.id AND r.status = 'active' AND r.care_categories != '[]'),
      h.created_at,
      (SELECT max(started_at) FROM visits v WHERE v.household_id = h.id)
    FROM households h
    WHERE (:grid_id IS NULL OR h.grid_id = :grid_id)
    """
)

# Households with any change not yet accepted by the server: to the household itself, one of
# its residents, or one of its visits. Costs in proportion to the outbox, not the roster.
_PENDING_HOUSEHOLDS_SQL = text(
    """
    SELECT DISTINCT coalesce(h.id, r.household_id, v.household_id, v2.household_id)
    FROM journal j
    LEFT JOIN households h ON h.id = j.row_id
    LEFT JOIN residents r ON r.id = j.row_id
    LEFT JOIN visits v ON v.id = j.row_id
    LEFT JOIN visit_amendments a ON a.id = j.row_id
    LEFT JOIN visits v2 ON v2.id = a.visit_id
    WHERE j.state = 'pending'
    """
)


def pending_household_ids(session: Session) -> set[str]:
    return {r[0] for r in session.execute(_PENDING_HOUSEHOLDS_SQL) if r[0]}


def _dt(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def household_list(session: Session, grid_id: str | None = None) -> list[HouseholdListRow]:
    import json

    rows = session.execute(_LIST_SQL, {"grid_id": grid_id}).all()
    pending = pending_household_ids(session)
    out = []
    for r in rows:
        out.append(
            HouseholdListRow(
                id=r[0],
                grid_id=r[1],
                group_name=r[2],
                door_number=r[3],
                address_detail=r[4],
                status=r[5],
                tags=tuple(json.loads(r[6]) if r[6] else ()),
                head_name=r[7],
                member_count=r[8],
                care_categories=tuple(r[9].split(",")) if r[9] else (),
                created_at=_dt(r[10]),  # type: ignore[arg-type]
                last_visit=_dt(r[11]),
                pending=r[0] in pending,
            )
        )
    return out


def grids(session: Session) -> list[Grid]:
    return [grid_from_row(g) for g in session.scalars(select(GridRow).order_by(GridRow.code))]


def household(session: Session, household_id: str) -> Household | None:
    row = session.get(HouseholdRow, household_id)
    return household_from_row(row) if row else None


def residents_of(session: Session, household_id: str) -> list[Resident]:
    rows = session.scalars(
        select(ResidentRow)
        .where(ResidentRow.household_id == household_id)
        .order_by(ResidentRow.status != "active", ResidentRow.relation != "head", ResidentRow.id)
    )
    return [resident_from_row(r) for r in rows]


def resident(session: Session, resident_id: str) -> Resident | None:
    row = session.get(ResidentRow, resident_id)
    return resident_from_row(row) if row else None


def visits_of(session: Session, household_id: str, limit: int | None = None) -> list[Visit]:
    """Visits newest first, amendments applied, photos attached (three queries, not N+1)."""
    query = (
        select(VisitRow)
        .where(VisitRow.household_id == household_id)
        .order_by(VisitRow.started_at.desc())
    )
    if limit:
        query = query.limit(limit)
    rows = list(session.scalars(query))
    return _assemble_visits(session, rows)


def visit(session: Session, visit_id: str) -> Visit | None:
    row = session.get(VisitRow, visit_id)
    return _assemble_visits(session, [row])[0] if row else None


def visits_between(
    session: Session, start: datetime, end: datetime, *, visitor: str | None = None
) -> list[Visit]:
    """Visits started in ``[start, end)`` (by ``visitor`` only, if given), newest first,
    amendments applied."""
    query = select(VisitRow).where(VisitRow.started_at >= start, VisitRow.started_at < end)
    if visitor is not None:
        query = query.where(VisitRow.visitor == visitor)
    rows = list(session.scalars(query.order_by(VisitRow.started_at.desc(), VisitRow.id)))
    return _assemble_visits(session, rows)


def visits_with_follow_up(session: Session) -> list[Visit]:
    """Visits whose follow-up date is set, as logged or by an amendment (amendments applied;
    an amendment may also have cleared it: callers read ``Visit.follow_up_date``)."""
    amended = select(VisitAmendmentRow.visit_id)
    rows = list(
        session.scalars(
            select(VisitRow).where(
                (VisitRow.follow_up_date.is_not(None)) | VisitRow.id.in_(amended)
            )
        )
    )
    return [v for v in _assemble_visits(session, rows) if v.follow_up_date is not None]


def visit_versions(session: Session, visit_id: str) -> list[Visit]:
    """The visit as logged, then as it stood after each amendment (oldest first): the last
    is what ``visit`` returns. Empty when there is no such visit."""
    row = session.get(VisitRow, visit_id)
    if row is None:
        return []
    photos, amendments = _visit_parts(session, [visit_id])
    ordered = sorted(amendments[visit_id], key=lambda a: (a.created_at, a.id))
    return [
        visit_from_row(row, photos[visit_id], ordered[:count])
        for count in range(len(ordered) + 1)
    ]


def _visit_parts(
    session: Session, ids: list[str]
) -> tuple[dict[str, list[PhotoRow]], dict[str, list[VisitAmendmentRow]]]:
    photos: dict[str, list[PhotoRow]] = {i: [] for i in ids}
    amendments: dict[str, list[VisitAmendmentRow]] = {i: [] for i in ids}
    if ids:
        for link, photo in session.execute(
            select(VisitPhotoRow, PhotoRow)
            .join(PhotoRow, PhotoRow.sha256 == VisitPhotoRow.sha256)
            .where(VisitPhotoRow.visit_id.in_(ids))
            .order_by(VisitPhotoRow.position)
        ):
            photos[link.visit_id].append(photo)
        for a in session.scalars(
            select(VisitAmendmentRow).where(VisitAmendmentRow.visit_id.in_(ids))
        ):
            amendments[a.visit_id].append(a)
    return photos, amendments


def _assemble_visits(session: Session, rows: list[VisitRow]) -> list[Visit]:
    photos, amendments = _visit_parts(session, [r.id for r in rows])
    return [visit_from_row(r, photos[r.id], amendments[r.id]) for r in rows]


def last_visit_at(session: Session, household_id: str) -> datetime | None:
    return session.scalar(
        select(func.max(VisitRow.started_at)).where(VisitRow.household_id == household_id)
    )


def count_rows(session: Session) -> dict[str, int]:
    def n(model: type, *where: ColumnElement[bool]) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    return {
        "grids": n(GridRow),
        "households": n(HouseholdRow),
        "residents": n(ResidentRow, ResidentRow.status == "active"),
        "residents_total": n(ResidentRow),
        "visits": n(VisitRow),
        "photos": n(PhotoRow),
        "pending_changes": n(JournalEntryRow, JournalEntryRow.state == PENDING),
        "audit_events": n(AuditEventRow),
    }


def citizen_id_owner(
    session: Session, citizen_id: str, *, exclude: str | None = None
) -> str | None:
    """Id of another resident (not moved out or deceased) holding ``citizen_id``."""
    query = select(ResidentRow.id).where(
        ResidentRow.citizen_id == citizen_id, ResidentRow.status == "active"
    )
    if exclude:
        query = query.where(ResidentRow.id != exclude)
    return session.scalar(query.limit(1))


def photo_hashes(session: Session) -> set[str]:
    return set(session.scalars(select(PhotoRow.sha256)))


def redactions_of(session: Session, household_id: str) -> list[Redaction]:
    """Visits and amendments of the household the centre redacted, newest first."""
    rows = session.scalars(
        select(RedactionRow).where(RedactionRow.household_id == household_id)
        .order_by(RedactionRow.redacted_at.desc())
    )
    return [Redaction(r.entity, r.row_id, r.visit_id, r.reason, r.redacted_at) for r in rows]
