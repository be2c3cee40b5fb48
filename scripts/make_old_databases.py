"""Make the old databases of tests/fixtures/old_databases with the code of an old checkout.

Each schema version the workspace database (and the gridcenter database) has had gets a real
file made BY THE CODE OF THAT VERSION, so tests/storage/test_old_databases.py and
tests/gridcenter/test_old_databases.py can show that today's code upgrades it. Run it against
a checkout of the commit where that revision was the newest, with that checkout's packages
first on the path, for example::

    git worktree add --detach /tmp/old-aea11e6 aea11e6
    PYTHONPATH=/tmp/old-aea11e6 .venv/bin/python scripts/make_old_databases.py /tmp/old-aea11e6
    git worktree remove /tmp/old-aea11e6

It writes, under ``--out`` (default: this checkout's tests/fixtures/old_databases):

- ``workspace-<rev>/``: a worker's data folder (``gridworker.sqlite3`` and ``photos/``) with
  ``meta.json`` (revision, source commit, account, password of the paired centre).
- ``gridcenter-<rev>-<commit>/``: the centre it synced with (``gridcenter.sqlite3``,
  ``secret.key``, ``blobs/``), when that version had sync.

What the workspace holds (as far as that version supports it): a grid pulled from the centre
(or, before sync existed, created locally), households with residents from the demo
generator (fictitious ID numbers and phones), visits, one with a photo, an amendment, a
reveal in the audit log, a field conflict with a colleague left open, a change the centre
refused (and, from 0003, a kept copy of it), sync cursors, and pending journal entries: a
new household with residents, a visit with a photo not yet uploaded, an amendment and an
edit, all made after the last sync.

This script imports only the old checkout's packages (never this checkout's), so keep it
free of imports from gridworker/gridcenter at module level and of anything newer than the
oldest version's API (``Workspace`` methods of 0001).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
PASSWORD = "old-db-pass-1"
GRID1 = ("110105001001001", "前进村第一网格")
GRID2 = ("110105001001002", "前进村第二网格")
LOCAL_GRID = ("110105001001003", "前进村第三网格")
"""The grid a workspace from before sync made for itself (no centre had it)."""
PLACE = {"village": "前进村", "township": "示范镇", "county": "示范县"}


def revisions(folder: Path) -> list[str]:
    return sorted(p.name.split("_", 1)[0] for p in folder.glob("[0-9]*_*.py"))


def git(checkout: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(checkout), *args], check=True,
                          capture_output=True, text=True).stdout.strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def jpeg(color: tuple[int, int, int]) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), color)
    ImageDraw.Draw(image).rectangle((40, 40, 200, 160), fill=(230, 230, 210))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def stamp(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def compact(path: Path) -> None:
    """Checkpoint the WAL into the file, leave WAL mode (one self-contained file) and VACUUM."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("VACUUM")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# -- the centre -----------------------------------------------------------------------------


