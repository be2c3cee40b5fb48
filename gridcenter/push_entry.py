"""One pushed entry as the centre judges it: the checks of its values (the rulebook's one
schema, ``gridrules.schema.check_entry``, after the wire shape), its recorded time, and the
shapes of its answer (:class:`Reject`, :class:`Outcome`, :func:`result`). The batch that
applies entries is :mod:`gridcenter.sync`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from gridrules import RuleViolation
from gridrules.bounds import check_not_future, parse_timestamp
from gridrules.jsontext import check_finite
from gridrules.messages import rule_message
from gridrules.schema import check_entry, label_of
from gridworker.sync.protocol import (
    RECORDED_AT,
    EntitySpec,
    ErrorCode,
    Op,
    Status,
    WireError,
    check_changes,
)

from .errors import MESSAGES
from .store import Rec
from .util import utcnow

log = logging.getLogger("gridcenter")


class Reject(Exception):
    """Nothing of this entry is applied; the result is ``rejected`` with ``code``."""

    def __init__(
        self,
        code: ErrorCode,
        row: Rec | None = None,
        details: dict[str, Any] | None = None,
        message: str | None = None,
    ):
        super().__init__(code.value)
        self.code = code
        self.row = row
        self.details = details or {}
        self.message = message or MESSAGES[code]


@dataclass
class Outcome:
    status: Status
    row: Rec | None
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def result(
    mutation_id: str,
    status: Status,
    row: Rec | None,
    conflict_list: list[dict[str, Any]] | None = None,
    error: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "mutation_id": mutation_id,
        "status": status.value,
        "version": row.version if row is not None else None,
        "row": row.wire() if row is not None else None,
        "conflicts": conflict_list or [],
        "error": error,
    }


def wire_conflict(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": c["id"],
        "kind": c["kind"],
        "field": c["field"],
        "base": c["_base"],
        "mine": c["_mine"],
        "theirs": c["_theirs"],
    }


def check_values(spec: EntitySpec, op: Op, changes: Any) -> None:
    """The entry's shape (the protocol's wire types) and every value (the rulebook's rules,
    the same the client's forms apply): a :class:`Reject` ``invalid`` naming the field."""
    try:
        check_changes(spec, op, changes)
        check_finite(changes)  # NaN / Infinity are not JSON
        if op is Op.CREATE and any(c.get("base") is not None for c in changes.values()):
            raise WireError("create changes must have base null")
        if op is Op.DELETE and changes:
            raise WireError("delete carries no changes")
        if op is not Op.DELETE:
            check_entry(spec.name, op is Op.CREATE, changes)
    except RuleViolation as violation:
        fld = safe_text(violation.field)
        raise Reject(
            ErrorCode.INVALID,
            details={"field": fld, "code": violation.code,
                     "params": safe_params(violation.params)},
            message=f"{label_of(spec.name, fld)}：{rule_message(violation)}",
        ) from None
    except (WireError, ValueError) as exc:
        fld = safe_text(getattr(exc, "field", None))
        reason = safe_text(str(exc)[:200])
        raise Reject(
            ErrorCode.INVALID,
            details={"field": fld} if fld is not None else {"reason": reason},
            message=f"数据不符合要求：{reason}",
        ) from None


def check_recorded_at(changes: dict[str, Any]) -> None:
    """A visit's or an amendment's recorded time (``created_at``, the client's) is evidence:
    kept as sent, so it must be a real moment within the rulebook's timestamp bounds (else
    the entry is refused, naming the field). A time later than the centre's clock allows for
    skew comes from a laptop whose clock runs fast: refusing the visit would strand the
    worker's evidence on the laptop, so the centre keeps the visit and lets its own receive
    time stand in (``Store.put``), as for a client that sends none."""
    change = changes.get(RECORDED_AT)
    if change is None or change.get("new") is None:
        return
    try:
        recorded = parse_timestamp(change["new"], field=RECORDED_AT)
    except RuleViolation as violation:
        raise Reject(ErrorCode.INVALID, details={"field": RECORDED_AT, "code": violation.code},
                     message=f"记录时间不符合要求：{rule_message(violation)}") from None
    try:
        check_not_future(recorded, utcnow(), field=RECORDED_AT)
    except RuleViolation:
        log.info("recorded time ahead of the centre's clock: receive time used instead")
        del changes[RECORDED_AT]


def safe_text(text: str | None) -> str | None:
    """``text`` (a field name a client made up, a message quoting one) as text UTF-8 can
    carry: a lone surrogate would fail the answer's and the mutation log's encoding."""
    if text is None:
        return None
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def safe_params(params: dict[str, Any]) -> dict[str, Any]:
    """A violation's parameters as JSON scalars (they never carry the refused value)."""
    return {k: v if isinstance(v, str | int | float | bool) or v is None else str(v)
            for k, v in params.items()}
