"""Schema migrations at start-up, with a safety net.

The fast path (database already at head) reads one row with sqlite3 and never imports
Alembic, which keeps start-up quick. Otherwise the file is copied to a backup with SQLite's
online-backup API before Alembic upgrades it. A database written by a newer gridworker is
refused with a message saying what to do, never half-read.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from datetime import datetime
from pathlib import Path

from ..domain.errors import GridworkerError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest revision this build knows. tests/storage/test_migrate.py keeps it equal to
# Alembic's head so the fast path cannot drift.
HEAD_REVISION = "0005"


log = logging.getLogger(__name__)


class SchemaTooNew(GridworkerError):
    code = "schema_too_new"


class MigrationFailed(GridworkerError):
    code = "migration_failed"


_REVISION_LINE = re.compile(r'^revision = "([^"]+)"$', re.MULTILINE)


def known_revisions() -> set[str]:
    """The revision ids of the migration scripts (``revision = "…"`` in each: ids are not
    always just the file name's number)."""
    found: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"):
        match = _REVISION_LINE.search(script.read_text(encoding="utf-8"))
        if match is not None:
            found.add(match.group(1))
    return found


def current_revision(path: Path) -> str | None:
    """The revision stamped in ``path``; None for a missing or empty (never migrated) file."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if row is None:
            return None
        got = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return got[0] if got else None
    except sqlite3.DatabaseError as exc:
        raise MigrationFailed(
            f"无法读取数据库文件 {path.name}：{exc}。请联系技术支持，并保留该文件。"
        ) from exc
    finally:
        conn.close()


def backup_database(path: Path, label: str) -> Path:
    """Copy ``path`` next to itself with SQLite's backup API (safe with WAL)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.before-{label}-{stamp}.bak")
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def upgrade(path: Path, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    finally:
        engine.dispose()


def prepare_database(path: Path) -> Path | None:
    """Bring ``path`` to the head schema. Returns the backup made, if any."""
    path.parent.mkdir(parents=True, exist_ok=True)
    revision = current_revision(path)
    if revision == HEAD_REVISION:
        return None
    if revision is not None and revision not in known_revisions():
        log.error("database %s: schema %s is newer than this build's", path.name, revision)
        raise SchemaTooNew(
            f"这个数据库（{path.name}）来自更新版本的 gridworker（结构版本 {revision}），"
            "当前程序无法安全打开。请先升级 gridworker，数据不会被改动。",
        )
    backup = backup_database(path, revision) if revision is not None else None
    log.info(
        "database %s: schema %s -> %s%s", path.name, revision or "(new)", HEAD_REVISION,
        f", backup {backup.name}" if backup else "",
    )  # fmt: skip
    try:
        upgrade(path)
    except Exception as exc:
        log.exception("database %s: migration from %s failed", path.name, revision or "(new)")
        where = f"备份文件：{backup.name}" if backup else "数据库为新建，没有数据受影响"
        raise MigrationFailed(f"数据库升级失败：{exc}。{where}。") from exc
    return backup
