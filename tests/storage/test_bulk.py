"""Bulk loading stores rows as received from the centre: version 1, nothing in the outbox."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from gridworker.services.demo import VillageData, generate_village
from gridworker.storage.bulk import load_village
from gridworker.storage.database import Database
from gridworker.storage.models import (
    GridRow,
    HouseholdRow,
    JournalEntryRow,
    ResidentRow,
    VisitRow,
)
from gridworker.storage.records import (
    grid_from_row,
    household_from_row,
    resident_from_row,
    visit_from_row,
)

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 8, 0)


@pytest.fixture
def db(tmp_path: Path):
    database = Database(tmp_path / "w.sqlite3")
    yield database
    database.close()


@pytest.fixture(scope="module")
def village() -> VillageData:
    return generate_village(households=150, seed=7, today=TODAY)


def test_counts_versions_and_no_journal(db: Database, village: VillageData) -> None:
    with db.transaction() as s:
        load_village(s, village, now=NOW)
    with db.reading() as s:
        for model, expected in (
            (GridRow, 1),
            (HouseholdRow, len(village.households)),
            (ResidentRow, len(village.residents)),
            (VisitRow, len(village.visits)),
        ):
            assert s.scalar(select(func.count()).select_from(model)) == expected
            versions = s.scalars(select(model.version).distinct()).all()
            assert versions == [1]
            assert s.scalar(select(func.count()).where(model.created_at.is_(None))) == 0
            assert s.scalar(select(func.count()).where(model.updated_at.is_(None))) == 0
        assert s.scalar(select(func.count()).select_from(JournalEntryRow)) == 0


def test_rows_read_back_as_the_same_entities(db: Database, village: VillageData) -> None:
    with db.transaction() as s:
        load_village(s, village, now=NOW)
    with db.reading() as s:
        assert grid_from_row(s.get(GridRow, village.grid.id)) == village.grid
        for h in village.households[:40]:
            assert household_from_row(s.get(HouseholdRow, h.id)) == h
        residents = {r.id: r for r in village.residents}
        for row in s.scalars(select(ResidentRow)):
            assert resident_from_row(row) == residents[row.id]
        visits = {v.id: v for v in village.visits}
        for row in s.scalars(select(VisitRow)):
            assert visit_from_row(row, [], []) == visits[row.id]
        # Vocabulary sets are stored as sorted lists of codes.
        raw = s.execute(text("SELECT care_categories FROM residents")).scalars().all()
        assert any(value not in ("[]", None) for value in raw)


def test_search_index_is_rebuilt(db: Database, village: VillageData) -> None:
    with db.transaction() as s:
        load_village(s, village, now=NOW)
    with db.reading() as s:
        entries = s.execute(text("SELECT count(*) FROM search_index")).scalar()
    assert entries == len(village.residents) + len(village.households)


def test_empty_village_loads_its_grid(db: Database) -> None:
    data = generate_village(households=0, today=TODAY)
    with db.transaction() as s:
        load_village(s, data)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(GridRow)) == 1
        assert s.scalar(select(func.count()).select_from(HouseholdRow)) == 0


def test_a_failed_load_leaves_nothing_behind(db: Database, village: VillageData) -> None:
    with db.transaction() as s:
        load_village(s, village, now=NOW)
    with pytest.raises(IntegrityError), db.transaction() as s:
        load_village(s, village, now=NOW)  # same grid code and ids again
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(HouseholdRow)) == len(village.households)
