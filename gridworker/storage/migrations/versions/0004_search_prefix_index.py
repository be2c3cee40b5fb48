"""search index: one prefix index (1 character) instead of three (1, 2, 3)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 09:30:00

FTS5 keeps a separate prefix index for every length named in ``prefix=``. Tokens are already
suffixes and windows (see ``gridworker.storage.search``), so a 2- or 3-character query has few
terms to merge without its own prefix index: at 50,000 residents every query category stays
under 7 ms at p95 with ``prefix='1'`` (``bench/bench_search.py``), while the index shrinks from
34 to 19 MB and a rebuild of 100,000 rows is ~0.6 s faster. One-character queries keep their
prefix index: without it, "1"* merges thousands of number windows (40 ms).

FTS5 options cannot be altered, so the table is recreated and its rows copied as stored (same
rowids and tokens, no re-tokenizing): the index stays complete and its stale marker, if any,
is left as it was.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS = "head, tail, ref, kind UNINDEXED, ref_id UNINDEXED, household_id UNINDEXED"
_TOKENIZE = "tokenize='unicode61 remove_diacritics 0'"


def _recreate(prefix: str) -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE search_index_new USING fts5({_COLUMNS}, {prefix}, {_TOKENIZE})"
    )
    op.execute(
        "INSERT INTO search_index_new (rowid, head, tail, ref, kind, ref_id, household_id) "
        "SELECT rowid, head, tail, ref, kind, ref_id, household_id FROM search_index"
    )
    op.execute("INSERT INTO search_index_new (search_index_new) VALUES ('optimize')")
    op.execute("DROP TABLE search_index")
    op.execute("ALTER TABLE search_index_new RENAME TO search_index")


def upgrade() -> None:
    _recreate("prefix='1'")


def downgrade() -> None:
    _recreate("prefix='1 2 3'")
