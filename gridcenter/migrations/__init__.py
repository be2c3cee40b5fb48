"""Alembic migrations of the gridcenter schema, run programmatically (no alembic.ini).

``upgrade(engine)`` brings a database to the head revision; ``serve``, ``demo`` and ``admin``
call it at start-up, so a fresh data dir or a new PostgreSQL database just works.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).parent
HEAD_REVISION = "0002"


def upgrade(engine: Engine, target: str = "head") -> None:
    """Migrate to ``target``. Fast path: a database already at head is left alone without
    importing Alembic (every CLI call runs this)."""
    if target == "head" and _stamped(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def _stamped(engine: Engine) -> str | None:
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if "alembic_version" not in inspect(conn).get_table_names():
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
