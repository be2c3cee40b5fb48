"""Pydantic models of the wire format: they validate requests and document every route in
``/openapi.json`` (also where a handler returns pre-built JSON text for speed)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gridrules.ids import UUID_PATTERN
from gridworker.sync.protocol import (
    ENTITY_ORDER,
    MAX_PUSH_ENTRIES,
    ChangeState,
    Choice,
    ConflictKind,
    Op,
    Status,
)

EntityName = Literal[ENTITY_ORDER]  # type: ignore[valid-type]
Uuid = Field(pattern=UUID_PATTERN, min_length=36, max_length=36)


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ErrorInfo(_Model):
    code: str
    message: str = Field(description="Readable Chinese text for the user.")
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorResponse(_Model):
    error: ErrorInfo


class Hello(_Model):
    service: Literal["gridcenter"]
    protocols: list[int]
    server_time: str


class LoginRequest(_Model):
    username: str = Field(min_length=1, max_length=50)
    password: str = Field(min_length=1, max_length=256)
    device: str = Field(default="", max_length=100)


class RefreshRequest(_Model):
    refresh_token: str = Field(min_length=1, max_length=256)


class GridRef(_Model):
    id: str
    code: str
    name: str


class Me(_Model):
    username: str
    display_name: str
    role: Literal["worker", "station", "supervisor", "centre_admin"]
    grids: list[GridRef]


class Session(_Model):
    access_token: str
    access_expires_in: int
    refresh_token: str
    user: Me


class Resolve(_Model):
    conflict_id: str = Uuid
    choice: Choice


class PushEntry(_Model):
    mutation_id: str = Uuid
    entity: EntityName
    row_id: str = Uuid
    op: Op
    base_version: int = Field(ge=0, le=2**31)
    changes: dict[str, Any] = Field(
        description='{field: {"base": value at base, "new": new value}}; {} for delete.',
        max_length=64,
    )
    actor: str = Field(default="", max_length=50)
    created_at: str = Field(default="", max_length=40)
    resolves: list[Resolve] | None = Field(default=None, max_length=20)


class PushRequest(_Model):
    client_id: str = Field(default="", max_length=100)
    entries: list[PushEntry] = Field(json_schema_extra={"maxItems": MAX_PUSH_ENTRIES})


class Row(_Model):
    entity: EntityName
    id: str
    version: int
    state: ChangeState
    data: dict[str, Any] | None


class ConflictInfo(_Model):
    id: str
    kind: ConflictKind
    field: str | None
    base: Any = None
    mine: Any = None
    theirs: Any = None


class EntryError(_Model):
    code: str
    message: str
    details: dict[str, Any] | None = None


class PushResult(_Model):
    mutation_id: str
    status: Status
    version: int | None
    row: Row | None
    conflicts: list[ConflictInfo]
    error: EntryError | None


class PushResponse(_Model):
    results: list[PushResult]
    server_time: str


class ChangesResponse(_Model):
    changes: list[Row]
    cursor: str
    has_more: bool


class BlobStatusRequest(_Model):
    hashes: list[str] = Field(max_length=1000)


class BlobState(_Model):
    state: Literal["present", "partial", "missing"]
    offset: int


class BlobStatusResponse(_Model):
    blobs: dict[str, BlobState]


class BlobPutResponse(_Model):
    state: Literal["present", "partial"]
    offset: int


class ConflictRecord(_Model):
    id: str
    entity: str
    row_id: str
    kind: ConflictKind
    field: str | None
    base: Any = None
    mine: Any = None
    theirs: Any = None
    mutation_id: str
    user: str
    created_at: str
    status: Literal["open", "resolved"]
    resolved_by: str | None
    resolved_at: str | None
    choice: Choice | None
    value: Any = None


class ConflictsResponse(_Model):
    conflicts: list[ConflictRecord]
