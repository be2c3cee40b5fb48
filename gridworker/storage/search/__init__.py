"""Instant search over a grid's roster: an FTS5 index of prepared tokens.

Kept in step with the rows in one place (:mod:`.upkeep`); searched from the index
(:mod:`.query`) or, while a large sync has left it stale, from the tables (:mod:`.scan`).
Why it is built this way: docs/search.md. Callers use this package's names
(``from ..storage import search; search.search(...)``).
"""

from __future__ import annotations

from .index import HOUSEHOLD, RESIDENT, STALE_KEY, index_ready, mark_stale
from .query import search
from .rank import SearchHit
from .rebuild import rebuild
from .scan import like_scan, scan
from .tokens import (
    match_expression,
    name_tokens,
    normalize,
    number_tokens,
    place_tokens,
    query_terms,
    tokens_for_household,
    tokens_for_resident,
)
from .upkeep import keep_in_step, rows_removed, rows_written

__all__ = [
    "HOUSEHOLD",
    "RESIDENT",
    "STALE_KEY",
    "SearchHit",
    "index_ready",
    "keep_in_step",
    "like_scan",
    "mark_stale",
    "match_expression",
    "name_tokens",
    "normalize",
    "number_tokens",
    "place_tokens",
    "query_terms",
    "rebuild",
    "rows_removed",
    "rows_written",
    "scan",
    "search",
    "tokens_for_household",
    "tokens_for_resident",
]
