"""The committed old databases (tests/fixtures/old_databases) and how to compare SQLite files.

- :func:`fixtures` lists the committed folders of one kind (``workspace`` or ``gridcenter``)
  with their ``meta.json``; :func:`missing` names the revisions that lack one.
- :func:`schema` is a file's schema normalised for comparison (tables with their columns,
  foreign keys and indexes; triggers, views and virtual tables by their SQL).
- :func:`alembic_head` and :func:`stamp`: the newest revision of a migrations folder, and
  the revision a file is stamped with; :func:`open_workspace` opens one as the tests sync it.
- :func:`rows` reads every row of every ordinary table; :func:`lost_rows` says which old rows
  an upgraded file no longer holds with the same values (new columns may be added).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "tests" / "fixtures" / "old_databases"
MAKE_SCRIPT = "scripts/make_old_databases.py"


@dataclass(frozen=True)
class OldDatabase:
    folder: Path
    meta: dict[str, Any]

    @property
    def revision(self) -> str:
        return str(self.meta["revision"])

    @property
    def name(self) -> str:
        return self.folder.name

    def copy_to(self, target: Path) -> Path:
        shutil.copytree(self.folder, target, ignore=shutil.ignore_patterns("meta.json"))
        return target


def fixtures(kind: str) -> list[OldDatabase]:
    out = []
    for meta_file in sorted(FOLDER.glob(f"{kind}-*/meta.json")):
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        assert meta["kind"] == kind, meta_file
        out.append(OldDatabase(meta_file.parent, meta))
    return out


def revision_chain(versions: Path) -> list[str]:
    """The revisions of an Alembic versions folder, oldest first (following down_revision)."""
    down_of: dict[str, str | None] = {}
    for path in versions.glob("[0-9]*_*.py"):
        text = path.read_text(encoding="utf-8")
        rev = re.search(r'^revision\s*=\s*"([^"]+)"', text, re.M)
        down = re.search(r'^down_revision\s*=\s*(?:"([^"]+)"|None)', text, re.M)
        assert rev and down, f"{path}: no revision / down_revision"
        down_of[rev.group(1)] = down.group(1)
    chain: list[str] = []
    current = next(r for r, d in down_of.items() if d is None)
    while True:
        chain.append(current)
        nxt = [r for r, d in down_of.items() if d == current]
        assert len(nxt) <= 1, f"branched migrations after {current}: {nxt}"
        if not nxt:
            return chain
        current = nxt[0]


def missing(kind: str, versions: Path) -> list[str]:
    """Revisions (all but the head) with no committed old database of ``kind``."""
    have = {f.revision for f in fixtures(kind)}
    return [r for r in revision_chain(versions)[:-1] if r not in have]


def missing_message(kind: str, revisions: list[str]) -> str:
    return (
        f"no committed old {kind} database for revision(s) {', '.join(revisions)}: a newer "
        f"migration exists, so every earlier revision needs one. Check out the last commit "
        f"where each was the head and run {MAKE_SCRIPT} against it (see "
        f"tests/fixtures/old_databases/README.md), then commit the folder it writes."
    )


def alembic_head(migrations_dir: Path) -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def stamp(path: Path) -> str:
    conn = _connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def open_workspace(folder: Path) -> Any:
    """``Workspace.open`` (which migrates) with in-memory sign-in and retries that never
    sleep, as the sync tests use it."""
    from gridworker.api import Workspace
    from gridworker.sync.client import RetryPolicy
    from gridworker.sync.credentials import MemoryStore

    ws = Workspace.open(folder, credentials=MemoryStore())
    ws.sync_service.client_options = {"sleeper": lambda s: None, "retry": RetryPolicy(attempts=2)}
    return ws


# -- comparing files ------------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _sql(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").replace('"', "")).strip()


def _shadow_tables(conn: sqlite3.Connection) -> set[str]:
    """Virtual tables and the shadow tables their module keeps (FTS5's ``x_data`` …)."""
    virtual = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL%'")]
    names = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {n for n in names for v in virtual if n == v or n.startswith(v + "_")}


def schema(path: Path) -> dict[str, Any]:
    conn = _connect(path)
    try:
        out: dict[str, Any] = {}
        shadow = _shadow_tables(conn)
        objects = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master "
            "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        ).fetchall()
        for kind, name, table, sql in objects:
            if kind == "table" and name not in shadow:
                columns = [(n, t.upper(), bool(nn), d, pk) for _, n, t, nn, d, pk in
                           conn.execute(f"PRAGMA table_info('{name}')")]
                foreign = sorted((r[2], r[3], r[4], r[5], r[6]) for r in
                                 conn.execute(f"PRAGMA foreign_key_list('{name}')"))
                indexes = {}
                for _, index, unique, origin, partial in conn.execute(
                        f"PRAGMA index_list('{name}')"):
                    cols = [r[2] for r in conn.execute(f"PRAGMA index_info('{index}')")]
                    key = index if not index.startswith("sqlite_autoindex") else f"auto{cols}"
                    indexes[key] = (bool(unique), origin, bool(partial), cols)
                out[f"table {name}"] = {"columns": columns, "foreign_keys": foreign,
                                        "indexes": indexes}
            elif kind == "table":  # a virtual table or its shadow: as created
                out[f"table {name}"] = _sql(sql)
            elif kind == "index" and sql is not None:
                out[f"index {name}"] = (table, _sql(sql))
            elif kind in ("trigger", "view"):
                out[f"{kind} {name}"] = (table, _sql(sql))
        return out
    finally:
        conn.close()


def schema_differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    diffs = [f"only in the upgraded file: {k}" for k in sorted(old.keys() - new.keys())]
    diffs += [f"only in a fresh file: {k}" for k in sorted(new.keys() - old.keys())]
    diffs += [f"{k}: upgraded {old[k]!r} != fresh {new[k]!r}"
              for k in sorted(old.keys() & new.keys()) if old[k] != new[k]]
    return diffs


def rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of every ordinary table (not alembic_version, not derived index tables)."""
    conn = _connect(path)
    conn.row_factory = sqlite3.Row
    try:
        shadow = _shadow_tables(conn)
        tables = [n for (n,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
            if n not in shadow and n != "alembic_version"]
        return {t: [dict(r) for r in conn.execute(f"SELECT * FROM '{t}'")] for t in tables}
    finally:
        conn.close()


def lost_rows(before: dict[str, list[dict[str, Any]]],
              after: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Old rows the upgraded file does not hold with every old column's value unchanged."""
    lost: list[str] = []
    for table, old_rows in before.items():
        if table not in after:
            lost.append(f"table {table} is gone ({len(old_rows)} rows)")
            continue
        columns = sorted({c for r in old_rows for c in r})
        remaining = [tuple(r.get(c) for c in columns) for r in after[table]]
        for row in old_rows:
            key = tuple(row.get(c) for c in columns)
            if key in remaining:
                remaining.remove(key)
            else:
                lost.append(f"{table}: {row!r}")
    return lost
