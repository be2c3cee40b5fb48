"""Checking the server's answers against the protocol *before* anything uses them.

Each function takes decoded JSON and returns it (or a typed view of it) when it has exactly
the promised shape, else raises :class:`MalformedResponse`. The engine writes nothing from an
answer that did not pass, so a broken proxy or a half-upgraded server can never leave partial
or wrong data in the workspace. One exception: a single row of a pull page that fails its
check is handed over as unreadable (``Page.unreadable``) and quarantined, and the rest of the
page applies (``sync.quarantine``): no row stops a sync.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gridrules import jsontext as strict_json
from gridrules.jsontext import JsonTooDeep, NonFiniteNumber

from . import protocol as p
from .errors import MalformedResponse
from .quarantine import Unreadable, unreadable_item

_SHA = re.compile(r"[0-9a-f]{64}")


def _fail(what: str) -> MalformedResponse:
    return MalformedResponse(what)


def loads(data: bytes | str) -> Any:
    """Decode an answer's JSON text with the rulebook's strict reader
    (:func:`gridrules.jsontext.loads`). NaN, Infinity and -Infinity (which Python's json
    module reads by default, but which are not JSON) and nesting too deep to decode are a
    :class:`MalformedResponse`: asking again cannot help. Any other malformed text raises
    ``ValueError`` as ``json.loads`` does (cut off in transit, a captive portal's page: the
    caller may ask again)."""
    try:
        return strict_json.loads(data)
    except NonFiniteNumber:
        raise _fail("NaN or Infinity in the answer (not JSON)") from None
    except JsonTooDeep:
        raise _fail("JSON nested too deep in the answer") from None


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(f"{what}: expected an object")
    return value


def _str(value: Any, what: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value):
        raise _fail(f"{what}: expected text")
    return value


def _int(value: Any, what: str, *, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise _fail(f"{what}: expected an integer >= {minimum}")
    return value


def _row_id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= 36:
        raise _fail(f"{what}: expected a row id")
    return value


_STATES = frozenset(s.value for s in p.ChangeState)
_STATUSES = frozenset(s.value for s in p.Status)
_KINDS = frozenset(k.value for k in p.ConflictKind)


def is_sha256(value: Any) -> bool:
    return isinstance(value, str) and _SHA.fullmatch(value) is not None


# --------------------------------------------------------------------------- auth


def me(value: Any) -> dict[str, Any]:
    obj = _obj(value, "me")
    _str(obj.get("username"), "me.username")
    if not isinstance(obj.get("display_name", ""), str):
        raise _fail("me.display_name: expected text")
    _str(obj.get("role"), "me.role")
    grids = obj.get("grids", [])
    if not isinstance(grids, list):
        raise _fail("me.grids: expected a list")
    for grid in grids:
        g = _obj(grid, "me.grids[]")
        _row_id(g.get("id"), "me.grids[].id")
    return obj


def token_answer(value: Any) -> dict[str, Any]:
    obj = _obj(value, "token answer")
    _str(obj.get("access_token"), "access_token")
    _str(obj.get("refresh_token"), "refresh_token")
    _int(obj.get("access_expires_in", 0), "access_expires_in")
    me(obj.get("user"))
    return obj


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class ServerRow:
    """One row as the server holds it (a pull change or the ``row`` of a push result)."""

    entity: str
    id: str
    version: int
    state: str  # protocol.ChangeState
    data: dict[str, Any] | None


def server_row(value: Any, what: str = "row", *, fields: bool = True) -> ServerRow:
    """Check one row. ``fields=False`` checks only its structure: a pull page's field values
    are checked while being converted for storage (``convert.Plan.params``), in one pass, inside
    the page's transaction."""
    obj = _obj(value, what)
    entity = obj.get("entity")
    if not isinstance(entity, str) or entity not in p.ENTITIES:
        raise _fail(f"{what}.entity: unknown entity")
    row_id = _row_id(obj.get("id"), f"{what}.id")
    version = _int(obj.get("version"), f"{what}.version")
    state = obj.get("state")
    if state not in _STATES:
        raise _fail(f"{what}.state: unknown state")
    data = obj.get("data")
    if state == p.ChangeState.GONE:
        if data is not None and not isinstance(data, dict):
            raise _fail(f"{what}.data: expected null or an object")
        return ServerRow(entity, row_id, version, state, None)
    data = _obj(data, f"{what}.data")
    if not fields:
        return ServerRow(entity, row_id, version, state, data)
    spec = p.ENTITIES[entity]
    for name, field_spec in spec.fields.items():
        if name not in data:
            if state == p.ChangeState.LIVE and field_spec.required:
                raise _fail(f"{what}.data: {entity} without {name}")
            continue
        value_ = data[name]
        if value_ is None and not field_spec.required:
            continue  # an optional field sent as null reads as its default
        try:
            p.check_value(name, field_spec, value_)
        except p.WireError as exc:
            raise _fail(f"{what}.data: {exc}") from None
    if entity == "visit":
        for key in ("photos", "awaiting_media"):
            hashes = data.get(key) or []
            if not isinstance(hashes, list) or not all(is_sha256(h) for h in hashes):
                raise _fail(f"{what}.data.{key}: expected SHA-256 hashes")
    return ServerRow(entity, row_id, version, state, data)


