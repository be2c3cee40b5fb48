"""Keeping the grid's roster: grids, households and residents.

Rows are never hard-deleted: a resident who moves away or dies changes status, so history
(visits, reports) keeps pointing at a real person. The one exception is a resident entered
by mistake (``delete_resident``).
"""

from __future__ import annotations

from typing import Any

from gridrules.grid_code import parse_grid_code
from gridrules.schema import ENTITIES

from ..domain.entities import Grid, Household, Resident
from ..domain.errors import InvalidInput, NotFoundError, ValidationError, checked
from ..domain.rules import clean_household, clean_resident
from ..domain.vocab import HouseholdStatus, Relation, ResidentStatus
from ..storage.journal import create_row, delete_row, update_row
from ..storage.models import AuditEventRow, GridRow, HouseholdRow, ResidentRow
from ..storage.queries import citizen_id_owner
from ..storage.records import grid_from_row, household_from_row, resident_from_row
from .conflicts import _unlink_head
from .context import ServiceContext

_RESIDENT_EDITABLE = tuple(
    n for n in ENTITIES["resident"].fields if n not in ("household_id", "status")
)
"""What a resident's editor changes: every declared field but its household and status
(moving out and death have their own actions)."""
_HOUSEHOLD_EDITABLE = tuple(
    n for n in ENTITIES["household"].fields if n not in ("grid_id", "head_resident_id", "status")
)


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """Domain values to column values: vocab members to codes, sets to sorted lists."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, frozenset | set):
            out[name] = sorted(str(v) for v in value)
        elif hasattr(value, "value") and isinstance(value, str):
            out[name] = str(value)  # a member's (or UnknownCode's) str() is its code
        else:
            out[name] = value
    return out


class RosterService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    # -- grids ---------------------------------------------------------------------------
    def create_grid(
        self, *, code: str, name: str, village: str = "", township: str = "", county: str = ""
    ) -> Grid:
        parsed = checked(parse_grid_code, code)
        if not name.strip():
            raise InvalidInput(
                {"name": ValidationError(code="name_required", field="name",
                                           params={"reason": "grid"})}
            )
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            row = create_row(
                s,
                GridRow(
                    code=parsed.code,
                    name=name.strip(),
                    village=village,
                    township=township,
                    county=county,
                ),
                entity="grid",
                actor=self.ctx.actor.username,
                now=now,
            )
            return grid_from_row(row)

    # -- households ----------------------------------------------------------------------
    def add_household(self, grid_id: str, **values: Any) -> Household:
        clean = _stored(clean_household(values))
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            if s.get(GridRow, grid_id) is None:
                raise NotFoundError(params={"reason": "grid"})
            row = create_row(
                s,
                HouseholdRow(grid_id=grid_id, status=HouseholdStatus.ACTIVE.value, **clean),
                entity="household",
                actor=self.ctx.actor.username,
                now=now,
            )
            return household_from_row(row)

    def update_household(self, household_id: str, **values: Any) -> Household:
        """Change the household's fields; ``head_resident_id`` names one of its active
        residents as the head of household 户主 (or ``None``: no head on record)."""
        unknown = set(values) - set(_HOUSEHOLD_EDITABLE) - {"head_resident_id"}
        if unknown:
            raise KeyError(f"not editable: {sorted(unknown)}")
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            row = self._household(s, household_id)
            current = {name: getattr(row, name) for name in _HOUSEHOLD_EDITABLE}
            fields = {k: v for k, v in values.items() if k != "head_resident_id"}
            clean = _stored(clean_household({**current, **fields}))
            wanted = {k: clean[k] for k in fields}
            if "head_resident_id" in values:
                wanted["head_resident_id"] = self._check_head(
                    s, household_id, values["head_resident_id"]
                )
            update_row(
                s,
                row,
                wanted,
                entity="household",
                actor=self.ctx.actor.username,
                now=now,
            )
            return household_from_row(row)

    def set_household_status(self, household_id: str, status: HouseholdStatus) -> Household:
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            row = self._household(s, household_id)
            update_row(
                s,
                row,
                {"status": HouseholdStatus(status).value},
                entity="household",
                actor=self.ctx.actor.username,
                now=now,
            )
            return household_from_row(row)

    # -- residents -----------------------------------------------------------------------
    def add_resident(self, household_id: str, **values: Any) -> Resident:
        now = self.ctx.now()
        clean = _stored(clean_resident(values, today=now.date()))
        with self.ctx.db.transaction() as s:
            household = self._household(s, household_id)
            self._check_citizen_id_free(s, clean["citizen_id"], exclude=None)
            row = create_row(
                s,
                ResidentRow(household_id=household_id, status=ResidentStatus.ACTIVE.value, **clean),
                entity="resident",
                actor=self.ctx.actor.username,
                now=now,
            )
            s.flush()
            if clean["relation"] == Relation.HEAD.value and not household.head_resident_id:
                update_row(
                    s,
                    household,
                    {"head_resident_id": row.id},
                    entity="household",
                    actor=self.ctx.actor.username,
                    now=now,
                )
            return resident_from_row(row)

    def update_resident(self, resident_id: str, **values: Any) -> Resident:
        unknown = set(values) - set(_RESIDENT_EDITABLE)
        if unknown:
            raise KeyError(f"not editable: {sorted(unknown)}")
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            row = self._resident(s, resident_id)
            current = {name: getattr(row, name) for name in _RESIDENT_EDITABLE}
            merged = {**current, **values}
            if "citizen_id" in values and "sex" not in values:
                merged["sex"] = None  # follows the new ID number
            clean = _stored(clean_resident(merged, today=now.date()))
            if "citizen_id" in values:
                self._check_citizen_id_free(s, clean["citizen_id"], exclude=resident_id)
            # Fields derived from the ID number follow it even when not named in ``values``.
            touched = set(values) | ({"birth_date", "sex"} if "citizen_id" in values else set())
            update_row(
                s,
                row,
                {k: clean[k] for k in touched},
                entity="resident",
                actor=self.ctx.actor.username,
                now=now,
            )
            return resident_from_row(row)

    def mark_moved_out(self, resident_id: str, note: str = "") -> Resident:
        return self._set_resident_status(resident_id, ResidentStatus.MOVED_OUT, note)

    def mark_deceased(self, resident_id: str, note: str = "") -> Resident:
        return self._set_resident_status(resident_id, ResidentStatus.DECEASED, note)

    def reactivate(self, resident_id: str, note: str = "") -> Resident:
        return self._set_resident_status(resident_id, ResidentStatus.ACTIVE, note)

    def _set_resident_status(self, resident_id: str, status: ResidentStatus, note: str) -> Resident:
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            row = self._resident(s, resident_id)
            values: dict[str, Any] = {"status": status.value}
            if note.strip():
                stamp = now.strftime("%Y-%m-%d")
                values["note"] = (row.note + "\n" if row.note else "") + f"[{stamp}] {note.strip()}"
            update_row(s, row, values, entity="resident", actor=self.ctx.actor.username, now=now)
            return resident_from_row(row)

    def delete_resident(self, resident_id: str, reason: str) -> None:
        """Remove a resident entered by mistake (a duplicate, a wrong household).

        Unlike moving out or death (status changes that keep history), the row goes: locally
        at once, on the server with the next sync (op ``delete``). The reason is kept in the
        local audit trail. A resident who headed the household no longer does.
        """
        reason = (reason or "").strip()
        if len(reason) < 2:
            error = ValidationError(code="reason_required", field="reason",
                                    params={"reason": "delete"})
            raise InvalidInput({"reason": error})
        now = self.ctx.now()
        actor = self.ctx.actor.username
        with self.ctx.db.transaction() as s:
            row = self._resident(s, resident_id)
            _unlink_head(s, row, actor, now)
            delete_row(s, row, entity="resident", actor=actor, now=now)
            s.add(
                AuditEventRow(
                    at=now, actor=actor, event="delete_resident", target=resident_id,
                    reason=reason, success=True,
                )
            )  # fmt: skip

    # -- helpers -------------------------------------------------------------------------
    @staticmethod
    def _household(s: Any, household_id: str) -> HouseholdRow:
        row = s.get(HouseholdRow, household_id)
        if row is None:
            raise NotFoundError(params={"reason": "household"})
        return row

    @staticmethod
    def _resident(s: Any, resident_id: str) -> ResidentRow:
        row = s.get(ResidentRow, resident_id)
        if row is None:
            raise NotFoundError(params={"reason": "resident"})
        return row

    @staticmethod
    def _check_head(s: Any, household_id: str, resident_id: str | None) -> str | None:
        if not resident_id:
            return None
        resident = s.get(ResidentRow, resident_id)
        if (
            resident is None
            or resident.household_id != household_id
            or resident.status != ResidentStatus.ACTIVE.value
        ):
            raise InvalidInput(
                {
                    "head_resident_id": ValidationError(
                        code="head_not_member", field="head_resident_id"
                    )
                }
            )
        return str(resident.id)

    @staticmethod
    def _check_citizen_id_free(s: Any, citizen_id: str, *, exclude: str | None) -> None:
        if citizen_id and citizen_id_owner(s, citizen_id, exclude=exclude):
            raise InvalidInput(
                {
                    "citizen_id": ValidationError(code="id_duplicate", field="citizen_id")
                }
            )
