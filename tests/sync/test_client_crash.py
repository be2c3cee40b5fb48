"""A client killed with SIGKILL in the middle of a sync loses nothing and duplicates nothing.

A child process (tests/sync/crash_child.py) runs ``Workspace.sync()`` on a workspace holding
thousands of pending journal entries (new households and residents, edits of existing
residents) and visits with photos, while another worker's rows make the pull several pages
long. It dies by SIGKILL at a chosen point (during a push, between a push answer and its local
commit, inside that commit, inside a pull page, between pages, during and right after a photo
chunk) or at random moments. After each kill the workspace is opened again and synced to the
end; then:

- every row made here is on the server exactly once (creates at version 1, each edit applied
  once: version = base + 1), every mutation id stored once;
- the local journal is empty (nothing pending, nothing rejected) and the workspace holds
  exactly the server's rows of its grid (ids, versions, values);
- every photo is on the server, complete, with the right SHA-256, and no visit awaits media.

One server and one workspace for the module; each round adds its own work.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image
from support.server import GRID1, GridcenterProcess, fresh_data_dir

from gridworker.api import Workspace
from gridworker.storage.journal import create_row, update_row
from gridworker.storage.models import HouseholdRow, JournalEntryRow, ResidentRow
from gridworker.sync.credentials import MemoryStore

from . import _conv_dump as dump

pytestmark = pytest.mark.slow

CHILD = Path(__file__).with_name("crash_child.py")
ROOT = Path(__file__).resolve().parents[2]
ENGINE = {"push_batch": 150, "pull_limit": 250, "chunk_bytes": 64 * 1024}
CHILD_TIMEOUT = 120


def noisy_jpeg(seed: int, size: tuple[int, int] = (900, 700)) -> bytes:
    """A photo that stays large after processing (noise does not compress)."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


@dataclass
class Work:
    """What one round made locally, to find on the server afterwards."""

    tag: str
    created: dict[str, str] = field(default_factory=dict)  # row id -> entity
    edited: dict[str, tuple[int, str]] = field(default_factory=dict)  # resident -> (base, note)
    photos: list[str] = field(default_factory=list)
    visits: list[str] = field(default_factory=list)