# --------------------------------------------------------------------------- push


@dataclass(frozen=True, slots=True)
class PushResult:
    mutation_id: str
    status: str  # protocol.Status
    version: int | None
    row: ServerRow | None
    conflicts: list[dict[str, Any]]
    error_code: str | None
    error_message: str | None
    error_details: dict[str, Any] | None = None
    """For an ``invalid`` refusal: the field, the rule's code and its parameters (scalars)."""


def _details(raw: Any) -> dict[str, Any] | None:
    """What of a refusal's ``details`` the client keeps: the field and the rule's code (short
    text) and its scalar parameters; anything else of it is dropped, never an error."""
    if not isinstance(raw, dict):
        return None
    out: dict[str, Any] = {}
    for key in ("field", "code"):
        value = raw.get(key)
        if isinstance(value, str) and 0 < len(value) <= 64:
            out[key] = value
    params = raw.get("params")
    if isinstance(params, dict):
        out["params"] = {k: v for k, v in list(params.items())[:20]
                         if isinstance(k, str) and len(k) <= 40
                         and (v is None or isinstance(v, bool | int | float)
                              or (isinstance(v, str) and len(v) <= 200))}
    return out or None


def push_answer(value: Any, entries: Sequence[Mapping[str, Any]]) -> list[PushResult]:
    obj = _obj(value, "push answer")
    results = obj.get("results")
    if not isinstance(results, list):
        raise _fail("push answer: results missing")
    if len(results) != len(entries):
        raise _fail(f"push answer: {len(results)} results for {len(entries)} entries")
    out: list[PushResult] = []
    for i, (raw, entry) in enumerate(zip(results, entries, strict=True)):
        what = f"results[{i}]"
        res = _obj(raw, what)
        if res.get("mutation_id") != entry["mutation_id"]:
            raise _fail(f"{what}: answers another entry")
        status = res.get("status")
        if status not in _STATUSES:
            raise _fail(f"{what}.status: unknown status")
        version = res.get("version")
        if version is not None:
            _int(version, f"{what}.version")
        row = None
        if res.get("row") is not None:
            row = server_row(res["row"], f"{what}.row")
            if row.entity != entry["entity"] or row.id != entry["row_id"]:
                raise _fail(f"{what}.row: another row")
        conflicts = res.get("conflicts") or []
        if not isinstance(conflicts, list):
            raise _fail(f"{what}.conflicts: expected a list")
        for c in conflicts:
            c = _obj(c, f"{what}.conflicts[]")
            _str(c.get("id"), f"{what}.conflicts[].id")
            if len(c["id"]) > 64:
                raise _fail(f"{what}.conflicts[].id: too long")
            if c.get("kind") not in _KINDS:
                raise _fail(f"{what}.conflicts[].kind: unknown kind")
            fld = c.get("field")
            if c["kind"] == p.ConflictKind.FIELD and fld not in p.ENTITIES[entry["entity"]].fields:
                raise _fail(f"{what}.conflicts[].field: unknown field")
        if status == p.Status.CONFLICT and not conflicts:
            raise _fail(f"{what}: conflict without conflicts")
        error = res.get("error")
        code = message = None
        details = None
        if error is not None:
            error = _obj(error, f"{what}.error")
            code = _str(error.get("code"), f"{what}.error.code")
            message = error.get("message") or ""
            if not isinstance(message, str):
                raise _fail(f"{what}.error.message: expected text")
            details = _details(error.get("details"))
        if status == p.Status.REJECTED and code is None:
            raise _fail(f"{what}: rejected without an error")
        out.append(PushResult(res["mutation_id"], status, version, row, conflicts, code, message,
                              details))
    return out


