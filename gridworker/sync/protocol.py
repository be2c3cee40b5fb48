"""Sync protocol v1: the wire vocabulary and merge rules shared by gridworker and gridcenter.

Pure Python (the standard library and the rulebook, :mod:`gridrules`): gridcenter imports
this module and nothing else from gridworker. The synced entities and their fields are
declared once, in :mod:`gridrules.schema`. ``docs/sync-protocol.md`` is the prose version;
keep both true together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from gridrules.bounds import LONG_TEXT_MAX

# The entity table, its field specs, kinds and merge policies are the rulebook's one schema;
# the protocol re-exports them as its vocabulary.
from gridrules.schema import ENTITIES as ENTITIES
from gridrules.schema import ENTITY_ORDER as ENTITY_ORDER
from gridrules.schema import RECORDED_AT as RECORDED_AT
from gridrules.schema import EntitySpec as EntitySpec
from gridrules.schema import FieldSpec as FieldSpec
from gridrules.schema import Kind as Kind
from gridrules.schema import Policy as Policy

PROTOCOL_VERSION = 1
SUPPORTED_PROTOCOLS = frozenset({1})
API_PREFIX = "/api/v1"
PROTOCOL_HEADER = "X-Gridworker-Protocol"

MAX_PUSH_ENTRIES = 1000
"""Entries per push request; the server answers 413 above it."""
MAX_BODY_BYTES = 16 * 1024 * 1024
"""Largest request body after gzip decoding (push batches, blob chunks)."""
DEFAULT_PULL_LIMIT = 2000
MAX_PULL_LIMIT = 5000
BLOB_CHUNK_BYTES = 128 * 1024
"""Bytes of a photo per upload request. A server keeps what it read of a chunk cut off in
transit, but not bytes still in its receive buffer when the connection drops (uvicorn answers
a disconnect before a body it has not handed over): at worst a cut loses the chunk in
flight, 12.5 % of a 1 MB photo (256 KiB lost 25 % under load)."""
MAX_BLOB_BYTES = 64 * 1024 * 1024
MAX_TEXT_CHARS = LONG_TEXT_MAX
"""Longest long text (summaries, notes, reasons): the rulebook's bound."""


