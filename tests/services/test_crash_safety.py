"""A killed process mid-visit-save leaves the whole visit (row + journal + photos) or none.

A child process logs visits with photos and is SIGKILLed: at random moments in a loop, and at
chosen points (photo files written, rows flushed, just before and just after commit). After
each kill the workspace is reopened and checked.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from gridworker.api import Workspace

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

CHILD = textwrap.dedent(
    """
    import io, os, signal, sys
    from PIL import Image
    from gridworker.api import Workspace
    from gridworker.storage.photos import PhotoStore

    data_dir, household_id, mode = sys.argv[1:4]
    ws = Workspace.open(data_dir)

    def jpeg(i):
        image = Image.new("RGB", (320, 240), ((i * 37) % 256, (i * 91) % 256, 120))
        buf = io.BytesIO()
        image.save(buf, "JPEG")
        return buf.getvalue()

    def die(*_args, **_kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if mode == "loop":
        i = 0
        while True:
            ws.log_visit(household_id, summary=f"visit {i}", photos=[jpeg(i), jpeg(i + 1)])
            print(i, flush=True)
            i += 1
    point = mode
    if point == "after-photos":
        original = PhotoStore.put
        def put_then_die(self, photo):
            original(self, photo)
            die()
        PhotoStore.put = put_then_die
    else:
        from sqlalchemy import event
        from sqlalchemy.orm import Session
        hook = {"after-flush": "after_flush", "before-commit": "before_commit",
                "after-commit": "after_commit"}[point]
        event.listen(Session, hook, die)
    print("armed", flush=True)
    ws.log_visit(household_id, summary="killed", photos=[jpeg(999)])
    print("survived", flush=True)
    """
)


def _spawn(tmp_path: Path, data_dir: Path, household_id: str, mode: str) -> subprocess.Popen:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen(
        [sys.executable, str(script), str(data_dir), household_id, mode],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def _check_consistent(data_dir: Path) -> dict[str, int]:
    """Every visit has its journal entry and photos; nothing refers to what is missing."""
    conn = sqlite3.connect(data_dir / "gridworker.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    visits = {r[0] for r in conn.execute("SELECT id FROM visits")}
    journalled = [r[0] for r in conn.execute(
        "SELECT row_id FROM journal WHERE entity = 'visit' AND op = 'create'"
    )]
    assert sorted(journalled) == sorted(visits), "a visit without its journal entry, or vice versa"
    for visit_id, sha in conn.execute("SELECT visit_id, sha256 FROM visit_photos"):
        assert visit_id in visits
        path = data_dir / "photos" / sha[:2] / f"{sha}.jpg"
        assert path.exists(), "a visit refers to a photo file that is missing"
    for (sha,) in conn.execute("SELECT sha256 FROM photos"):
        assert (data_dir / "photos" / sha[:2] / f"{sha}.jpg").exists()
    linked = conn.execute("SELECT count(*) FROM visit_photos").fetchone()[0]
    return {"visits": len(visits), "photos_linked": linked}


@pytest.fixture
def village(tmp_path: Path) -> tuple[Path, str]:
    data_dir = tmp_path / "ws"
    with Workspace.open(data_dir) as ws:
        grid = ws.create_grid(code="110105001001001", name="第一网格")
        household = ws.add_household(grid.id, door_number="1号")
    return data_dir, household.id


@pytest.mark.parametrize(
    ("point", "saved"),
    [("after-photos", False), ("after-flush", False), ("before-commit", False),
     ("after-commit", True)],
)
def test_kill_at_each_point_leaves_all_or_nothing(tmp_path, village, point, saved):
    data_dir, household_id = village
    child = _spawn(tmp_path, data_dir, household_id, point)
    out, err = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, err
    assert "armed" in out and "survived" not in out
    conn = sqlite3.connect(data_dir / "gridworker.sqlite3")
    killed = conn.execute("SELECT count(*) FROM visits WHERE summary = 'killed'").fetchone()[0]
    assert killed == (1 if saved else 0)
    _check_consistent(data_dir)
    # The workspace opens normally afterwards, and files of a save that never committed
    # are cleaned away.
    with Workspace.open(data_dir) as ws:
        removed = ws.remove_orphan_photos(min_age_seconds=0)
        assert ws.status().visits == killed
    left = list((data_dir / "photos").rglob("*.jpg"))
    if saved:
        assert removed == 0 and len(left) == 2  # the photo and its thumbnail
    else:
        assert removed == 2 and left == []


def test_random_kills_during_a_stream_of_visits(tmp_path, village):
    data_dir, household_id = village
    rng = random.Random(20261121)
    survived_total = 0
    for _ in range(5):
        child = _spawn(tmp_path, data_dir, household_id, "loop")
        assert child.stdout is not None
        wanted = rng.randint(1, 4)
        for _ in range(wanted):
            if not child.stdout.readline():
                pytest.fail(child.stderr.read() if child.stderr else "child died")
        time.sleep(rng.uniform(0, 0.15))  # land somewhere inside the next save
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        counts = _check_consistent(data_dir)
        assert counts["visits"] >= survived_total + wanted
        survived_total = counts["visits"]
    with Workspace.open(data_dir) as ws:
        ws.remove_orphan_photos(min_age_seconds=0)
        assert ws.status().visits == survived_total
    _check_consistent(data_dir)
