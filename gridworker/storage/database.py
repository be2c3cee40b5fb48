"""Opening the local SQLite database: pragmas, sessions, one transaction per use case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from .migrate import prepare_database


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed visit survives a flat battery, not only a crashed process.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    return engine


class Database:
    """The workspace database. ``transaction()`` is the unit of work for every use case."""

    def __init__(self, path: Path, *, migrate: bool = True):
        self.path = Path(path)
        if migrate:
            prepare_database(self.path)
        self.engine = make_engine(self.path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self, *, immediate: bool = False) -> Iterator[Session]:
        """A session whose work commits together or not at all.

        ``immediate``: take the write lock at once (``BEGIN IMMEDIATE``; other writers wait,
        up to the busy timeout), so nothing another connection commits can change what this
        work reads before it writes. Without it, sqlite3 begins the transaction at the first
        write, and reads before it see the database as it was at each read.
        """
        with self._sessions.begin() as session:
            if immediate:
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session

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
