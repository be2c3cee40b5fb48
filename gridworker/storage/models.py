"""SQLAlchemy 2 typed models of the local database.

Every synced row has a client-generated UUIDv7 ``id``, a server-assigned ``version`` (0 = never
synced) and timestamps. Nothing that a worker entered is hard-deleted: rows change status.
Vocabulary fields hold the stable codes of ``gridworker.domain.vocab``; sets are JSON lists.
A synced table's columns are made from the one schema (:func:`.fields.column`): this module
names each attribute and its Python type, the declaration says the rest.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .fields import column


class Base(DeclarativeBase):
    pass


class SyncedRow:
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class GridRow(SyncedRow, Base):
    __tablename__ = "grids"

    code: Mapped[str] = column("grid", "code", unique=True)
    name: Mapped[str] = column("grid", "name")
    village: Mapped[str] = column("grid", "village")
    township: Mapped[str] = column("grid", "township")
    county: Mapped[str] = column("grid", "county")


class HouseholdRow(SyncedRow, Base):
    __tablename__ = "households"

    grid_id: Mapped[str] = column("household", "grid_id", references="grids.id", index=True)
    group_name: Mapped[str] = column("household", "group_name")
    door_number: Mapped[str] = column("household", "door_number")
    address_detail: Mapped[str] = column("household", "address_detail")
    dwelling_type: Mapped[str] = column("household", "dwelling_type")
    head_resident_id: Mapped[str | None] = column("household", "head_resident_id")
    phone: Mapped[str] = column("household", "phone")
    tags: Mapped[list[str]] = column("household", "tags")
    latitude: Mapped[float | None] = column("household", "latitude")
    longitude: Mapped[float | None] = column("household", "longitude")
    status: Mapped[str] = column("household", "status", index=True)


class ResidentRow(SyncedRow, Base):
    __tablename__ = "residents"

    household_id: Mapped[str] = column("resident", "household_id", references="households.id",
                                       index=True)
    name: Mapped[str] = column("resident", "name")
    former_name: Mapped[str] = column("resident", "former_name")
    sex: Mapped[str] = column("resident", "sex")
    ethnicity: Mapped[str] = column("resident", "ethnicity")
    citizen_id: Mapped[str] = column("resident", "citizen_id", index=True)
    birth_date: Mapped[date | None] = column("resident", "birth_date")
    phone: Mapped[str] = column("resident", "phone")
    relation: Mapped[str] = column("resident", "relation")
    population_type: Mapped[str] = column("resident", "population_type")
    residence_status: Mapped[str] = column("resident", "residence_status")
    education: Mapped[str] = column("resident", "education")
    care_categories: Mapped[list[str]] = column("resident", "care_categories")
    management_categories: Mapped[list[str]] = column("resident", "management_categories")
    status: Mapped[str] = column("resident", "status")
    note: Mapped[str] = column("resident", "note")


class VisitRow(SyncedRow, Base):
    """A visit is evidence: created once, corrected only by VisitAmendmentRow records."""

    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_household_started", "household_id", "started_at"),)

    household_id: Mapped[str] = column("visit", "household_id", references="households.id")
    visitor: Mapped[str] = column("visit", "visitor")
    visit_type: Mapped[str] = column("visit", "visit_type")
    started_at: Mapped[datetime] = column("visit", "started_at")
    ended_at: Mapped[datetime | None] = column("visit", "ended_at")
    people_met: Mapped[str] = column("visit", "people_met")
    summary: Mapped[str] = column("visit", "summary")
    findings: Mapped[list[Any]] = column("visit", "findings")
    resolved_on_spot: Mapped[bool] = column("visit", "resolved_on_spot")
    follow_up_date: Mapped[date | None] = column("visit", "follow_up_date")


class VisitAmendmentRow(SyncedRow, Base):
    __tablename__ = "visit_amendments"

    visit_id: Mapped[str] = column("visit_amendment", "visit_id", references="visits.id",
                                   index=True)
    author: Mapped[str] = column("visit_amendment", "author")
    reason: Mapped[str] = column("visit_amendment", "reason")
    changes: Mapped[dict[str, Any]] = column("visit_amendment", "changes")


class PhotoRow(Base):
    """A stored photo, content-addressed by the SHA-256 of its stored JPEG bytes."""

    __tablename__ = "photos"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    captured_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    uploaded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    """The server holds these bytes (answered present, or pulled as someone else's photo)."""
    local: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("1"))
    """The full photo is on disk. False for a photo of a pulled visit not yet downloaded:
    its row exists with width/height 0 until then."""


