"""The entries of ``search_index``: what one row's entry holds, bringing many rows' entries in
step at once, and the stale marker that says the index may lack rows.

Which writes call these is decided in one place, :mod:`.upkeep`; see docs/search.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from .tokens import key, tokens_for_household, tokens_for_resident

RESIDENT = "resident"
HOUSEHOLD = "household"
STALE_KEY = "search.index_stale"
"""Settings key present while the index may lack rows (a large sync wrote them without it)."""


def dbapi(session: Session) -> Any:
    """The sqlite3 connection under the session, inside the session's transaction.

    Used for executemany and on the hot search path, where SQLAlchemy's per-row overhead
    would be a measurable share of the 20 ms budget.
    """
    return session.connection().connection.driver_connection


INSERT = (
    "INSERT INTO search_index(head, tail, ref, kind, ref_id, household_id) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
Entry = tuple[str, str, str, str, str, str]


@dataclass(slots=True)
class Household:
    id: str
    door_number: str
    group_name: str
    address_detail: str
    phone: str


@dataclass(slots=True)
class Resident:
    id: str
    household_id: str
    name: str
    former_name: str
    citizen_id: str
    phone: str


RESIDENT_VALUES = ("name", "former_name", "citizen_id", "phone")
"""A resident's own values its entry is made of (with its household's door number and group)."""
HOUSEHOLD_VALUES = ("door_number", "group_name", "address_detail", "phone")
"""A household's values its entry is made of (with its head's name); door number and group
are in its residents' entries too."""

HOUSEHOLDS_SQL = (
    f"SELECT h.id, {', '.join('h.' + c for c in HOUSEHOLD_VALUES)}, hr.name "
    "FROM households h LEFT JOIN residents hr ON hr.id = h.head_resident_id"
)
"""A household's indexed values and its head's name (last)."""
RESIDENTS_SQL = f"SELECT id, household_id, {', '.join(RESIDENT_VALUES)} FROM residents"


def resident_entry(resident: Resident, household: Household) -> Entry:
    head, tail = tokens_for_resident(
        name=resident.name or "",
        former_name=resident.former_name or "",
        citizen_id=resident.citizen_id or "",
        phone=resident.phone or "",
        door_number=household.door_number or "",
        group_name=household.group_name or "",
    )
    ref = f"{key('r', resident.id)} {key('h', household.id)}"
    return head, tail, ref, RESIDENT, resident.id, household.id


def household_entry(household: Household, head_name: str) -> Entry:
    head, tail = tokens_for_household(
        door_number=household.door_number or "",
        group_name=household.group_name or "",
        address_detail=household.address_detail or "",
        phone=household.phone or "",
        head_name=head_name,
    )
    ref = f"{key('r', household.id)} {key('h', household.id)}"
    return head, tail, ref, HOUSEHOLD, household.id, household.id


def _delete_keys(cur: Any, keys: Iterable[str]) -> None:
    """Delete the entries carrying any of ``keys`` in their ``ref`` column."""
    rowids: set[int] = set()
    for k in keys:
        found = cur.execute(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?", (f'{{ref}} : "{k}"',)
        )
        rowids.update(r[0] for r in found)
    cur.executemany("DELETE FROM search_index WHERE rowid = ?", [(r,) for r in sorted(rowids)])


def _json_ids(ids: Iterable[str]) -> str:
    return json.dumps(sorted(ids))


def _headed(
    cur: Any, residents: set[str], among: Iterable[str] | None
) -> list[tuple[Any, ...]]:
    """The rows (``HOUSEHOLDS_SQL``) of the households that ``residents`` head, looked for
    ``among`` these households, or in all of them (a scan: head_resident_id has no index)."""
    where = " WHERE h.head_resident_id IN (SELECT value FROM json_each(?))"
    params = [_json_ids(residents)]
    if among is not None:
        where += " AND h.id IN (SELECT value FROM json_each(?))"
        params.append(_json_ids(among))
    return cur.execute(HOUSEHOLDS_SQL + where, params).fetchall()