class Centre:
    """The old checkout's gridcenter, run as its CLI runs it (in the checkout: ``python -m``
    puts the working directory first on the path, ahead of PYTHONPATH)."""

    def __init__(self, checkout: Path, data_dir: Path):
        self.checkout, self.data_dir = checkout, data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, PYTHONPATH=str(checkout), GRIDCENTER_PASSWORD=PASSWORD)
        self.env.pop("GRIDCENTER_DATABASE_URL", None)
        self.process: subprocess.Popen[bytes] | None = None

    def admin(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "gridcenter", "admin", "--data-dir", str(self.data_dir),
             *args], env=self.env, cwd=self.checkout, capture_output=True, text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"gridcenter admin {args}: {done.stdout}{done.stderr}")
        return done.stdout

    def seed(self) -> None:
        self.data_dir.mkdir(parents=True)
        for code, name in (GRID1, GRID2):
            self.admin("create-grid", "--code", code, "--name", name,
                       *(f"--{k}={v}" for k, v in PLACE.items()))
        for username, role, display in (("worker1", "worker", "李秀英"),
                                        ("worker2", "worker", "王建国"),
                                        ("admin", "centre_admin", "网格管理中心")):
            self.admin("create-user", "--username", username, "--role", role,
                       "--display-name", display)
        for username in ("worker1", "worker2"):
            self.admin("assign", "--username", username, "--grid", GRID1[0])

    def start(self) -> None:
        log = (self.data_dir.parent / "centre.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gridcenter", "serve", "--data-dir", str(self.data_dir),
             "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env, cwd=self.checkout, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/hello", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the old gridcenter did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None


# -- the content ----------------------------------------------------------------------------


def demo_people(grid_code: str) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Households and their residents from the old checkout's demo generator (fictitious ID
    numbers and phones with valid check digits), as values for the services."""
    try:
        from gridworker.services.demo import generate_village
    except ImportError:  # the generator moved to a package of its own
        from gridworker.demo import generate_village  # type: ignore[no-redef]

    village = generate_village(households=8, seed=2026, grid_code=grid_code)

    def plain(value: Any) -> Any:
        if isinstance(value, (frozenset, set, tuple, list)):
            return sorted(plain(v) for v in value)
        return getattr(value, "value", value)

    out = []
    for household in village.households:
        members = [r for r in village.residents if r.household_id == household.id]
        h_values = {k: plain(getattr(household, k)) for k in
                    ("group_name", "door_number", "address_detail", "dwelling_type", "phone")}
        r_values = [{k: plain(getattr(r, k)) for k in
                     ("name", "citizen_id", "relation", "phone", "ethnicity",
                      "care_categories")} for r in members]
        out.append((h_values, r_values))
    return out


def add_household(ws: Any, grid_id: str, people: tuple[dict[str, Any], list[dict[str, Any]]]
                  ) -> Any:
    h_values, residents = people
    household = ws.add_household(grid_id, **h_values)
    for values in residents:
        ws.add_resident(household.id, **values)
    return household


def visit(ws: Any, household_id: str, summary: str, **values: Any) -> Any:
    return ws.log_visit(household_id, summary=summary, **values)


def fill_synced(checkout: Path, work: Path) -> tuple[Path, Centre, dict[str, Any]]:
    """A worker's workspace that synced with a centre of its time, and that centre."""
    from gridworker.api import Workspace
    from gridworker.sync.credentials import MemoryStore

    centre = Centre(checkout, work / "centre")
    centre.seed()
    centre.start()
    people = demo_people(GRID1[0])
    notes: dict[str, Any] = {}
    try:
        w2 = Workspace.open(work / "worker2", credentials=MemoryStore())
        w2.login(centre.url, "worker2", PASSWORD)
        w2.sync()
        grid_id = w2.grids()[0].id
        a = add_household(w2, grid_id, people[0])
        b = add_household(w2, grid_id, people[1])
        visit(w2, a.id, "入户了解老人身体状况，精神尚可", people_met="户主")
        w2.sync()

        w1 = Workspace.open(work / "worker1", credentials=MemoryStore())
        w1.login(centre.url, "worker1", PASSWORD)
        w1.sync()  # pulls the grid and worker2's households: the cursor
        c = add_household(w1, grid_id, people[2])
        d = add_household(w1, grid_id, people[3])
        v_c = visit(w1, c.id, "走访了解家庭收入情况，反映道路积水", photos=[jpeg((90, 140, 60))],
                    findings=[{"kind": "request", "text": "村口道路雨后积水"}])
        visit(w1, b.id, "回访了解就医情况，情况稳定", visit_type="return_visit")
        w1.amend_visit(v_c.id, reason="补记在场人员", people_met="户主及其配偶")
        w1.sync()

        # A conflict: both change household A's phone; worker2's reaches the centre first.
        w2.update_household(a.id, phone="13900001111")
        w2.sync()
        w1.update_household(a.id, phone="13900002222")
        w1.sync()
        notes["conflicts"] = len(w1.conflicts())

        # A refused change: the centre moved household D to another grid meanwhile.
        centre.admin("reassign-household", "--household", d.id, "--grid", GRID2[0])
        w1.update_household(d.id, door_number=f"{h_door(people[3])}-1")
        w1.sync()
        rejected = w1.rejections()
        notes["rejections"] = len(rejected)
        if rejected and hasattr(w1, "keep_rejected_copy"):
            w1.keep_rejected_copy(rejected[0].mutation_id)
            notes["kept_copies"] = 1

        # After the last sync: changes still waiting in the journal.
        e = add_household(w1, grid_id, people[4])
        visit(w1, e.id, "新登记户首次走访，核实人口信息", photos=[jpeg((60, 90, 160))])
        (v_b,) = [v for v in w1.visits_of(b.id)]
        w1.amend_visit(v_b.id, reason="走访类型登记有误", visit_type="focus")
        first = w1.residents(c.id)[0]
        w1.update_resident(first.id, phone="13700003333")
        w1.reveal(first.id, "citizen_id", reason="核对低保申请材料")
        notes["pending"] = w1.status().pending_changes
        w1.close()
        w2.close()
    finally:
        centre.stop()
    return work / "worker1", centre, notes