class Rig:
    def __init__(self, server: GridcenterProcess, root: Path):
        self.server = server
        self.root = root
        self.data_dir = root / "crashing"
        self.ws = self.open()
        self.ws.login(server.url, "worker1", server.password)
        self.ws.sync()
        self.grid_id = {g.code: g.id for g in self.ws.grids()}[GRID1]
        self.ws.close()
        self.other = Workspace.open(root / "other", credentials=MemoryStore())
        self.other.login(server.url, "worker2", server.password)
        self.other.sync()
        self.rounds = 0
        self.mutations: set[str] = set()
        self.photos: list[str] = []
        self.log: list[str] = []

    def open(self) -> Workspace:
        ws = Workspace.open(self.data_dir, credentials=MemoryStore())
        ws.sync_service.engine_options = dict(ENGINE)
        return ws

    # -- work ---------------------------------------------------------------------------
    def make_work(self, households: int, residents_each: int, edits: int, photos: int) -> Work:
        self.rounds += 1
        work = Work(tag=f"crash{self.rounds}")
        ws = self.open()
        try:
            now = ws.ctx.now()
            with ws.db.transaction() as s:
                for i in range(households):
                    h = create_row(s, HouseholdRow(
                        grid_id=self.grid_id, group_name="崩溃测试", door_number=f"{work.tag}-{i}",
                        address_detail="", dwelling_type="owner_occupied", phone="", tags=[],
                        status="active"), entity="household", actor="worker1", now=now)
                    work.created[h.id] = "household"
                    for j in range(residents_each):
                        r = create_row(s, _resident(h.id, f"{work.tag}居民{i}-{j}"),
                                       entity="resident", actor="worker1", now=now)
                        work.created[r.id] = "resident"
                s.flush()
                existing = s.query(ResidentRow).join(
                    HouseholdRow, HouseholdRow.id == ResidentRow.household_id
                ).filter(HouseholdRow.group_name != "崩溃测试", ResidentRow.version > 0).order_by(
                    ResidentRow.id).offset((self.rounds - 1) * edits).limit(edits).all()
                for r in existing:
                    note = f"{work.tag}-edit-{r.id[-6:]}"
                    base = r.version
                    update_row(s, r, {"note": note}, entity="resident", actor="worker1", now=now)
                    work.edited[r.id] = (base, note)
            target = sorted(h.id for h in ws.households())[self.rounds]
            for k in range(photos):
                visit = ws.log_visit(target, summary=f"{work.tag} 走访 {k}",
                                     photos=[noisy_jpeg(self.rounds * 100 + k)])
                work.visits.append(visit.id)
                work.created[visit.id] = "visit"
                work.photos.append(visit.photos[0].sha256)
            with ws.db.reading() as s:
                self.mutations |= {m for (m,) in s.query(JournalEntryRow.mutation_id)}
        finally:
            ws.close()
        self.photos += work.photos
        return work

    def other_writes(self, households: int, residents_each: int) -> None:
        """Another worker's rows: the crashing client's pull has several pages."""
        now = self.other.ctx.now()
        with self.other.db.transaction() as s:
            for i in range(households):
                h = create_row(s, HouseholdRow(
                    grid_id=self.grid_id, group_name="他人", door_number=f"o{self.rounds}-{i}",
                    address_detail="", dwelling_type="owner_occupied", phone="", tags=[],
                    status="active"), entity="household", actor="worker2", now=now)
                for j in range(residents_each):
                    create_row(s, _resident(h.id, f"他人{i}-{j}"), entity="resident",
                               actor="worker2", now=now)
        self.other.sync()

    # -- the child ------------------------------------------------------------------------
    def run_child(self, crash_at: str | None = None, kill_after: float | None = None) -> int:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        env["CRASH_ENGINE"] = json.dumps(ENGINE)
        env.pop("CRASH_AT", None)
        if crash_at:
            env["CRASH_AT"] = crash_at
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(self.data_dir), self.server.url, "worker1",
             self.server.password],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            assert child.stdout is not None
            line = child.stdout.readline()
            if line.strip() == "READY" and kill_after is not None:
                try:
                    child.wait(kill_after)
                except subprocess.TimeoutExpired:
                    child.send_signal(signal.SIGKILL)
            out, err = child.communicate(timeout=CHILD_TIMEOUT)
        except BaseException:
            child.kill()
            child.wait()
            raise
        code = child.returncode
        if code not in (0, -signal.SIGKILL):
            raise AssertionError(f"child failed ({code}):\n{line}{out}\n{err}")
        phases = [x.split()[1] for x in out.splitlines() if x.startswith("PHASE ")]
        where = f"killed in {phases[-1] if phases else 'push'}" if code else "finished"
        self.log.append(f"{crash_at or f'random {kill_after:.2f}s'}: {where}")
        return code

    def recover(self) -> None:
        """Open the workspace again (a new process would) and sync to the end."""
        ws = self.open()
        try:
            ws.login(self.server.url, "worker1", self.server.password)
            first = ws.sync()
            again = ws.sync()  # brings the visits rewritten once their photos arrived
            assert again.pushed == 0 and again.uploaded == 0, (first.as_dict(), again.as_dict())
            assert ws.sync().nothing_happened
        finally:
            ws.close()

    # -- the checks ---------------------------------------------------------------------
    def check(self, work: Work) -> None:
        server = dump.ServerRows(self.server.data_dir / "gridcenter.sqlite3")
        problems: list[str] = []
        for row_id, entity in work.created.items():
            got = server.rows.get((entity, row_id))
            if got is None or got[1]:
                problems.append(f"{entity} {row_id} missing on the server")
            elif got[0] != 1 and not (entity == "visit" and got[0] == 2):
                # (a visit is rewritten once when its awaited photos arrive)
                problems.append(f"{entity} {row_id} at version {got[0]} (created twice?)")
        for row_id, (base, note) in work.edited.items():
            version, deleted, _, _, data = server.rows[("resident", row_id)]
            if (version, data["note"]) != (base + 1, note) or deleted:
                problems.append(f"resident {row_id}: v{version} {data['note']!r}, expected "
                                f"v{base + 1} {note!r} (edit lost or applied twice)")
        for visit in work.visits:
            data = server.rows[("visit", visit)][4]
            if data.get("awaiting_media"):
                problems.append(f"visit {visit} still awaits {data['awaiting_media']}")
        for sha in self.photos:
            path = self.server.data_dir / "blobs" / sha[:2] / sha
            if not server.blobs.get(sha) or not path.is_file():
                problems.append(f"photo {sha[:12]} not complete on the server")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                problems.append(f"photo {sha[:12]} stored with the wrong bytes")
        doors = [d["door_number"] for key, (_, deleted, _, _, d) in server.rows.items()
                 if key[0] == "household" and not deleted
                 and d["door_number"].startswith(f"{work.tag}-")]
        if len(doors) != len(set(doors)) or len(doors) != sum(
                1 for e in work.created.values() if e == "household"):
            problems.append(f"{len(doors)} households of {work.tag} on the server")
        db = self.server.data_dir / "gridcenter.sqlite3"
        stored = _count_mutations(db, self.mutations)
        if stored != len(self.mutations):
            problems.append(f"{stored} of {len(self.mutations)} mutation ids stored")
        journal = dump.journal(self.data_dir / "gridworker.sqlite3")
        states = {(e["state"], e["status"]) for e in journal}
        if states - {("sent", "applied")}:
            problems.append(f"journal states {states}")
        if dump.flags(self.data_dir / "gridworker.sqlite3"):
            problems.append("rows flagged locally")
        local = dump.local_rows(self.data_dir / "gridworker.sqlite3")
        for line in dump.diff(local, server.in_scope([self.grid_id]), ("local", "server"))[:20]:
            problems.append(f"local vs server: {line}")
        assert not problems, "\n".join([*problems, "kills:", *self.log])


