"""Backing up and restoring a test gridcenter's SQLite database, as an operator would.

- :func:`backup`: a consistent copy of the running server's database (SQLite's online backup
  API, so commits still in the WAL are included).
- :func:`restore`: stop the server (SIGTERM), put the copy in place of the database (its
  ``-wal``/``-shm`` files removed), start it again on the same port. The secret key and the
  photo files stay as they are.
- :func:`counter`: the database's seq counter (the high-water mark of its change log).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from .server import GridcenterProcess


def database(server: GridcenterProcess) -> Path:
    return server.data_dir / "gridcenter.sqlite3"


def backup(server: GridcenterProcess, target: Path) -> Path:
    src = sqlite3.connect(database(server), timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def restore(server: GridcenterProcess, copy: Path) -> None:
    server.stop()
    db = database(server)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(copy, db)
    server.start()


def counter(server: GridcenterProcess) -> int:
    conn = sqlite3.connect(f"file:{database(server)}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("SELECT value FROM counters WHERE name = 'seq'").fetchone()[0]
    finally:
        conn.close()
