"""The whole index rebuilt from the tables: after bulk loads and large syncs.

Drop and re-create, tokens built in Python (before taking the write lock when it can), one
executemany, one segment; see docs/search.md, "Rebuilding".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from .index import (
    HOUSEHOLDS_SQL,
    INSERT,
    RESIDENTS_SQL,
    STALE_KEY,
    Entry,
    Household,
    Resident,
    dbapi,
    household_entry,
    resident_entry,
)

_SET_HASHSIZE = "INSERT INTO search_index(search_index, rank) VALUES ('hashsize', ?)"
_BULK_HASHSIZE = 64 * 1024 * 1024
_DEFAULT_HASHSIZE = 1024 * 1024
"""FTS5's own default for 'hashsize'."""

# How many entries are tokenized between two ``progress`` calls of ``rebuild``.
_PROGRESS_EVERY = 2000


# Entries already built, by the row values they were built from: (household entries keyed by
# the household row, resident entries keyed by (resident row, household row)).
_Built = tuple[dict[tuple[Any, ...], Entry], dict[tuple[Any, ...], Entry]]


def build_entries(
    cur: Any, built: _Built, progress: Callable[[int, int], None] | None
) -> list[Entry]:
    """Every entry, from the tables as ``cur`` sees them, reusing those in ``built``.

    Each household is followed by its residents (queries stop after n rows in rowid order,
    and a household arriving with its residents is what lets ranking drop its entry)."""
    by_household, by_resident = built
    members: dict[str, list[tuple[Any, ...]]] = {}
    residents = cur.execute(RESIDENTS_SQL).fetchall()
    for row in residents:
        members.setdefault(row[1], []).append(row)
    households = cur.execute(HOUSEHOLDS_SQL).fetchall()
    total = len(households) + len(residents)
    if progress is not None:
        progress(0, total)
    entries: list[Entry] = []
    reported = 0
    for row in households:
        household = Household(*row[:-1])
        entry = by_household.get(row)
        if entry is None:
            entry = by_household[row] = household_entry(household, row[-1] or "")
        entries.append(entry)
        place = row[:-1]
        for r in members.get(household.id, ()):
            entry = by_resident.get((r, place))
            if entry is None:
                entry = by_resident[(r, place)] = resident_entry(Resident(*r), household)
            entries.append(entry)
        if progress is not None and len(entries) - reported >= _PROGRESS_EVERY:
            reported = len(entries)
            progress(min(reported, total - 1), total)
    return entries


def rebuild(session: Session, *, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index from the tables; returns the number of entries written.

    The stale marker (see ``mark_stale``) goes in the same transaction. When the session has
    not written yet, tokens are built before taking the write lock (``BEGIN IMMEDIATE``) and
    rebuilt only if another connection committed meanwhile (``PRAGMA data_version``).

    ``progress(done, total)`` is called every few thousand entries tokenized and once at the
    end; an exception it raises (a cancel) aborts the rebuild before anything was dropped.
    """
    session.flush()
    conn = dbapi(session)
    built: _Built = ({}, {})
    cur = conn.cursor()
    if conn.in_transaction:
        entries = build_entries(cur, built, progress)
    else:  # begin explicitly: sqlite3 would autocommit the DROP on its own
        (version,) = cur.execute("PRAGMA data_version").fetchone()
        entries = build_entries(cur, built, progress)
        conn.execute("BEGIN IMMEDIATE")
        if cur.execute("PRAGMA data_version").fetchone() != (version,):
            entries = build_entries(cur, built, None)  # another connection wrote meanwhile
    (definition,) = cur.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_index'"
    ).fetchone()
    cur.execute("DROP TABLE search_index")
    cur.execute(definition)
    # A big 'hashsize' while loading: few segments, little merging. Set back afterwards:
    # everyday updates flush small.
    cur.execute(_SET_HASHSIZE, (_BULK_HASHSIZE,))
    cur.executemany(INSERT, entries)
    cur.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
    cur.execute(_SET_HASHSIZE, (_DEFAULT_HASHSIZE,))
    cur.execute("DELETE FROM settings WHERE key = ?", (STALE_KEY,))
    if progress is not None:
        total = len(entries)
        progress(total, total)
    return len(entries)
