"""Cursors against a restored database: marks beyond its counter, grids it never had, the
cursor epoch (``gridcenter admin new-cursor-epoch``) and cursors signed before epochs.

A restore is what an operator does: a consistent copy of the SQLite database taken while the
server runs, later put back with the server stopped (tests/support/restore.py). The client
side of the story (reset, sweep, rows queued again) is in tests/sync/test_restore.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from sqlalchemy import create_engine, text
from support.postgres import postgres_server, postgres_url  # noqa: F401
from support.restore import backup, counter, restore

from gridcenter import cursor as cursors

from .conftest import (
    GRID1,
    Api,
    GridcenterProcess,
    audit_events,
    create,
    db_rows,
    household_values,
)

GRID3 = "110105001001003"


def _ids(rows):
    return {r["id"] for r in rows}


def _payload(cursor: str) -> dict:
    body = cursor.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def _refused(api: Api, cursor: str, reason: str) -> None:
    r = api.get("/changes", params={"cursor": cursor})
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "cursor_invalid"
    _, username, _, detail, success = audit_events(api.server, "cursor_invalid")[-1]
    assert (username, detail, success) == (api.username, reason, False)


def _households(api: Api, n: int) -> list[str]:
    g1 = api.grid_id(GRID1)
    results = api.push(*[create("household", household_values(g1, door_number=f"{i}号"))
                         for i in range(n)])
    assert {r["status"] for r in results} == {"applied"}
    return [r["row"]["id"] for r in results]


def _grid1_rows(server: GridcenterProcess) -> set[str]:
    g1 = db_rows(server, "SELECT id FROM grids WHERE code = ?", GRID1)[0][0]
    return {r[0] for r in db_rows(server, "SELECT id FROM records WHERE grid_id = ?", g1)}


def _epoch(server: GridcenterProcess) -> str:
    return db_rows(server, "SELECT value FROM meta WHERE name = 'cursor_epoch'")[0][0]


# ----------------------------------------------------------------------------------------


def test_a_mark_above_the_restored_counter_is_cursor_invalid(gridcenter, tmp_path):
    w1 = Api(gridcenter, "worker1")
    _, before = w1.pull_all()
    copy = backup(gridcenter, tmp_path / "backup.sqlite3")
    lost = _households(w1, 3)
    _, ahead = w1.pull_all(before)
    assert [mark for mark, _ in _payload(ahead)["t"]] == [counter(gridcenter)]

    restore(gridcenter, copy)
    _refused(w1, ahead, "ahead")
    assert w1.pull(before)["changes"] == []  # a cursor within the restored history is good
    # New writes take the numbers of the lost ones: clamping the cursor would skip them.
    new = _households(w1, 2)
    _refused(w1, ahead, "ahead")
    rows, _ = w1.pull_all()  # the client starts again
    assert set(new) <= _ids(rows) and not set(lost) & _ids(rows)
    assert _ids(rows) - {w1.grid_id(GRID1)} == _grid1_rows(gridcenter) - {w1.grid_id(GRID1)}


def test_once_the_counter_passed_the_marks_again_only_a_new_epoch_tells(gridcenter, tmp_path):
    w1 = Api(gridcenter, "worker1")
    _, before = w1.pull_all()
    copy = backup(gridcenter, tmp_path / "backup.sqlite3")
    _households(w1, 2)
    _, ahead = w1.pull_all(before)
    mark = counter(gridcenter)

    restore(gridcenter, copy)
    new = _households(w1, 4)
    assert counter(gridcenter) > mark
    # Undetectable without a new epoch: the cursor is accepted and skips what is below it.
    page = w1.pull(ahead)
    assert not set(new) <= _ids(page["changes"])

    done = gridcenter.admin("new-cursor-epoch")
    assert done.returncode == 0, done.stderr
    _refused(w1, ahead, "epoch")
    rows, _ = w1.pull_all()
    assert set(new) <= _ids(rows)


def test_new_cursor_epoch_makes_every_cursor_invalid_and_is_audited(gridcenter):
    w1, w3 = Api(gridcenter, "worker1"), Api(gridcenter, "worker3")
    _, c1 = w1.pull_all()
    _, c3 = w3.pull_all()
    old = _epoch(gridcenter)
    assert _payload(c1)["e"] == old and _payload(c1)["v"] == 2

    done = gridcenter.admin("new-cursor-epoch")
    assert done.returncode == 0, done.stderr
    assert "从头重新下载" in done.stdout
    new = _epoch(gridcenter)
    assert new != old and len(new) == 16
    ((_, _, target, detail, success),) = audit_events(gridcenter, "admin_new_cursor_epoch")
    assert (target, detail, success) == ("cursor_epoch", f"{old}->{new}", True)
    _refused(w1, c1, "epoch")
    _refused(w3, c3, "epoch")
    rows, c1 = w1.pull_all()
    assert rows and _payload(c1)["e"] == new
    assert w1.pull(c1)["changes"] == []


def test_a_grid_the_restored_database_never_had_makes_the_cursor_invalid(gridcenter, tmp_path):
    w1 = Api(gridcenter, "worker1")
    copy = backup(gridcenter, tmp_path / "backup.sqlite3")
    assert gridcenter.admin("create-grid", "--code", GRID3, "--name", "三网格").returncode == 0
    assert gridcenter.admin("assign", "--username", "worker1", "--grid", GRID3).returncode == 0
    _, cursor = w1.pull_all()
    mark = counter(gridcenter)

    restore(gridcenter, copy)
    _households(w1, mark - counter(gridcenter))  # so that no mark is above the counter
    assert counter(gridcenter) >= mark
    # The next grid created would take the lost grid's number (and the cursor's mark for it).
    _refused(w1, cursor, "unknown grid")


def test_a_cursor_signed_before_epochs_is_cursor_invalid(gridcenter):
    """Not taken for the current epoch: new-cursor-epoch could not reach it then."""
    w1 = Api(gridcenter, "worker1")
    _, cursor = w1.pull_all()
    payload = _payload(cursor)
    old = {"v": 1, "u": payload["u"], "t": payload["t"]}
    raw = json.dumps(old, separators=(",", ":")).encode()
    secret = (gridcenter.data_dir / "secret.key").read_bytes().strip()
    sig = hmac.new(secret, raw, hashlib.sha256).digest()

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    _refused(w1, f"{b64(raw)}.{b64(sig)}", "no epoch")


def test_cursor_round_trip_carries_the_epoch():
    token = cursors.encode(b"k" * 32, "u1", {1: 5, 2: 5, 7: 9}, "ab12")
    got = cursors.decode(b"k" * 32, "u1", token)
    assert got.marks == {1: 5, 2: 5, 7: 9} and got.epoch == "ab12"
    with pytest.raises(cursors.CursorInvalid, match="foreign"):
        cursors.decode(b"k" * 32, "u2", token)


def test_restore_detection_on_postgres(tmp_path, postgres_url):  # noqa: F811
    with GridcenterProcess(tmp_path / "pg", database_url=postgres_url) as server:
        w1 = Api(server, "worker1")
        _, cursor = w1.pull_all()
        engine = create_engine(postgres_url)
        try:
            with engine.begin() as conn:  # what a restored dump looks like to the cursor
                conn.execute(text("UPDATE counters SET value = value - 1 WHERE name = 'seq'"))
        finally:
            engine.dispose()
        r = w1.get("/changes", params={"cursor": cursor})
        assert r.status_code == 400 and r.json()["error"]["code"] == "cursor_invalid"
        _, cursor = w1.pull_all()
        assert server.admin("new-cursor-epoch").returncode == 0
        r = w1.get("/changes", params={"cursor": cursor})
        assert r.status_code == 400 and r.json()["error"]["code"] == "cursor_invalid"
        rows, _ = w1.pull_all()
        assert rows