class Op(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"
    """Undo a server-side deletion (answer to an update-vs-delete conflict: keep my record)."""


class Status(StrEnum):
    """Outcome of one pushed entry."""

    APPLIED = "applied"
    """Every field applied (directly or by merge policy)."""
    CONFLICT = "conflict"
    """Some field(s) conflicted (manual policy / update-vs-delete); the rest were applied."""
    REJECTED = "rejected"
    """Nothing applied; ``error`` says why (out of scope, invalid, append-only …)."""


class ConflictKind(StrEnum):
    FIELD = "field"
    UPDATE_VS_DELETE = "update_vs_delete"
    """I changed a record that was deleted on the server since my base."""
    DELETE_VS_UPDATE = "delete_vs_update"
    """I deleted a record that was changed on the server since my base."""


class Choice(StrEnum):
    """How a person resolved a conflict."""

    MINE = "mine"
    THEIRS = "theirs"
    NEW = "new"
    KEEP = "keep"
    """Update-vs-delete: keep the record (restore it with my values)."""
    ACCEPT_DELETE = "accept_delete"


class ChangeState(StrEnum):
    """State of one row in a pull page."""

    LIVE = "live"
    DELETED = "deleted"
    """Tombstone: the row was deleted; remove it locally unless unsent changes exist."""
    REDACTED = "redacted"
    """An append-only record (a visit, an amendment) the centre's administrator redacted
    (wrong or harmful content): its data holds only its parent key and ``REDACTION`` (the
    reason and time); remove its content locally and show that it was redacted and why."""
    GONE = "gone"
    """Left the caller's scope (household reassigned, grid unassigned): remove it locally
    unless unsent changes exist (then keep it, flagged)."""


REDACTION = "redaction"
"""Key of a redacted row's data: ``{"reason": text, "at": aware ISO time}``."""


class ErrorCode(StrEnum):
    """``error.code`` values. The server's ``error.message`` is readable Chinese text."""

    BAD_REQUEST = "bad_request"
    INVALID = "invalid"
    PROTOCOL_UNSUPPORTED = "protocol_unsupported"
    UNAUTHENTICATED = "unauthenticated"
    TOKEN_EXPIRED = "token_expired"
    BAD_CREDENTIALS = "bad_credentials"
    ACCOUNT_LOCKED = "account_locked"
    ACCOUNT_DISABLED = "account_disabled"
    """The password (or a kept session) is right but the account was deactivated (403)."""
    REFRESH_INVALID = "refresh_invalid"
    FORBIDDEN = "forbidden"
    OUT_OF_SCOPE = "out_of_scope"
    NOT_FOUND = "not_found"
    ALREADY_EXISTS = "already_exists"
    APPEND_ONLY = "append_only"
    PARENT_MISSING = "parent_missing"
    HAS_CHILDREN = "has_children"
    CURSOR_INVALID = "cursor_invalid"
    TOO_LARGE = "too_large"
    OFFSET_MISMATCH = "offset_mismatch"
    HASH_MISMATCH = "hash_mismatch"
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"
    INTERNAL = "internal"


# ---------------------------------------------------------------------------------------------
# Validation of values against a spec (used by the server on push and by the client on pull)


class WireError(ValueError):
    """A value or entry that does not match the protocol. ``field`` names the culprit."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _check_iso(value: str, kind: Kind) -> None:
    from datetime import date, datetime

    try:
        (date if kind is Kind.DATE else datetime).fromisoformat(value)
    except ValueError:
        raise WireError(f"not an ISO {kind.value}: {value[:40]!r}") from None


def check_value(name: str, spec: FieldSpec, value: Any) -> None:
    """Raise WireError unless ``value`` has the wire type ``spec`` declares."""
    if value is None:
        if spec.nullable:
            return
        raise WireError(f"{name} may not be null", name)
    kind = spec.kind
    ok: bool
    if kind in (Kind.TEXT, Kind.ID):
        ok = isinstance(value, str)
        if ok and spec.max_length is not None and len(value) > spec.max_length:
            raise WireError(f"{name} is longer than {spec.max_length} characters", name)
        if ok and kind is Kind.ID and not (0 < len(value) <= 36):
            raise WireError(f"{name} is not an id", name)
    elif kind is Kind.INT:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is Kind.FLOAT:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif kind is Kind.BOOL:
        ok = isinstance(value, bool)
    elif kind in (Kind.DATE, Kind.DATETIME):
        ok = isinstance(value, str)
        if ok:
            try:
                _check_iso(value, kind)
            except WireError as exc:
                raise WireError(str(exc), name) from None
    elif kind is Kind.TEXT_SET:
        ok = isinstance(value, list) and all(isinstance(v, str) and len(v) <= 64 for v in value)
        if ok and len(value) > 200:
            raise WireError(f"{name} has too many items", name)
    else:  # JSON: any JSON value
        ok = True
    if not ok:
        raise WireError(f"{name} should be {kind.value}", name)


def check_changes(entity: EntitySpec, op: Op, changes: Mapping[str, Any]) -> None:
    """Validate the shape of an entry's ``changes`` ({field: {"base": v, "new": v}})."""
    if not isinstance(changes, Mapping):
        raise WireError("changes must be an object")
    for name, change in changes.items():
        spec = entity.fields.get(name)
        if spec is None:
            raise WireError(f"{entity.name} has no field {name!r}", name)
        if not isinstance(change, Mapping) or "new" not in change:
            raise WireError(f"{name}: expected {{'base': …, 'new': …}}", name)
        check_value(name, spec, change["new"])
        if change.get("base") is not None:
            check_value(name, spec, change["base"])
    if op is Op.CREATE:
        missing = [n for n, s in entity.fields.items() if s.required and n not in changes]
        if missing:
            raise WireError(f"{entity.name} create is missing {', '.join(missing)}", missing[0])


# ---------------------------------------------------------------------------------------------
# Three-way merge


@dataclass(frozen=True, slots=True)
class FieldConflict:
    field: str
    base: Any
    mine: Any
    theirs: Any


@dataclass(slots=True)
class MergeResult:
    apply: dict[str, Any] = field(default_factory=dict)
    """Field values to write to the server row."""
    conflicts: list[FieldConflict] = field(default_factory=list)


def canonical(value: Any) -> Any:
    """Comparable form of a wire value: sets sorted, so ['a','b'] == ['b','a']."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sorted(set(value))
    return value


def union_merge(base: Any, mine: Any, theirs: Any) -> list[str]:
    """Set-union with base: keep both sides' additions, apply both sides' removals."""
    b, m, t = set(base or ()), set(mine or ()), set(theirs or ())
    return sorted((t | (m - b)) - (b - m))


def _later(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def merge_update(
    entity: EntitySpec, current: Mapping[str, Any], changes: Mapping[str, Mapping[str, Any]]
) -> MergeResult:
    """Merge one update entry into the server's ``current`` values, field by field.

    A field the server has not changed since the entry's base is applied; the same value on
    both sides is a no-op; a field changed on both sides follows its policy. Fields are judged
    by their base *values*, so the result does not depend on how many versions passed.
    """
    result = MergeResult()
    for name, change in changes.items():
        spec = entity.fields[name]
        mine = change.get("new")
        base = change.get("base")
        theirs = current.get(name)
        if canonical(theirs) == canonical(mine):
            continue
        if canonical(theirs) == canonical(base):
            result.apply[name] = canonical(mine) if spec.kind is Kind.TEXT_SET else mine
        elif spec.policy is Policy.SET_UNION:
            merged = union_merge(base, mine, theirs)
            if merged != canonical(theirs):
                result.apply[name] = merged
        elif spec.policy is Policy.MAX:
            later = _later(theirs, mine)
            if later != theirs:
                result.apply[name] = later
        else:
            result.conflicts.append(FieldConflict(name, base, mine, theirs))
    return result


def grid_of_row(entity: str, row_id: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """Where to look up the grid of a row: ("grid", id) for grids, else (parent entity, id)."""
    spec = ENTITIES[entity]
    if spec.parent is None:
        return ("grid", row_id)
    fld, parent_entity = spec.parent
    parent_id = data.get(fld)
    return (parent_entity, parent_id) if parent_id else None
