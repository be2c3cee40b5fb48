"""The server schema as SQLAlchemy Core tables (the hot paths use Core, not the ORM).

Synced rows of every entity live in one generic ``records`` table: the wire ``data`` is kept
as JSON *text* so a pull page is built by concatenating stored text, without parsing. Each
row carries the ``grid_id`` it belongs to (derived from its parent chain) for cheap scoping,
and the ``seq`` of its latest change, handed out by the single ``counters`` row in commit
order (see docs/sync-protocol.md, "Cursor"). Timestamps are ISO-8601 UTC text, which sorts
and compares the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = String(36)
STAMP = String(40)

users = Table(
    "users",
    metadata,
    Column("id", ID, primary_key=True),
    Column("username", String(50), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", STAMP, nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", STAMP, nullable=False),
)

areas = Table(
    "areas",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("level", String(10), nullable=False),  # county | township | village
    Column("code", String(12), nullable=False, unique=True),  # full prefix: 6, 9 or 12 digits
    Column("name", String(100), nullable=False),
    Column("parent_id", Integer, ForeignKey("areas.id"), nullable=True),
)

grids = Table(
    "grids",
    metadata,
    Column("id", ID, primary_key=True),
    Column("no", Integer, nullable=False, unique=True),
    # Short number used in cursors, so a cursor over many grids stays small.
    Column("code", String(20), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("village_id", Integer, ForeignKey("areas.id"), nullable=True),
    Column("created_at", STAMP, nullable=False),
)

assignments = Table(
    "assignments",
    metadata,
    Column("user_id", ID, ForeignKey("users.id"), primary_key=True),
    Column("grid_id", ID, ForeignKey("grids.id"), primary_key=True),
    Column("created_at", STAMP, nullable=False),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("family_id", ID, nullable=False, index=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("device", String(100), nullable=False, default=""),
    Column("issued_at", STAMP, nullable=False),
    Column("expires_at", STAMP, nullable=False),
    Column("spent_at", STAMP, nullable=True),
    Column("revoked", Boolean, nullable=False, default=False),
)

records = Table(
    "records",
    metadata,
    Column("id", ID, primary_key=True),
    Column("entity", String(30), nullable=False),
    Column("grid_id", ID, nullable=False),
    Column("parent_id", ID, nullable=True),
    Column("version", Integer, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("data", Text, nullable=False),
    Column("created_at", STAMP, nullable=False),
    Column("updated_at", STAMP, nullable=False),
    Column("updated_by", String(50), nullable=False),
    Index("ix_records_grid_seq", "grid_id", "seq", "entity"),
    Index("ix_records_seq", "seq"),
    Index("ix_records_parent", "parent_id"),
)

gone = Table(
    "gone",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("entity", String(30), nullable=False),
    Column("row_id", ID, nullable=False),
    Column("grid_id", ID, nullable=False),
    Index("ix_gone_grid_seq", "grid_id", "seq", "entity"),
)

mutations = Table(
    "mutations",
    metadata,
    Column("mutation_id", ID, primary_key=True),
    Column("user_id", ID, nullable=False),
    Column("result", Text, nullable=False),
    Column("created_at", STAMP, nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", ID, primary_key=True),
    Column("entity", String(30), nullable=False),
    Column("row_id", ID, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("field", String(50), nullable=True),
    Column("base", Text, nullable=True),
    Column("mine", Text, nullable=True),
    Column("theirs", Text, nullable=True),
    Column("mutation_id", ID, nullable=False),
    Column("user_id", ID, nullable=False, index=True),
    Column("username", String(50), nullable=False),
    Column("created_at", STAMP, nullable=False),
    Column("resolved_by", String(50), nullable=True),
    Column("resolved_at", STAMP, nullable=True),
    Column("choice", String(20), nullable=True),
    Column("value", Text, nullable=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", STAMP, nullable=False),
    Column("username", String(50), nullable=True),
    Column("event", String(40), nullable=False),
    Column("target", String(200), nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
    Column("success", Boolean, nullable=False),
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("complete", Boolean, nullable=False),
    Column("uploaded_by", ID, nullable=False),
    Column("created_at", STAMP, nullable=False),
)

blob_uploaders = Table(
    "blob_uploaders",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("user_id", ID, primary_key=True),
)

visit_media = Table(
    "visit_media",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("visit_id", ID, primary_key=True),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(20), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

SEQ_COUNTER = "seq"

meta = Table(
    "meta",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)
"""Single values of this database (not of the install: a restored backup brings its own)."""

CURSOR_EPOCH = "cursor_epoch"
"""``meta`` row: a random value every pull cursor carries (signed). A cursor of another epoch
is ``cursor_invalid``. Created with the database (migration 0002); ``gridcenter admin
new-cursor-epoch`` replaces it after a backup was restored, so that no cursor issued by the
database's lost future is ever believed (see docs/sync-protocol.md, "Cursor")."""
