"""Writing rows straight into a running gridcenter's SQLite database, as a bug or another
tool could: past every check the centre's API makes.

Each change takes the next number of the centre's ``counters`` sequence and one more
version, as gridcenter's own store does (``gridcenter.store.Store.put``), so the rows appear
in the next pull like any other change.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .server import GridcenterProcess


@dataclass(frozen=True)
class CentreRow:
    id: str
    entity: str
    grid_id: str
    parent_id: str | None
    version: int
    data_text: str

    @property
    def data(self) -> Any:
        return json.loads(self.data_text)


class CentreRows:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def grid_id(self, code: str) -> str:
        (gid,) = self.conn.execute("SELECT id FROM grids WHERE code = ?", (code,)).fetchone()
        return gid

    def rows(self, entity: str, grid_code: str) -> list[CentreRow]:
        """The live rows of ``entity`` in the grid, ordered by id."""
        found = self.conn.execute(
            "SELECT id, entity, grid_id, parent_id, version, data FROM records "
            "WHERE entity = ? AND grid_id = ? AND deleted = 0 ORDER BY id",
            (entity, self.grid_id(grid_code)),
        )
        return [CentreRow(*r) for r in found]

    def row(self, row_id: str) -> CentreRow:
        got = self.conn.execute(
            "SELECT id, entity, grid_id, parent_id, version, data FROM records WHERE id = ?",
            (row_id,),
        ).fetchone()
        assert got is not None, row_id
        return CentreRow(*got)

    def _next_seq(self) -> int:
        (seq,) = self.conn.execute(
            "UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value"
        ).fetchone()
        return seq

    def write(self, row_id: str, data: Any = None, *, text: str | None = None,
              deleted: bool = False) -> None:
        """A new version of the row with ``data`` (or the JSON ``text`` as is)."""
        body = text if text is not None else json.dumps(data, ensure_ascii=False)
        self.conn.execute(
            "UPDATE records SET data = ?, version = version + 1, seq = ?, deleted = ?, "
            "updated_at = ?, updated_by = 'test' WHERE id = ?",
            (body, self._next_seq(), 1 if deleted else 0, _now(), row_id),
        )

    def insert(self, row_id: str, entity: str, grid_code: str, data_text: str,
               parent_id: str | None = None) -> None:
        """A row the centre never checked (any id, any data text)."""
        now = _now()
        self.conn.execute(
            "INSERT INTO records (id, entity, grid_id, parent_id, version, seq, deleted, data, "
            "created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, 1, ?, 0, ?, ?, ?, 'test')",
            (row_id, entity, self.grid_id(grid_code), parent_id, self._next_seq(), data_text,
             now, now),
        )


def _now() -> str:
    return datetime.now(UTC).isoformat()


@contextmanager
def centre_rows(server: GridcenterProcess) -> Iterator[CentreRows]:
    """The centre's database (SQLite), committed when the block ends."""
    conn = sqlite3.connect(server.data_dir / "gridcenter.sqlite3", timeout=30)
    try:
        with conn:
            yield CentreRows(conn)
    finally:
        conn.close()
