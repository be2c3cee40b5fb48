"""Searching without the index, for while it is stale: a ``LIKE`` scan of the tables, ranked as
the index's hits are (see docs/search.md, "scan(), while the index is stale"). Also the naive
baseline the benchmark compares against."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from .index import HOUSEHOLD, RESIDENT, dbapi
from .rank import CONTAINS, EXACT, STARTS, Found, SearchHit, candidates, details_and_rank
from .tokens import query_terms

# Separators that indexing joins over in values indexed as one word: a landline's dash; the
# middle dot of a Uyghur or Tibetan name (and what gets typed for it); spaces.
_NAME_SEPARATORS = ("·", "•", ".", " ")
_PHONE_SEPARATORS = ("-", " ")


def _contains(column: str, param: str, separators: Sequence[str] = ()) -> str:
    """SQL: ``column`` contains the term ``:param``, ignoring ``separators`` in the value.

    The separator-free copy is only made for values holding one (``instr`` is cheap, and
    ``replace`` on every row would make the scan several times slower)."""
    test = f"{column} LIKE :{param}"
    if not separators:
        return test
    holds = " OR ".join(f"instr({column}, '{c}')" for c in separators)
    joined = column
    for c in separators:
        joined = f"replace({joined}, '{c}', '')"
    return f"{test} OR (({holds}) AND {joined} LIKE :{param})"


@dataclass(frozen=True, slots=True)
class _Scan:
    """One table's ``LIKE`` scan: what it returns, where terms may match, how it orders."""

    ids: str
    tables: str
    contained: tuple[tuple[str, tuple[str, ...]], ...]
    """Values a term may occur in, with the separators to ignore in each."""
    exact: tuple[str, ...]
    """Values equal to the whole query make an exact hit..."""
    starts: tuple[str, ...]
    """...values starting with it a "starts with" hit..."""
    ends: tuple[str, ...]
    """...and so do numbers ending with it (people type the last digits)..."""
    part_starts: tuple[str, ...]
    """...and places one of whose parts starts with it (3-2-101 for 101). These flags only
    pick the candidates; ranking orders them as it orders the index's."""
    order: str

    def sql(self, term_count: int, grid: bool) -> str:
        # Terms hold letters and digits only (``normalize``), so they need no LIKE escape.
        where = [
            "(" + " OR ".join(_contains(c, f"t{i}", seps) for c, seps in self.contained) + ")"
            for i in range(term_count)
        ]
        if grid:
            where.append("h.grid_id = :grid")
        is_exact = " OR ".join(f"{c} = :w" for c in self.exact)
        is_start = " OR ".join(
            [f"{c} LIKE :ws" for c in self.starts]
            + [f"{c} LIKE :we" for c in self.ends]
            + [f"(' ' || replace({c}, '-', ' ')) LIKE :wp" for c in self.part_starts]
        )
        return (
            f"SELECT {self.ids}, ({is_exact}) AS exact, ({is_start}) AS starts "
            f"FROM {self.tables} WHERE {' AND '.join(where)} "
            f"ORDER BY exact DESC, {self.order}, starts DESC LIMIT :n"
        )


_N, _P = _NAME_SEPARATORS, _PHONE_SEPARATORS
_SCANS = (
    (RESIDENT, _Scan(
        ids="r.id, r.household_id",
        tables="residents r JOIN households h ON h.id = r.household_id",
        contained=(("r.name", _N), ("r.former_name", _N), ("r.citizen_id", ()),
                   ("r.phone", _P), ("h.door_number", ()), ("h.group_name", ())),
        exact=("r.name", "r.former_name", "lower(r.citizen_id)", "r.phone", "h.door_number"),
        starts=("r.name", "r.former_name", "r.citizen_id", "r.phone"),
        ends=("r.citizen_id", "r.phone"),
        part_starts=("h.door_number", "h.group_name"),
        order="r.status != 'active', length(r.name)",
    )),
    (HOUSEHOLD, _Scan(
        ids="h.id, h.id",
        tables="households h LEFT JOIN residents hr ON hr.id = h.head_resident_id",
        contained=(("h.door_number", ()), ("h.group_name", ()), ("h.address_detail", ()),
                   ("h.phone", _P), ("coalesce(hr.name, '')", _N)),
        exact=("hr.name", "h.door_number", "h.phone"),
        starts=("hr.name", "h.phone"),
        ends=("h.phone",),
        part_starts=("h.door_number", "h.group_name", "h.address_detail"),
        order="h.status != 'active'",
    )),
)  # fmt: skip


def scan(
    session: Session, text: str, *, limit: int = 50, grid_id: str | None = None
) -> list[SearchHit]:
    """``search`` without the index, for while it is stale: a ``LIKE`` scan of the tables.

    A term matches a record when one of the values the index covers contains it, separators
    aside; terms are ANDed; hits are ranked as ``search`` ranks them. Pinyin matches nothing
    (the UI says the search is limited meanwhile). Costs a full scan.
    """
    terms = query_terms(text)
    if not terms or limit <= 0:
        return []
    conn = dbapi(session)
    n = candidates(limit)
    wanted = "".join(terms)
    params: dict[str, Any] = {f"t{i}": f"%{t}%" for i, t in enumerate(terms)}
    params.update(w=wanted, ws=f"{wanted}%", we=f"%{wanted}", wp=f"% {wanted}%", n=n)
    if grid_id is not None:
        params["grid"] = grid_id
    found: Found = {}
    for kind, shape in _SCANS:
        statement = shape.sql(len(terms), grid_id is not None)
        for ref_id, household_id, exact, starts in conn.execute(statement, params):
            tier = EXACT if exact else STARTS if starts else CONTAINS
            found.setdefault(ref_id, (tier, kind, household_id))
    return details_and_rank(conn, found, terms, limit)


def like_scan(session: Session, text: str, *, limit: int = 50) -> list[str]:
    """The naive baseline the benchmark compares against: ``LIKE '%text%'`` over the tables."""
    needle = text.strip()
    if not needle:
        return []
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = dbapi(session).execute(
        "SELECT r.id FROM residents r JOIN households h ON h.id = r.household_id "
        "WHERE r.name LIKE :p ESCAPE '\\' OR r.citizen_id LIKE :p ESCAPE '\\' "
        "OR r.phone LIKE :p ESCAPE '\\' OR h.door_number LIKE :p ESCAPE '\\' "
        "LIMIT :n",
        {"p": f"%{escaped}%", "n": limit},
    )
    return [r[0] for r in rows]