def h_door(people: tuple[dict[str, Any], list[dict[str, Any]]]) -> str:
    return str(people[0]["door_number"] or "1号")


def fill_local(work: Path) -> tuple[Path, dict[str, Any]]:
    """A workspace from before sync existed: it made its own grid; every change is pending."""
    from gridworker.api import Workspace
    from gridworker.domain.entities import Actor
    from gridworker.domain.vocab import Role

    ws = Workspace.open(work / "worker1")
    ws.set_actor(Actor(username="worker1", display_name="李秀英", role=Role.WORKER))
    grid = ws.create_grid(code=LOCAL_GRID[0], name=LOCAL_GRID[1], **PLACE)
    people = demo_people(LOCAL_GRID[0])
    households = [add_household(ws, grid.id, p) for p in people[:4]]
    v = visit(ws, households[0].id, "入户走访，了解用水用电情况", photos=[jpeg((90, 140, 60))],
              findings=[{"kind": "sanitation", "text": "屋后垃圾未清运"}])
    visit(ws, households[1].id, "回访了解就医情况，情况稳定", visit_type="return_visit")
    ws.amend_visit(v.id, reason="补记在场人员", people_met="户主")
    first = ws.residents(households[2].id)[0]
    ws.update_resident(first.id, phone="13700003333")
    ws.reveal(first.id, "citizen_id", reason="核对低保申请材料")
    notes = {"pending": ws.status().pending_changes}
    ws.close()
    return work / "worker1", notes


# -- writing the fixtures -------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkout", type=Path, help="a checkout of the old commit")
    parser.add_argument("--out", type=Path, default=HERE / "tests/fixtures/old_databases")
    parser.add_argument("--centre-only", action="store_true",
                        help="write only the centre (for a commit whose workspace revision "
                             "already has its file from a later commit)")
    args = parser.parse_args(argv)
    checkout = args.checkout.resolve()

    import gridworker

    if Path(gridworker.__file__).resolve().parents[1] != checkout:
        parser.error(f"run with PYTHONPATH={checkout} (gridworker came from "
                     f"{gridworker.__file__})")
    commit = git(checkout, "rev-parse", "HEAD")
    short = commit[:7]
    ws_rev = revisions(checkout / "gridworker/storage/migrations/versions")[-1]
    centre_dir = checkout / "gridcenter/migrations/versions"
    from gridworker.api import Workspace

    synced = hasattr(Workspace, "login") and centre_dir.is_dir()
    if args.centre_only and not synced:
        parser.error("--centre-only: this checkout has no gridcenter to sync with")
    made = datetime.now(UTC).replace(microsecond=0).isoformat()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="old-db-") as tmp:
        work = Path(tmp)
        meta: dict[str, Any] = {"kind": "workspace", "revision": ws_rev, "commit": commit,
                                "made": made, "account": "worker1"}
        if synced:
            folder, centre, notes = fill_synced(checkout, work)
            centre_rev = revisions(centre_dir)[-1]
            centre_name = f"gridcenter-{centre_rev}-{short}"
            target = args.out / centre_name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(centre.data_dir, target)
            compact(target / "gridcenter.sqlite3")
            if stamp(target / "gridcenter.sqlite3") != centre_rev:
                raise RuntimeError(f"the centre file is not at {centre_rev}: wrong gridcenter ran")
            (target / "meta.json").write_text(json.dumps({
                "kind": "gridcenter", "revision": centre_rev, "commit": commit, "made": made,
                "password": PASSWORD, "users": ["worker1", "worker2", "admin"],
                "grids": [GRID1[0], GRID2[0]],
                "workspace": None if args.centre_only else f"workspace-{ws_rev}",
            }, indent=2, ensure_ascii=False) + "\n")
            meta.update(centre=centre_name, password=PASSWORD)
        else:
            folder, notes = fill_local(work)
            meta.update(centre=None, local_grid=LOCAL_GRID[0])
        meta["content"] = notes
        if args.centre_only:
            print(f"{centre_name} written; the workspace ({ws_rev}) was not")
            return 0
        target = args.out / f"workspace-{ws_rev}"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns("*.bak", "*-wal", "*-shm"))
        compact(target / "gridworker.sqlite3")
        if stamp(target / "gridworker.sqlite3") != ws_rev:
            raise RuntimeError(f"the workspace file is not at {ws_rev}: wrong gridworker ran")
        (target / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(meta, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
