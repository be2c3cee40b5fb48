"""Form drafts: what a person has typed, saved as they type, until they save or discard.

Drafts are local only (never journalled or synced); they exist so a crash, a flat battery or
a closed window loses nothing. They are stored in the workspace database as plain JSON (not
encrypted yet): forms put in them only what the worker typed, never a masked value the record
holds (see ``ResidentEditor._draft_payload``).

Every form's draft key is built here and read back here (``draft_target``), so the 今日 desk
counts and lists the drafts of every form. Keys already stored stay as they are: a change to
one must keep reading the old form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select

from ..storage.models import DraftRow
from .context import ServiceContext

VISIT_PREFIX = "visit:"
RESIDENT_PREFIX = "resident:"
NEW_RESIDENT_PREFIX = "resident:new:"
HOUSEHOLD_PREFIX = "household:"
NEW_HOUSEHOLD_KEY = "household:new"
"""One draft of an unsaved new household; the grid it goes into is in the draft."""
AMEND_PREFIX = "amend:"


class DraftKind(StrEnum):
    """The form a draft belongs to."""

    VISIT = "visit"
    """A new visit to a household (visit form)."""
    RESIDENT = "resident"
    """An edit to a resident (resident editor)."""
    NEW_RESIDENT = "new_resident"
    """A new resident of a household (resident editor)."""
    HOUSEHOLD = "household"
    """An edit to a household (household editor)."""
    NEW_HOUSEHOLD = "new_household"
    """A new household in a grid (household editor)."""
    VISIT_AMENDMENT = "visit_amendment"
    """A correction 更正 to a saved visit (the visit view's amend form)."""


def visit_draft_key(household_id: str) -> str:
    """The draft of a new visit to ``household_id`` (one per household)."""
    return f"{VISIT_PREFIX}{household_id}"


def resident_draft_key(*, resident_id: str | None = None, household_id: str | None = None) -> str:
    """The draft of an edit to ``resident_id``, or of a new resident of ``household_id``."""
    if resident_id is not None:
        return f"{RESIDENT_PREFIX}{resident_id}"
    return f"{NEW_RESIDENT_PREFIX}{household_id}"


def household_draft_key(household_id: str | None = None) -> str:
    """The draft of an edit to ``household_id``, or (``None``) of the new household."""
    return f"{HOUSEHOLD_PREFIX}{household_id}" if household_id else NEW_HOUSEHOLD_KEY


def amend_draft_key(visit_id: str) -> str:
    """The draft of a correction to the saved visit ``visit_id``."""
    return f"{AMEND_PREFIX}{visit_id}"


@dataclass(frozen=True, slots=True)
class DraftTarget:
    """What a draft key is the draft of: the form (``kind``) and the record it is about.

    ``grid_id`` (a new household's grid) is not in the key: the draft holds it (see
    ``draft_grid``)."""

    kind: DraftKind
    household_id: str | None = None
    resident_id: str | None = None
    visit_id: str | None = None


def draft_target(key: str) -> DraftTarget | None:
    """The form a draft key belongs to (``None``: a key this version does not know)."""
    if key.startswith(VISIT_PREFIX):
        return DraftTarget(DraftKind.VISIT, household_id=key.removeprefix(VISIT_PREFIX))
    if key.startswith(NEW_RESIDENT_PREFIX):
        household_id = key.removeprefix(NEW_RESIDENT_PREFIX)
        return DraftTarget(DraftKind.NEW_RESIDENT, household_id=household_id)
    if key.startswith(RESIDENT_PREFIX):
        return DraftTarget(DraftKind.RESIDENT, resident_id=key.removeprefix(RESIDENT_PREFIX))
    if key == NEW_HOUSEHOLD_KEY:
        return DraftTarget(DraftKind.NEW_HOUSEHOLD)
    if key.startswith(HOUSEHOLD_PREFIX):
        household_id = key.removeprefix(HOUSEHOLD_PREFIX)
        return DraftTarget(DraftKind.HOUSEHOLD, household_id=household_id)
    if key.startswith(AMEND_PREFIX):
        return DraftTarget(DraftKind.VISIT_AMENDMENT, visit_id=key.removeprefix(AMEND_PREFIX))
    return None


def draft_grid(payload: dict[str, Any]) -> str | None:
    """The grid a new household's draft goes into (as the household editor keeps it)."""
    grid_id = payload.get("grid_id")
    return grid_id if isinstance(grid_id, str) and grid_id else None


def resident_of_draft(key: str) -> str | None:
    """The resident whose edits draft ``key`` holds (``None``: a new resident's, or no
    resident draft at all)."""
    target = draft_target(key)
    return target.resident_id if target is not None and target.kind is DraftKind.RESIDENT else None


@dataclass(frozen=True, slots=True)
class Draft:
    """A stored draft and when it was last written (shown as "restored from …")."""

    key: str
    payload: dict[str, Any]
    saved_at: datetime


class DraftService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def save(self, key: str, payload: dict[str, Any]) -> None:
        with self.ctx.db.transaction() as s:
            row = s.get(DraftRow, key)
            if row is None:
                s.add(DraftRow(key=key, payload=payload, updated_at=self.ctx.now()))
            else:
                row.payload = payload
                row.updated_at = self.ctx.now()

    def load(self, key: str) -> dict[str, Any] | None:
        with self.ctx.db.reading() as s:
            row = s.get(DraftRow, key)
            return dict(row.payload) if row else None

    def entry(self, key: str) -> Draft | None:
        """The draft under ``key`` with its time, or ``None``."""
        with self.ctx.db.reading() as s:
            row = s.get(DraftRow, key)
            return Draft(row.key, dict(row.payload), row.updated_at) if row else None

    def discard(self, key: str) -> None:
        with self.ctx.db.transaction() as s:
            s.execute(delete(DraftRow).where(DraftRow.key == key))

    def residents_with_drafts(self) -> list[str]:
        """The residents whose editor draft is kept (reads the draft keys only)."""
        ids = (resident_of_draft(key) for key in self.keys(RESIDENT_PREFIX))
        return [i for i in ids if i is not None]

    def keys(self, prefix: str = "") -> list[str]:
        with self.ctx.db.reading() as s:
            return list(s.scalars(select(DraftRow.key).where(DraftRow.key.startswith(prefix))))
