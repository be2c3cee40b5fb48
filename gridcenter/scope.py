"""Who may read and write what: computed from the database at every request, never from a
token claim or a cursor.

- worker: reads and writes households, residents, visits and amendments of assigned grids
- station: reads and writes households and residents of assigned grids (no visits)
- supervisor: reads everything of assigned grids, writes nothing
- centre_admin: everything, including grid rows and household reassignment
Every role reads the grid rows of its own grids.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from .auth import Caller
from .models import assignments, grids

_ALL = frozenset({"grid", "household", "resident", "visit", "visit_amendment"})

READABLE: dict[str, frozenset[str]] = {
    "worker": frozenset({"grid", "household", "resident", "visit", "visit_amendment"}),
    "station": frozenset({"grid", "household", "resident"}),
    "supervisor": _ALL,
    "centre_admin": _ALL,
}
WRITABLE: dict[str, frozenset[str]] = {
    "worker": frozenset({"household", "resident", "visit", "visit_amendment"}),
    "station": frozenset({"household", "resident"}),
    "supervisor": frozenset(),
    "centre_admin": _ALL,
}


@dataclass(frozen=True)
class Scope:
    caller: Caller
    grids: frozenset[str]
    """Grid ids in scope (every grid for a centre admin)."""
    readable: frozenset[str]
    writable: frozenset[str]

    @property
    def everything(self) -> bool:
        return self.caller.is_admin

    def can_read(self, grid_id: str, entity: str) -> bool:
        return entity in self.readable and (self.everything or grid_id in self.grids)

    def can_write(self, grid_id: str, entity: str) -> bool:
        return entity in self.writable and (self.everything or grid_id in self.grids)


def grids_of(conn: Connection, caller: Caller) -> frozenset[str]:
    if caller.is_admin:
        return frozenset(conn.execute(select(grids.c.id)).scalars())
    return frozenset(
        conn.execute(
            select(assignments.c.grid_id).where(assignments.c.user_id == caller.user_id)
        ).scalars()
    )


def scope_of(conn: Connection, caller: Caller) -> Scope:
    return Scope(
        caller,
        grids_of(conn, caller),
        READABLE.get(caller.role, frozenset()),
        WRITABLE.get(caller.role, frozenset()),
    )
