"""Reading the candidates' details from the tables and ordering them (see docs/search.md,
"Ranking without bm25"). Shared by the index's :func:`search` and the table :func:`scan`."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any

from .index import HOUSEHOLD, RESIDENT
from .tokens import long_numbers, parts

# Candidates fetched per tier for each requested hit: household entries that a resident hit
# makes redundant are dropped from them, so keep a margin.
_CANDIDATES_PER_HIT = 2
_MIN_CANDIDATES = 60
# Candidate tiers, best first: whole-token matches, values that start with the terms, values
# that contain them.
EXACT, STARTS, CONTAINS = 0, 1, 2

Found = dict[str, tuple[int, str, str]]
"""ref_id -> (tier, kind, household_id) of each candidate."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result, with raw values: masking for display is the caller's job."""

    kind: str  # "resident" | "household"
    household_id: str
    resident_id: str | None
    name: str
    citizen_id: str
    phone: str
    door_number: str
    group_name: str
    resident_status: str | None


def candidates(limit: int) -> int:
    """How many candidates each tier may bring for ``limit`` hits."""
    return max(limit * _CANDIDATES_PER_HIT, _MIN_CANDIDATES)


_RESIDENT_DETAILS_SQL = """
SELECT r.id, r.name, r.former_name, r.citizen_id, r.phone, r.status, h.door_number, h.group_name
FROM residents r JOIN households h ON h.id = r.household_id
WHERE r.id IN (SELECT value FROM json_each(?))
"""
_HOUSEHOLD_DETAILS_SQL = """
SELECT h.id, hr.name, h.door_number, h.group_name, h.address_detail, h.phone, h.status
FROM households h LEFT JOIN residents hr ON hr.id = h.head_resident_id
WHERE h.id IN (SELECT value FROM json_each(?))
"""


def details_and_rank(conn: Any, found: Found, terms: list[str], limit: int) -> list[SearchHit]:
    """The candidates' rows read once for the union, then ranked; at most ``limit`` hits."""
    if not found:
        return []
    residents = [ref for ref, (_, kind, _) in found.items() if kind == RESIDENT]
    households = [ref for ref, (_, kind, _) in found.items() if kind == HOUSEHOLD]
    details: dict[str, tuple[Any, ...]] = {}
    if residents:
        rows = conn.execute(_RESIDENT_DETAILS_SQL, (json.dumps(residents),))
        details.update((row[0], row) for row in rows)
    if households:
        rows = conn.execute(_HOUSEHOLD_DETAILS_SQL, (json.dumps(households),))
        details.update((row[0], row) for row in rows)
    return _rank(found, details, terms, limit)


def _compact(value: str | None) -> str:
    """A stored value as one token, the way it was indexed (hot path: most need no work)."""
    if not value:
        return ""
    if value.isalnum() and (value.isascii() or unicodedata.is_normalized("NFKC", value)):
        return value.lower()
    return "".join(parts(value))


def _rank(
    found: Found, details: dict[str, tuple[Any, ...]], terms: list[str], limit: int
) -> list[SearchHit]:
    wanted = "".join(terms)
    numbers_to_check = long_numbers(terms)
    ranked: list[tuple[tuple[int, int, int, int, int], SearchHit]] = []
    for ref_id, (tier, kind, household_id) in found.items():
        row = details.get(ref_id)
        if row is None:  # entry outlived its row; the next rebuild drops it
            continue
        if kind == RESIDENT:
            _, name, former, cid, phone, status, door, group = row
            hit = SearchHit(
                kind=RESIDENT, household_id=household_id, resident_id=ref_id, name=name,
                citizen_id=cid, phone=phone, door_number=door, group_name=group,
                resident_status=status,
            )  # fmt: skip
            whole = [_compact(v) for v in (name, former, cid, phone, door)]
            numbers = whole[2:4]
        else:
            _, name, door, group, address, phone, status = row
            hit = SearchHit(
                kind=HOUSEHOLD, household_id=household_id, resident_id=None, name=name or "",
                citizen_id="", phone=phone, door_number=door, group_name=group,
                resident_status=None,
            )  # fmt: skip
            whole = [_compact(v) for v in (name, door, phone, address)]
            numbers = whole[2:3]
        # A long number was matched by its windows: make sure it is really there.
        if numbers_to_check and not all(any(t in v for v in whole) for t in numbers_to_check):
            continue
        if wanted in whole:
            tier = EXACT
        elif tier == CONTAINS and any(
            v.startswith(wanted) or v.endswith(wanted) for v in numbers if v
        ):
            tier = STARTS
        rank = (
            0 if tier == EXACT else 1,
            0 if status == "active" else 1,
            tier,
            0 if kind == RESIDENT else 1,
            len(hit.name),
        )
        ranked.append((rank, hit))

    with_residents = {h.household_id for _, h in ranked if h.kind == RESIDENT}
    ranked.sort(key=lambda item: item[0])
    hits = [h for _, h in ranked if h.kind == RESIDENT or h.household_id not in with_residents]
    return hits[:limit]
