"""``search()``: residents and households matching what the worker typed, from the index.

Three small candidate queries (exact, starts with, contains) that each stop after ``n`` rows,
then one read of the details and the ranking (see docs/search.md, "Ranking without bm25").
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from .index import dbapi, index_ready
from .rank import CONTAINS, EXACT, STARTS, Found, SearchHit, candidates, details_and_rank
from .scan import scan
from .tokens import long_numbers, match_expression, query_terms

_CANDIDATES_SQL = "SELECT kind, ref_id, household_id FROM search_index WHERE search_index MATCH ?"
_GRID_FILTER = " AND household_id IN (SELECT id FROM households WHERE grid_id = ?)"


def search(
    session: Session, text: str, *, limit: int = 50, grid_id: str | None = None
) -> list[SearchHit]:
    """Residents and households matching every term of ``text`` by prefix, best first.

    Order: an exact name/former name/ID/phone/door match first; then active records before
    moved-out or deceased ones; then a value that starts with the query (or an ID/phone that
    ends with it) before one that merely contains it; then residents before household
    entries, then shorter names. A household's own entry is dropped when one of its residents
    is among the results, so each record appears once.

    While the index is stale (a large sync wrote rows it lacks, see ``index_ready``) this is
    :func:`scan`: the same results except that pinyin does not match, in tens of ms.
    """
    terms = query_terms(text)
    if not terms or limit <= 0:
        return []
    if not index_ready(session):
        return scan(session, text, limit=limit, grid_id=grid_id)
    conn = dbapi(session)
    n = candidates(limit)
    statement = _CANDIDATES_SQL + (_GRID_FILTER if grid_id is not None else "") + " LIMIT ?"
    extra = (grid_id, n) if grid_id is not None else (n,)
    found: Found = {}
    for tier, expression in (
        (EXACT, match_expression(terms, prefix=False, columns="head")),
        (STARTS, match_expression(terms, columns="head")),
        (CONTAINS, match_expression(terms)),
    ):
        for kind, ref_id, household_id in conn.execute(statement, (expression, *extra)):
            found.setdefault(ref_id, (tier, kind, household_id))
        # A tier that alone fills the candidate budget leaves nothing for looser tiers to add
        # that would rank above it (they rank by tier first). Long numbers are re-checked in
        # ranking and may drop candidates, so they always see every tier.
        if len(found) >= n and not long_numbers(terms):
            break
    return details_and_rank(conn, found, terms, limit)
