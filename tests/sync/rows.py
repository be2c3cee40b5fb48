"""Server-side rows as a gridcenter would send them, for the local (no-server) sync tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from gridrules.ids import new_id
from gridworker.storage.journal import PENDING, SENT
from gridworker.storage.models import HouseholdRow, JournalEntryRow, ResidentRow
from gridworker.sync.wire import ServerRow, server_row


def row(entity: str, row_id: str, version: int, data: dict[str, Any] | None,
        state: str = "live") -> ServerRow:
    """A checked ServerRow (goes through the same validation as a real answer)."""
    return server_row({"entity": entity, "id": row_id, "version": version, "state": state,
                       "data": data})


def grid(grid_id: str | None = None, version: int = 1, **over: Any) -> ServerRow:
    data = {"code": "110105001001002", "name": "第二网格", "village": "前进村",
            "township": "", "county": ""} | over
    return row("grid", grid_id or new_id(), version, data)


def household(grid_id: str, household_id: str | None = None, version: int = 1,
              **over: Any) -> ServerRow:
    data = {"grid_id": grid_id, "group_name": "三组", "door_number": "7号",
            "address_detail": "", "dwelling_type": "owner_occupied", "head_resident_id": None,
            "phone": "", "tags": [], "latitude": None, "longitude": None,
            "status": "active"} | over
    return row("household", household_id or new_id(), version, data)


def resident(household_id: str, resident_id: str | None = None, version: int = 1,
             **over: Any) -> ServerRow:
    data = {"household_id": household_id, "name": "李四", "former_name": "", "sex": "male",
            "ethnicity": "01", "citizen_id": "", "birth_date": "1960-05-01",
            "phone": "13900001111", "relation": "head", "population_type": "registered",
            "residence_status": "consistent", "care_categories": [],
            "management_categories": [], "status": "active", "note": ""} | over
    return row("resident", resident_id or new_id(), version, data)


def visit(household_id: str, visit_id: str | None = None, version: int = 1,
          photos: list[str] | None = None, **over: Any) -> ServerRow:
    data = {"household_id": household_id, "visitor": "worker2", "visit_type": "routine",
            "started_at": "2026-11-20T09:00:00+08:00", "ended_at": None, "people_met": "",
            "summary": "了解近况", "findings": [], "resolved_on_spot": True,
            "follow_up_date": None, "photos": photos or []} | over
    return row("visit", visit_id or new_id(), version, data)


def amendment(visit_id: str, amendment_id: str | None = None, version: int = 1,
              **over: Any) -> ServerRow:
    data = {"visit_id": visit_id, "author": "worker2", "reason": "补充",
            "changes": {"summary": "了解近况，已补充"}} | over
    return row("visit_amendment", amendment_id or new_id(), version, data)


def gone(entity: str, row_id: str, version: int = 99) -> ServerRow:
    return row(entity, row_id, version, None, state="gone")


def deleted(entity: str, row_id: str, version: int, data: dict[str, Any]) -> ServerRow:
    return row(entity, row_id, version, data, state="deleted")


def settle(ws: Any) -> None:
    """Pretend everything so far reached the server."""
    with ws.db.transaction() as s:
        for e in s.scalars(select(JournalEntryRow).where(JournalEntryRow.state == PENDING)):
            e.state = SENT
        for model in (HouseholdRow, ResidentRow):
            for r in s.scalars(select(model)):
                r.version = max(r.version, 1)
