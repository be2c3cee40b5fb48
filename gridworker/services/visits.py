"""Logging visits 走访 and amending them.

A visit is evidence: it is written once, and corrections are amendments that keep the
original (who, when, why). Photos are optional; they are processed and written to the photo
store *before* the transaction, because files cannot join a database transaction: a crash
between the two leaves only an unreferenced file, which start-up removes. The visit row, its
photo links and its journal entry commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import delete

from ..domain.entities import Visit
from ..domain.errors import InvalidInput, NotFoundError, ValidationError
from ..domain.rules import clean_visit
from ..storage import queries
from ..storage.journal import create_row
from ..storage.models import (
    DraftRow,
    HouseholdRow,
    PhotoRow,
    VisitAmendmentRow,
    VisitPhotoRow,
    VisitRow,
)
from ..storage.photos import ProcessedPhoto, process_photo
from ..storage.records import amendment_changes, findings_to_json
from .context import ServiceContext

PhotoSource = Path | str | bytes | ProcessedPhoto
MAX_PHOTOS_PER_VISIT = 20
_AMENDABLE = (
    "summary",
    "people_met",
    "findings",
    "resolved_on_spot",
    "follow_up_date",
    "visit_type",
    "ended_at",
)


class VisitService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def prepare_photos(self, sources: Sequence[PhotoSource]) -> list[ProcessedPhoto]:
        """Decode, orient, shrink and hash photos (CPU work, done before any transaction)."""
        if len(sources) > MAX_PHOTOS_PER_VISIT:
            raise InvalidInput(
                {
                    "photos": ValidationError(
                        code="too_many_photos", field="photos",
                        params={"max": MAX_PHOTOS_PER_VISIT},
                    )
                }
            )
        out: list[ProcessedPhoto] = []
        for source in sources:
            if isinstance(source, ProcessedPhoto):
                out.append(source)
            else:
                out.append(process_photo(Path(source) if isinstance(source, str) else source))
        return out

    def log_visit(
        self,
        household_id: str,
        *,
        photos: Sequence[PhotoSource] = (),
        draft_key: str | None = None,
        **values: Any,
    ) -> Visit:
        """Save a visit. ``draft_key`` names the form draft it came from: the draft is deleted
        in the same transaction, so a crash can never leave both (and invite a duplicate)."""
        now = self.ctx.now()
        clean = clean_visit(values, now=now)
        processed = self.prepare_photos(photos)
        for photo in processed:
            self.ctx.photos.put(photo)
        actor = self.ctx.actor.username
        with self.ctx.db.transaction() as s:
            if s.get(HouseholdRow, household_id) is None:
                raise NotFoundError(params={"reason": "household"})
            row = VisitRow(
                household_id=household_id,
                visitor=actor,
                visit_type=clean["visit_type"].value,
                started_at=clean["started_at"],
                ended_at=clean["ended_at"],
                people_met=clean["people_met"],
                summary=clean["summary"],
                findings=findings_to_json(clean["findings"]),
                resolved_on_spot=clean["resolved_on_spot"],
                follow_up_date=clean["follow_up_date"],
            )
            hashes = list(dict.fromkeys(p.sha256 for p in processed))
            # The photo list travels with the visit; the bytes travel separately by hash.
            create_row(
                s, row, entity="visit", actor=actor, now=now, extra={"photos": hashes},
                recorded=True,
            )
            s.flush()
            seen: set[str] = set()
            for position, photo in enumerate(processed):
                if photo.sha256 in seen:
                    continue  # the same picture attached twice counts once
                seen.add(photo.sha256)
                if s.get(PhotoRow, photo.sha256) is None:
                    s.add(
                        PhotoRow(
                            sha256=photo.sha256,
                            width=photo.width,
                            height=photo.height,
                            size_bytes=len(photo.jpeg),
                            captured_at=photo.captured_at,
                            created_at=now,
                        )
                    )
                s.add(VisitPhotoRow(visit_id=row.id, sha256=photo.sha256, position=position))
            if draft_key:
                s.execute(delete(DraftRow).where(DraftRow.key == draft_key))
            s.flush()
            visit = queries.visit(s, row.id)
            assert visit is not None
            return visit

    def amend_visit(self, visit_id: str, *, reason: str, **changes: Any) -> Visit:
        """Record a correction; the original visit row is never edited."""
        if not reason.strip():
            raise InvalidInput(
                {
                    "reason": ValidationError(
                        code="reason_required", field="reason", params={"reason": "amend"}
                    )
                }
            )
        unknown = set(changes) - set(_AMENDABLE)
        if unknown:
            raise KeyError(f"not amendable: {sorted(unknown)}")
        if not changes:
            raise InvalidInput(
                {"summary": ValidationError(code="nothing_to_amend")}
            )
        now = self.ctx.now()
        with self.ctx.db.transaction() as s:
            current = queries.visit(s, visit_id)
            if current is None:
                raise NotFoundError(params={"reason": "visit"})
            merged = {
                "summary": current.summary,
                "people_met": current.people_met,
                "findings": current.findings,
                "resolved_on_spot": current.resolved_on_spot,
                "follow_up_date": current.follow_up_date,
                "visit_type": current.visit_type,
                "started_at": current.started_at,
                "ended_at": current.ended_at,
                **changes,
            }
            clean = clean_visit(merged, now=max(now, current.started_at))
            amendment = VisitAmendmentRow(
                visit_id=visit_id,
                author=self.ctx.actor.username,
                reason=reason.strip(),
                changes=amendment_changes({k: clean[k] for k in changes}),
            )
            create_row(
                s, amendment, entity="visit_amendment", actor=self.ctx.actor.username, now=now,
                recorded=True,
            )
            s.flush()
            visit = queries.visit(s, visit_id)
            assert visit is not None
            return visit