def update_entries(
    cur: Any,
    *,
    households: Iterable[str] = (),
    residents: Iterable[str] = (),
    fresh: set[str] | frozenset[str] = frozenset(),
    heads_among: Iterable[str] | None = None,
) -> int:
    """Bring the entries of many rows in step with the tables as ``cur`` sees them, in bulk.

    ``households``: re-index each with all its residents (door number, group or head may have
    changed). ``residents``: re-index just them (their household's head entry too when they
    head it). ``fresh``: ids known to have no entry yet (rows this transaction inserted), whose
    old entries need no lookup: a first sync of 100,000 rows only appends. ``heads_among``:
    the only households ``residents`` may head (else all are looked through). A row that is
    no longer there loses its entries. Returns the number of entries written.
    """
    household_ids = set(households)
    resident_ids = set(residents)
    headed: set[str] = set()
    if resident_ids:
        # A resident who heads a household not being re-indexed: the household's own entry
        # shows the head's name, so that one entry is rewritten too.
        headed = {row[0] for row in _headed(cur, resident_ids, heads_among)} - household_ids
    members: dict[str, list[Resident]] = {}
    if household_ids:
        for row in cur.execute(
            f"{RESIDENTS_SQL} WHERE household_id IN (SELECT value FROM json_each(?))",
            (_json_ids(household_ids),),
        ).fetchall():
            members.setdefault(row[1], []).append(Resident(*row))
    households_found: list[tuple[Household, str, bool]] = []
    if household_ids or headed:
        for row in cur.execute(
            f"{HOUSEHOLDS_SQL} WHERE h.id IN (SELECT value FROM json_each(?))",
            (_json_ids(household_ids | headed),),
        ).fetchall():
            households_found.append((Household(*row[:-1]), row[-1] or "", row[0] in headed))
    alone = resident_ids - {r.id for rs in members.values() for r in rs}
    rows = []
    if alone:
        rows = cur.execute(
            f"{RESIDENTS_SQL} WHERE id IN (SELECT value FROM json_each(?))",
            (_json_ids(alone),),
        ).fetchall()
    # Old entries (fresh rows have none): everything filed under a re-indexed household (its
    # own entry and its residents', all carrying its h-key); the own entry (r-key) of a
    # household whose head changed; each changed resident's own entry, wherever it was filed
    # (it may have moved from another household).
    stale = [key("h", h) for h in household_ids if h not in fresh]
    stale += [key("r", h) for h in headed if h not in fresh]
    stale += [key("r", r) for r in resident_ids if r not in fresh]
    if stale:
        _delete_keys(cur, stale)
    entries: list[Entry] = []
    by_household: dict[str, Household] = {}
    for household, head_name, own_entry_only in households_found:
        by_household[household.id] = household
        entries.append(household_entry(household, head_name))
        if not own_entry_only:
            entries += [resident_entry(r, household) for r in members.get(household.id, ())]
    need = {row[1] for row in rows if row[1] not in by_household}
    if need:
        for row in cur.execute(
            f"{HOUSEHOLDS_SQL} WHERE h.id IN (SELECT value FROM json_each(?))",
            (_json_ids(need),),
        ).fetchall():
            by_household[row[0]] = Household(*row[:-1])
    for row in rows:
        home = by_household.get(row[1])
        if home is not None:
            entries.append(resident_entry(Resident(*row), home))
    if entries:
        cur.executemany(INSERT, entries)
    return len(entries)


def remove_entries(
    cur: Any,
    *,
    households: Iterable[str] = (),
    residents: Iterable[str] = (),
    heads_among: Iterable[str] | None = None,
) -> None:
    """Delete the entries of removed rows (a household's covers its residents' too).

    A household one of the removed residents headed keeps its own entry, without the head's
    name (as a rebuild writes it while the household still names a head who is gone).
    ``heads_among`` as for :func:`update_entries`."""
    household_ids = set(households)
    resident_ids = set(residents)
    keys = [key("h", h) for h in household_ids] + [key("r", h) for h in household_ids]
    keys += [key("r", r) for r in resident_ids]
    headed = []
    if resident_ids:
        headed = [
            Household(*row[:-1])
            for row in _headed(cur, resident_ids, heads_among)
            if row[0] not in household_ids
        ]
        keys += [key("r", h.id) for h in headed]
    if keys:
        _delete_keys(cur, keys)
    if headed:
        cur.executemany(INSERT, [household_entry(h, "") for h in headed])


# --------------------------------------------------------------------------- stale marker


def index_ready(session: Session) -> bool:
    """Whether the index holds every row (no large sync has written rows it lacks).

    When not, ``search`` scans the tables: slower, and pinyin (``zsf`` for 张三丰) finds
    nothing; a UI says so ("索引建立中，搜索较慢") until ``rebuild`` has run.
    """
    found = dbapi(session).execute("SELECT 1 FROM settings WHERE key = ?", (STALE_KEY,))
    return found.fetchone() is None


def mark_stale(session: Session, reason: str, since: str) -> None:
    """Record, in the caller's transaction, that rows are being written without the index.

    Call in the transaction that writes the first such rows, so the rows and the marker
    commit together; the next ``rebuild`` (in its own transaction) removes it. Keeps the
    first reason when already set.
    """
    session.flush()
    dbapi(session).execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
        (STALE_KEY, json.dumps({"reason": reason, "since": since})),
    )
