"""Opening the local SQLite database: pragmas, sessions, one transaction per use case."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import DiskFull
from .migrate import prepare_database
from .search.upkeep import keep_in_step

SQLITE_FULL = 13
"""sqlite3's primary result code for "database or disk is full" (also the database reaching
its ``max_page_count``)."""


def is_disk_full(exc: BaseException) -> bool:
    """True for a write that failed because the disk (or the database's size cap) is full,
    whether it reached us from SQLite (wrapped by SQLAlchemy or not) or from the file system."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, OSError) and cause.errno == errno.ENOSPC:
            return True
        orig = getattr(cause, "orig", None)
        for candidate in (cause, orig):
            code = getattr(candidate, "sqlite_errorcode", None)
            if code is not None and code & 0xFF == SQLITE_FULL:
                return True
        cause = orig if isinstance(orig, BaseException) else cause.__cause__
    return False


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed visit survives a flat battery, not only a crashed process.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


_RELAXED = "gridworker.relaxed_sync"
"""Key in a pooled connection's ``info``: it committed with ``synchronous=NORMAL``."""


def _on_checkin(dbapi_connection: Any, record: Any) -> None:
    # Back to FULL before anyone else gets the connection (see Database.transaction).
    if record is not None and record.info.pop(_RELAXED, False):
        dbapi_connection.execute("PRAGMA synchronous=FULL")


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "checkin", _on_checkin)
    return engine


class Database:
    """The workspace database. ``transaction()`` is the unit of work for every use case."""

    def __init__(self, path: Path, *, migrate: bool = True):
        self.path = Path(path)
        if migrate:
            prepare_database(self.path)
        self.engine = make_engine(self.path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        keep_in_step(self._sessions)  # every write of a roster row updates its search entries

    @contextmanager
    def transaction(self, *, immediate: bool = False, durable: bool = True) -> Iterator[Session]:
        """A session whose work commits together or not at all.

        ``immediate``: take the write lock at once (``BEGIN IMMEDIATE``; other writers wait,
        up to the busy timeout), so nothing another connection commits can change what this
        work reads before it writes. Without it, sqlite3 begins the transaction at the first
        write, and reads before it see the database as it was at each read.

        ``durable=False``: commit without waiting for the disk (``synchronous=NORMAL``), only
        for work that can be fetched again, such as a pulled page with the cursor it leads to.
        Still atomic and never corrupting: a power cut may only undo such commits, whole and
        newest first, and never one made before a later durable commit (the WAL is synced in
        order, so a durable commit makes every earlier one durable too). The connection is set
        back to ``FULL`` before it returns to the pool.
        """
        try:
            with self._sessions.begin() as session:
                if not durable:
                    connection = session.connection()
                    connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
                    connection.info[_RELAXED] = True
                if immediate:
                    session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                yield session
        except (sa_exc.OperationalError, sqlite3.OperationalError, OSError) as exc:
            # Rolled back whole: what was committed before is intact. Said in plain words
            # (the UI, the CLI and the sync report all show DiskFull's message).
            if is_disk_full(exc):
                raise DiskFull() from exc
            raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries; nothing it does is committed. Objects loaded through it stay
        readable after it closes (close() detaches them without expiring their state)."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
