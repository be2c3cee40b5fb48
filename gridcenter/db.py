"""Engine and transactions.

Writers take the database's write lock at the *start* of their transaction: on SQLite with
``BEGIN IMMEDIATE`` (so two writers never deadlock upgrading a read lock), on PostgreSQL by
locking the seq counter row first (``UPDATE … RETURNING``). Readers on PostgreSQL use
REPEATABLE READ so one pull page sees one snapshot. No dialect-specific SQL outside this file
and the migrations.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, event, update

from .models import SEQ_COUNTER, counters


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            pool_size=8,
            max_overflow=32,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
            cur = dbapi_connection.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            immediate = conn.get_execution_options().get("gridcenter_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(url, pool_size=10, max_overflow=30, pool_pre_ping=True)


class Database:
    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction with one consistent snapshot."""
        with self.engine.connect() as conn:
            if not self.is_sqlite:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A writing transaction (write lock taken at BEGIN on SQLite)."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(gridcenter_write=True)
            with conn.begin():
                yield conn

    def dispose(self) -> None:
        self.engine.dispose()


class SeqAllocator:
    """Hands out sequence numbers inside one writing transaction.

    ``lock`` locks the counter row and reads its value (``UPDATE … RETURNING`` blocks every
    other writer until we commit), ``next`` numbers changes in memory, ``store`` writes the
    final value back. Because the lock is held until commit, numbers become visible in
    commit order: a reader that sees *n* can never later see a number below *n* appear.
    """

    def __init__(self, conn: Connection):
        self.conn = conn
        self.value = conn.execute(
            update(counters)
            .where(counters.c.name == SEQ_COUNTER)
            .values(value=counters.c.value)
            .returning(counters.c.value)
        ).scalar_one()
        self.start = self.value

    def next(self) -> int:
        self.value += 1
        return self.value

    def store(self) -> None:
        if self.value != self.start:
            self.conn.execute(
                update(counters).where(counters.c.name == SEQ_COUNTER).values(value=self.value)
            )
