"""Revealing masked personal data: a deliberate act with a stated reason, always audited.

Audit events never contain the revealed value itself, only which record and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..domain.errors import InvalidInput, NotFoundError, PermissionDenied, ValidationError
from ..domain.vocab import Role
from ..storage.models import AuditEventRow, ResidentRow
from .context import ServiceContext

REVEALABLE = {"citizen_id": "身份证号码", "phone": "联系电话"}
# Sensitive management categories are need-to-know: not for station desk staff.
MANAGEMENT_ROLES = frozenset({Role.WORKER, Role.SUPERVISOR, Role.CENTRE_ADMIN})
REASON_MIN = 2


@dataclass(frozen=True, slots=True)
class AuditEvent:
    at: datetime
    actor: str
    event: str
    target: str
    reason: str
    success: bool


class PrivacyService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def reveal(self, resident_id: str, field: str, reason: str) -> str:
        if field not in REVEALABLE:
            raise PermissionDenied(params={"reason": "reveal", "name": field})
        reason = reason.strip()
        if len(reason) < REASON_MIN:
            raise InvalidInput(
                {
                    "reason": ValidationError(
                        code="reason_required", field="reason", params={"reason": "reveal"}
                    )
                }
            )
        with self.ctx.db.transaction() as s:
            row = s.get(ResidentRow, resident_id)
            if row is None:
                raise NotFoundError(params={"reason": "resident"})
            self._audit(s, "reveal", f"resident:{resident_id}:{field}", reason)
            return str(getattr(row, field))

    def events(self, limit: int = 200) -> list[AuditEvent]:
        with self.ctx.db.reading() as s:
            rows = s.scalars(select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(limit))
            return [AuditEvent(r.at, r.actor, r.event, r.target, r.reason, r.success) for r in rows]

    def can_see_management_categories(self) -> bool:
        return self.ctx.actor.role in MANAGEMENT_ROLES

    def record(self, event: str, target: str, reason: str = "", success: bool = True) -> None:
        """Audit something the UI or CLI did (an export, a sign-in)."""
        with self.ctx.db.transaction() as s:
            self._audit(s, event, target, reason, success)

    def _audit(self, s: object, event: str, target: str, reason: str, success: bool = True) -> None:
        s.add(  # type: ignore[attr-defined]
            AuditEventRow(
                at=self.ctx.now(),
                actor=self.ctx.actor.username,
                event=event,
                target=target,
                reason=reason,
                success=success,
            )
        )
