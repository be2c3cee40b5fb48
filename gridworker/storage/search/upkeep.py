"""Keeping the search index in step with the rows: the one place that decides which entries
follow a write of a resident or household row, in the transaction that writes it. No service
touches the index (see docs/search.md, "Keeping the index in step: one place").

- ORM writes (every service): :func:`keep_in_step`, installed on the workspace's sessions by
  ``Database``, rewrites after each flush the entries of the resident and household rows it
  created, changed (indexed values only) or deleted, in one bulk step.
- Bulk writes without the ORM (a pull page's ``executemany``): the writer calls
  :func:`rows_written` / :func:`rows_removed` with the ids, which keeps the work in bulk.
- Bulk loads and large syncs: ``rebuild`` once afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from ..models import HouseholdRow, ResidentRow
from .index import HOUSEHOLD_VALUES, RESIDENT_VALUES, dbapi, remove_entries, update_entries

_RESIDENT_FIELDS = (*RESIDENT_VALUES, "household_id")
"""A resident's columns whose change changes an entry (its status is read live by a search)."""
_HOUSEHOLD_FIELDS = (*HOUSEHOLD_VALUES, "head_resident_id")


def keep_in_step(sessions: sessionmaker[Session]) -> None:
    """Keep the index in step with every flush of sessions made by ``sessions``."""
    event.listen(sessions, "after_flush", _after_flush)


def _changed(row: Any, fields: Iterable[str]) -> bool:
    attrs = inspect(row).attrs
    return any(attrs[name].history.has_changes() for name in fields)


def _homes(row: ResidentRow) -> set[str]:
    """The households a resident lives in now and lived in before this flush."""
    before = inspect(row).attrs.household_id.history.deleted or ()
    return {row.household_id, *before}


def _after_flush(session: Session, _context: Any) -> None:
    """The rows just flushed (still listed as new, dirty and deleted here, with their
    attribute history): their entries follow, in the flush's transaction.

    A changed resident's name is also in the own entry of the household they head, which
    is looked for among their own households (before and after the flush), by primary key:
    the households table has no index on the head, and a scan of it would cost more than
    the rest of a save. (A head living elsewhere, which only a centre's data can make, is
    caught up by the next rebuild.)"""
    households: set[str] = set()
    residents: set[str] = set()
    fresh: set[str] = set()
    homes: set[str] = set()
    for row in session.new:
        if isinstance(row, HouseholdRow):
            households.add(row.id)
        elif isinstance(row, ResidentRow):
            residents.add(row.id)
            homes |= _homes(row)
        else:
            continue
        fresh.add(row.id)
    for row in session.dirty:
        if isinstance(row, HouseholdRow) and _changed(row, _HOUSEHOLD_FIELDS):
            households.add(row.id)
        elif isinstance(row, ResidentRow) and _changed(row, _RESIDENT_FIELDS):
            residents.add(row.id)
            homes |= _homes(row)
    gone_households = {r.id for r in session.deleted if isinstance(r, HouseholdRow)}
    gone = [r for r in session.deleted if isinstance(r, ResidentRow)]
    gone_residents = {r.id for r in gone}
    if not (households or residents or gone_households or gone_residents):
        return
    cur = dbapi(session).cursor()
    if gone_households or gone_residents:
        among: set[str] = set().union(*(_homes(r) for r in gone))
        remove_entries(
            cur, households=gone_households, residents=gone_residents, heads_among=among
        )
    if households or residents:
        update_entries(
            cur,
            households=households - gone_households,
            residents=residents - gone_residents,
            fresh=fresh,
            heads_among=homes,
        )


def rows_written(
    session: Session,
    *,
    households: Iterable[str] = (),
    residents: Iterable[str] = (),
    fresh: set[str] | frozenset[str] = frozenset(),
) -> int:
    """Resident and household rows written without the ORM (inserted or updated in bulk):
    their entries follow, in bulk. ``fresh``: the ids among them this transaction inserted
    (they have no entry yet: a first sync only appends). Returns the entries written."""
    session.flush()
    return update_entries(
        dbapi(session).cursor(), households=households, residents=residents, fresh=fresh
    )


def rows_removed(
    session: Session, *, households: Iterable[str] = (), residents: Iterable[str] = ()
) -> None:
    """Resident and household rows deleted without the ORM: their entries go (a household's
    take its residents' with them)."""
    remove_entries(dbapi(session).cursor(), households=households, residents=residents)