def _resident(household_id: str, name: str) -> ResidentRow:
    return ResidentRow(
        household_id=household_id, name=name, former_name="", sex="female", ethnicity="01",
        citizen_id="", birth_date=None, phone="", relation="other",
        population_type="registered", residence_status="consistent", care_categories=[],
        management_categories=[], status="active", note="",
    )


def _count_mutations(db: Path, ids: set[str]) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        conn.execute("CREATE TEMP TABLE wanted (id TEXT PRIMARY KEY)")
        conn.executemany("INSERT INTO wanted VALUES (?)", [(i,) for i in ids])
        return conn.execute(
            "SELECT count(*) FROM mutations WHERE mutation_id IN (SELECT id FROM wanted)"
        ).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def rig(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    with GridcenterProcess(fresh_data_dir(root / "server")) as server:
        made = Rig(server, root)
        yield made
        made.other.close()


# (name, kill points in order, households, residents each, edits, photos). Each kill runs a new
# child on the same workspace (so a recovery can itself be killed); then the parent recovers.
ROUNDS = [
    ("push-inflight", ["push_inflight:2:0.02"], 300, 9, 200, 3),
    ("push-answer", ["push_answer:2"], 40, 9, 50, 1),
    ("push-commit-twice", ["push_commit:1", "push_commit:2"], 40, 9, 50, 1),
    ("pull-page", ["pull_page:2"], 40, 9, 50, 1),
    ("pull-between-pages", ["pull_request:3"], 40, 9, 50, 1),
    ("upload-inflight", ["upload_inflight:3:0.005"], 10, 4, 10, 3),
    ("upload-answer-then-last-chunk", ["upload_answer:4", "upload_answer:6"], 10, 4, 10, 2),
]
KILLED_AT_POINT = -signal.SIGKILL


@pytest.mark.parametrize(("kills", "households", "residents", "edits", "photos"),
                         [r[1:] for r in ROUNDS], ids=[r[0] for r in ROUNDS])
def test_killed_at_a_chosen_point(rig, kills, households, residents, edits, photos):
    work = rig.make_work(households, residents, edits, photos)
    rig.other_writes(30, 9)
    for spec in kills:
        assert rig.run_child(spec) == KILLED_AT_POINT, f"{spec} was never reached"
    rig.recover()
    rig.check(work)


def test_killed_at_random_moments(rig):
    """Random kill times. How long a sync takes depends on the machine, so the window adapts:
    a child that finished before its kill gets fresh work and a shorter window, until three
    kills have landed (no assertion on timing; every round's work is checked)."""
    rng = random.Random(20261121)
    started = time.monotonic()
    works = []
    other_done = False
    killed, upper = 0, 1.5
    for _ in range(12):
        works.append(rig.make_work(100, 9, 100, 3))
        if not other_done:
            rig.other_writes(30, 9)
            other_done = True
        if rig.run_child(kill_after=rng.uniform(0.02, upper)) != 0:
            killed += 1
            if killed == 3:
                break
        else:
            upper = max(0.05, upper / 2)
    rig.recover()
    for work in works:
        rig.check(work)
    print(f"random kills: {killed} in {len(works)} rounds ({time.monotonic() - started:.1f} s);",
          "; ".join(rig.log[-len(works):]))
    assert killed == 3, rig.log


def test_a_fresh_client_holds_everything_exactly_once(rig, tmp_path):
    """The admin, from scratch: every row of grid 1 the crashing workspace holds, once, and
    every photo downloads with its hash."""
    fresh = Workspace.open(tmp_path / "fresh-admin", credentials=MemoryStore())
    try:
        fresh.login(rig.server.url, "admin", rig.server.password)
        fresh.sync()
        theirs = dump.local_rows(fresh.db.path)
        mine = dump.local_rows(rig.data_dir / "gridworker.sqlite3")
        grid1 = {k: v for k, v in theirs.items()
                 if _grid_of(k, theirs) == rig.grid_id}
        assert dump.diff(mine, grid1, ("crashed", "fresh admin")) == []
        for sha in rig.photos:
            path = fresh.download_photo(sha, "full")
            assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    finally:
        fresh.close()


def _grid_of(key, rows):
    entity = key[0]
    if entity == "household":
        return rows[key][1]["grid_id"]
    data = rows[key][1]
    if entity == "visit_amendment":
        return _grid_of(("visit", data["visit_id"]), rows)
    return rows[("household", data["household_id"])][1]["grid_id"]