# --------------------------------------------------------------------------- pull


@dataclass(frozen=True, slots=True)
class Page:
    changes: list[ServerRow]
    cursor: str
    has_more: bool
    unreadable: tuple[Unreadable, ...] = ()
    """Rows of the page that fail the structure check: quarantined, the rest applies."""


def changes_page(value: Any) -> Page:
    obj = _obj(value, "changes page")
    raw = obj.get("changes")
    if not isinstance(raw, list):
        raise _fail("changes page: changes missing")
    cursor = _str(obj.get("cursor"), "changes page: cursor")
    has_more = obj.get("has_more")
    if not isinstance(has_more, bool):
        raise _fail("changes page: has_more missing")
    rows: list[ServerRow] = []
    unreadable: list[Unreadable] = []
    append = rows.append
    entities = p.ENTITIES
    for c in raw:
        # The common case checked inline (100,000 rows on a first sync); anything else, or
        # anything wrong, goes through server_row, which says what is wrong.
        if type(c) is dict:
            entity = c.get("entity")
            row_id = c.get("id")
            version = c.get("version")
            state = c.get("state")
            data = c.get("data")
            if (
                type(entity) is str
                and entity in entities
                and type(row_id) is str
                and 0 < len(row_id) <= 36
                and type(version) is int
                and version >= 0
                and (state == "live" or state == "deleted")
                and type(data) is dict
            ):
                append(ServerRow(entity, row_id, version, state, data))
                continue
        try:
            append(server_row(c, f"changes[{len(rows)}]", fields=False))
        except MalformedResponse:  # no row stops a sync: this one is quarantined
            unreadable.append(unreadable_item(c))
    return Page(rows, cursor, has_more, tuple(unreadable))


# --------------------------------------------------------------------------- blobs


@dataclass(frozen=True, slots=True)
class BlobState:
    state: str  # present | partial | missing
    offset: int


def blob_status(value: Any, hashes: Sequence[str]) -> dict[str, BlobState]:
    obj = _obj(value, "blob status")
    blobs = _obj(obj.get("blobs"), "blob status: blobs")
    out: dict[str, BlobState] = {}
    for sha in hashes:
        entry = _obj(blobs.get(sha), f"blob status of {sha[:12]}")
        state = entry.get("state")
        if state not in ("present", "partial", "missing"):
            raise _fail("blob status: unknown state")
        out[sha] = BlobState(state, _int(entry.get("offset", 0), "blob status: offset"))
    return out


def blob_put(value: Any) -> BlobState:
    obj = _obj(value, "blob upload answer")
    state = obj.get("state")
    if state not in ("present", "partial"):
        raise _fail("blob upload answer: unknown state")
    return BlobState(state, _int(obj.get("offset", 0), "blob upload answer: offset"))