class VisitPhotoRow(Base):
    __tablename__ = "visit_photos"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("photos.sha256"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class JournalEntryRow(Base):
    """The outbox: one entry per local change that must reach the server, written in the same
    transaction as the change. ``changes`` maps field -> {"base": old, "new": new}."""

    __tablename__ = "journal"
    __table_args__ = (UniqueConstraint("mutation_id"), Index("ix_journal_state", "state", "seq"))

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(30))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(10))
    base_version: Mapped[int] = mapped_column(Integer)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    """pending (not yet answered) -> sent (applied or conflict) | rejected (-> dismissed, when
    the worker gives the refused change up)."""
    # The server's answer (migration 0002); all null while pending.
    status: Mapped[str | None] = mapped_column(String(10), nullable=True)
    error_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_details: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    """For an ``invalid`` refusal: the field and the rule (code, params) the centre named."""
    answered_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    server_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    resolves: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    """Conflicts this entry resolves: [{"conflict_id", "choice"}] (sent with the entry)."""


class ConflictRow(Base):
    """A conflict the server reported for one of my entries, kept until resolved and after.

    ``id`` is the server's conflict id. ``state``: open -> resolving (a resolution entry waits
    in the journal) -> resolved (the server accepted it); a rejected resolution reopens it.
    """

    __tablename__ = "conflicts"
    __table_args__ = (
        Index("ix_conflicts_state", "state"),
        Index("ix_conflicts_row", "entity", "row_id"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))
    row_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(50), nullable=True)
    base: Mapped[Any] = mapped_column(JSON, nullable=True)
    mine: Mapped[Any] = mapped_column(JSON, nullable=True)
    theirs: Mapped[Any] = mapped_column(JSON, nullable=True)
    mutation_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(10), default="open")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(50), nullable=True)
    choice: Mapped[str | None] = mapped_column(String(20), nullable=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)


class KeptCopyRow(Base):
    """A read-only copy of a change the server refused, kept by the worker as a record
    (migration 0003). Written once when the rejection is set aside; never synced, never
    updated (a trigger refuses it). ``changes`` are the fields as they were sent
    (field -> {"base", "new"}); ``row_label`` the row in words at the time."""

    __tablename__ = "kept_copies"
    __table_args__ = (UniqueConstraint("mutation_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    mutation_id: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(30))
    row_id: Mapped[str] = mapped_column(String(36))
    row_label: Mapped[str] = mapped_column(Text, default="")
    op: Mapped[str] = mapped_column(String(10))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    error_code: Mapped[str] = mapped_column(String(40), default="")
    error_message: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    """When the worker made the change."""
    rejected_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    kept_at: Mapped[datetime] = mapped_column(DateTime)
    kept_by: Mapped[str] = mapped_column(String(50))


class SyncFlagRow(Base):
    """A row kept locally against the server's word, and why (e.g. it left my scope while I
    had unsent changes to it: ``out_of_scope``)."""

    __tablename__ = "sync_flags"

    entity: Mapped[str] = mapped_column(String(30), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    flag: Mapped[str] = mapped_column(String(30), primary_key=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime)


class SweepSeenRow(Base):
    """A row mentioned by the pull from the beginning that follows ``cursor_invalid``, while it
    runs (``gridworker.sync.sweep``): local rows it never mentioned are removed when it ends."""

    __tablename__ = "sweep_seen"

    entity: Mapped[str] = mapped_column(String(30), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)


class QuarantineRow(Base):
    """A pulled row this client cannot read, kept as sent with why (``gridworker.sync.
    quarantine``); it goes when a later version converts or the row is removed."""

    __tablename__ = "quarantine"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    raw: Mapped[str] = mapped_column(Text)
    raw_truncated: Mapped[bool] = mapped_column(Boolean, default=False)
    reason_code: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(200))
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)


class PurgeGuardRow(Base):
    """Holds a row only inside a sync transaction that removes households that left my scope:
    the ``visits_no_delete`` trigger lets visits be deleted only then."""

    __tablename__ = "purge_guard"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class RedactionRow(Base):
    """A visit or an amendment the centre's administrator redacted (``protocol.ChangeState.
    REDACTED``): its content is gone from this laptop; this says that it existed, when it was
    redacted and why, so the household's history shows the gap honestly."""

    __tablename__ = "redactions"

    entity: Mapped[str] = mapped_column(String(30), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    household_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    visit_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    redacted_at: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)


class DraftRow(Base):
    """A half-filled form, saved as the user types so a crash or closed window loses nothing."""

    __tablename__ = "drafts"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AuditEventRow(Base):
    """Append-only local audit trail (PII reveals, exports, sign-ins). Never updated or deleted;
    triggers in the migration enforce it."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(50))
    event: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(80), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    success: Mapped[bool] = mapped_column(Boolean, default=True)


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
