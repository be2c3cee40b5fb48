"""Bulk loading of a whole grid as received from the centre (or generated as demo data).

Why not ``journal.create_row``: these rows are not local changes. They already exist on the
centre at version 1, so they get ``version = 1`` and no journal (outbox) entries; journalling
them would send tens of thousands of bogus "creates" back on the next sync. And why Core
``insert()`` with executemany lists instead of ORM objects: building 50,000 ORM instances and
flushing them one by one is an order of magnitude slower than one executemany per table.

The caller owns the transaction (``Database.transaction()``): the grid, its roster, its visits
and the search index are committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..domain.entities import Grid, Household, Resident, Visit
from . import search
from .fields import stored_values
from .models import GridRow, HouseholdRow, ResidentRow, VisitRow
from .records import findings_to_json

__all__ = [
    "VillageLike",
    "load_village",
    "row_values_for_grid",
    "row_values_for_household",
    "row_values_for_resident",
    "row_values_for_visit",
]

CENTRE_VERSION = 1
"""Version of rows received from the centre: they exist there, unlike local drafts (0)."""

_CHUNK = 5000  # rows per executemany: bounds peak memory of the parameter lists


class VillageLike(Protocol):
    """Anything shaped like ``services.demo.VillageData`` (storage may not import services)."""

    @property
    def grid(self) -> Grid: ...

    @property
    def households(self) -> Sequence[Household]: ...

    @property
    def residents(self) -> Sequence[Resident]: ...

    @property
    def visits(self) -> Sequence[Visit]: ...


def _codes(values: Iterable[StrEnum]) -> list[str]:
    """A vocabulary set as the sorted list of codes stored in JSON columns (stable diffs).
    ``str()`` of a vocabulary member is its code."""
    return sorted(map(str, values)) if values else []


def row_values_for_grid(grid: Grid, now: datetime) -> dict[str, Any]:
    return {
        "id": grid.id,
        "version": CENTRE_VERSION,
        "created_at": now,
        "updated_at": now,
        **stored_values("grid", grid),
    }


def row_values_for_household(h: Household, now: datetime) -> dict[str, Any]:
    created = h.created_at or now
    return {
        "id": h.id,
        "version": CENTRE_VERSION,
        "created_at": created,
        "updated_at": h.updated_at or created,
        **stored_values("household", h),
    }


def row_values_for_resident(r: Resident, now: datetime) -> dict[str, Any]:
    created = r.created_at or now
    return {
        "id": r.id,
        "version": CENTRE_VERSION,
        "created_at": created,
        "updated_at": r.updated_at or created,
        **stored_values("resident", r),
    }


def row_values_for_visit(v: Visit, now: datetime) -> dict[str, Any]:
    created = v.created_at or v.ended_at or now
    return {
        "id": v.id,
        "version": CENTRE_VERSION,
        "created_at": created,
        "updated_at": created,
        **stored_values("visit", v),
        "findings": findings_to_json(v.findings),
    }


def _insert_all(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _CHUNK):
        session.execute(insert(table), rows[start : start + _CHUNK])


def load_village(session: Session, data: VillageLike, *, now: datetime | None = None) -> None:
    """Insert a grid with its households, residents and visits as rows from the centre.

    ``now`` stamps rows whose snapshot carries no timestamps (default: the current time).
    The grid must not exist yet (its code is unique). Visit photos and amendments are not
    loaded: demo and snapshot data carry none. Afterwards the search index is rebuilt.
    """
    now = now or datetime.now().replace(microsecond=0)
    _insert_all(session, GridRow.__table__, [row_values_for_grid(data.grid, now)])
    _insert_all(
        session, HouseholdRow.__table__, [row_values_for_household(h, now) for h in data.households]
    )
    _insert_all(
        session, ResidentRow.__table__, [row_values_for_resident(r, now) for r in data.residents]
    )
    _insert_all(session, VisitRow.__table__, [row_values_for_visit(v, now) for v in data.visits])
    # Core inserts pass the per-row index upkeep by: one rebuild indexes them all at once.
    search.rebuild(session)
