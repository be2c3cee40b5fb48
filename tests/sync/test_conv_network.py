"""Convergence through a bad network: a fault-injecting TCP proxy (tests/support/faultproxy.py)
between real gridworker clients and a real gridcenter.

- chaos: connections are dropped, reset, cut in either direction, delayed, or answered with
  garbage (seeded) while two workers edit, log visits with photos and sync again and again;
  once the network is good again they converge, nothing lost, nothing twice;
- a malformed or cut answer (garbage instead of HTTP, broken JSON, a captive-portal page, a
  push answer or a pull page cut in half) leaves the workspace exactly as it was;
- a photo upload cut at ~90 % resumes: the next sync sends only the missing tail.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from datetime import datetime

import pytest
from support.faultproxy import FaultProxy
from support.server import GridcenterProcess, fresh_data_dir

from gridworker.api import Workspace
from gridworker.storage.journal import create_row
from gridworker.storage.models import JournalEntryRow
from gridworker.sync.client import RetryPolicy
from gridworker.sync.credentials import MemoryStore
from gridworker.sync.errors import SyncError
from gridworker.sync.report import SyncReport

from . import _conv_dump as dump
from ._conv_model import Example, Fleet, Made
from .test_client_crash import _resident, noisy_jpeg

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("netfaults")
    with GridcenterProcess(fresh_data_dir(root / "server")) as process:
        yield process


@pytest.fixture
def proxy(server):
    with FaultProxy("127.0.0.1", server.port) as made:
        yield made


def _blob_ok(server: GridcenterProcess, sha: str) -> bool:
    path = server.data_dir / "blobs" / sha[:2] / sha
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha


def _stored(server: GridcenterProcess, mutation_id: str) -> bool:
    import sqlite3

    conn = sqlite3.connect(f"file:{server.data_dir / 'gridcenter.sqlite3'}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT 1 FROM mutations WHERE mutation_id = ?",
                            (mutation_id,)).fetchone() is not None
    finally:
        conn.close()


def test_chaos_then_calm_two_workers_converge_nothing_lost_or_twice(server, proxy, tmp_path):
    # No retries inside a sync: every fault that lands fails the sync at that step.
    fleet = Fleet(server, tmp_path / "chaos", ("w1a", "w2", "admin"), url=proxy.url,
                  client_options={"retry": RetryPolicy(attempts=1)})
    try:
        example = Example(fleet, say=lambda text: None)
        example.create_households((3, 0))
        rng = random.Random(20261121)
        proxy.chaos(probability=0.5, seed=7, max_bytes=4000, max_delay=0.3)
        outcomes: Counter[str] = Counter()
        photos: list[str] = []
        kinds = ("household", "resident", "resident", "add_resident", "delete_resident",
                 "visit", "amend", "sync", "sync", "sync", "sync", "photo")
        for step in range(80):
            client = rng.choice(("w1a", "w2"))
            kind = rng.choice(kinds)
            ws = fleet.ws[client]
            if kind == "sync":
                proxy.kill_connections()  # a new connection (and a new draw) for each sync
                try:
                    ws.sync()
                    outcomes["sync ok"] += 1
                except SyncError as exc:
                    outcomes[f"sync failed: {type(exc).__name__}"] += 1
                    example.log.append(f"{step}: {client} sync failed ({exc.code})")
            elif kind == "photo":
                household = rng.choice(example.households)
                visit = ws.log_visit(household, summary=f"{client} 拍照走访 {step}",
                                     photos=[noisy_jpeg(step, (400, 300))])
                photos.append(visit.photos[0].sha256)
                with ws.db.reading() as s:
                    mid = s.query(JournalEntryRow.mutation_id).filter(
                        JournalEntryRow.row_id == visit.id).scalar()
                example.made.append(Made(step, client, "visit", visit.id, mid, "create"))
            else:
                example.run(step, (kind, client, rng.randrange(40), rng.randrange(30)))
        faults = proxy.faults_triggered
        proxy.pass_through()
        fleet.sync_all(2)
        fleet.sync_all(1)  # visits rewritten when their photos arrived
        print(f"chaos: {dict(outcomes)}; {faults} faults on {proxy.connections_opened} "
              "connections")
        assert faults >= 10 and any(k.startswith("sync failed") for k in outcomes)
        assert outcomes["sync ok"] >= 5
        problems = example.check()
        server_rows = dump.ServerRows(fleet.server_db)
        for sha in photos:
            if not (server_rows.blobs.get(sha) and _blob_ok(server, sha)):
                problems.append(f"photo {sha[:12]} not on the server intact")
        for key in [("visit", m.row_id) for m in example.made if m.entity == "visit"]:
            if server_rows.rows[key][4].get("awaiting_media"):
                problems.append(f"{key} still awaits its photo")
        assert not problems, "\n".join(["problems:", *problems, "operations:", *example.log])
    finally:
        fleet.close()


@pytest.mark.parametrize("fault", ["not_http", "bad_json", "html", "cut_push_answer",
                                   "cut_pull_page"])
def test_a_malformed_or_cut_answer_leaves_the_workspace_untouched(server, proxy, tmp_path,
                                                                   fault):
    fleet = Fleet(server, tmp_path / fault, ("w1a", "w2", "admin"), url=proxy.url)
    try:
        example = Example(fleet, say=lambda text: None)
        example.create_households((1, 0))
        w1, w2 = fleet.ws["w1a"], fleet.ws["w2"]
        (household,) = example.households
        # The other worker's news, for w1's pull: a page of a few hundred rows.
        now = w2.ctx.now()
        with w2.db.transaction() as s:
            for i in range(300):
                create_row(s, _resident(household, f"新来的{i}"), entity="resident",
                           actor="worker2", now=now)
        w2.sync()
        resident = w1.residents(household)[0]
        w1.update_resident(resident.id, note="断网前的修改")
        w1.log_visit(household, summary="断网前的走访", photos=[noisy_jpeg(1, (300, 200))])
        if fault == "cut_pull_page":
            w1.sync_service.engine().push(SyncReport(started_at=datetime.now()))
        before = dump.local_state(w1.db.path)
        if fault in ("not_http", "bad_json", "html"):
            proxy.garbage(fault)
        else:
            proxy.truncate_downstream_after(600 if fault == "cut_push_answer" else 6000)
        with pytest.raises(SyncError) as caught:
            w1.sync()
        assert dump.local_state(w1.db.path) == before, caught.value
        if fault == "cut_push_answer":  # the server did apply it: only the answer was lost
            pending = {e["mutation_id"] for e in dump.journal(w1.db.path)
                       if e["state"] == "pending"}
            stored = {m for m in pending if _stored(server, m)}
            assert pending and stored == pending
        proxy.pass_through()
        fleet.sync_all(2)
        fleet.sync_all(1)
        problems = example.check()
        assert not problems, "\n".join(problems)
        assert w1.resident(resident.id).note == "断网前的修改"
        print(f"{fault}: {type(caught.value).__name__} ({caught.value.code})")
    finally:
        fleet.close()


def test_a_photo_upload_cut_at_90_percent_resends_only_the_tail(server, proxy, tmp_path):
    ws = Workspace.open(tmp_path / "photo", credentials=MemoryStore())
    try:
        ws.sync_service.client_options = {"sleeper": lambda s: None,
                                          "retry": RetryPolicy(attempts=1)}
        ws.login(proxy.url, "worker1", server.password)
        ws.sync()
        household = sorted(h.id for h in ws.households())[0]
        visit = ws.log_visit(household, summary="入户走访，拍下老人的房屋状况",
                             photos=[noisy_jpeg(42, (1600, 1600))])
        sha, size = visit.photos[0].sha256, visit.photos[0].size_bytes
        assert size > 900_000, size  # what the photo store keeps of a 1600 px noisy photo
        engine = ws.sync_service.engine()
        report = SyncReport(started_at=datetime.now())
        engine.push(report)  # the visit goes first; only its photo is left
        engine.pull(report)

        proxy.truncate_upstream_after(int(0.9 * size), times=1)
        with pytest.raises(SyncError):
            ws.sync()
        held = engine.client.blob_status([sha])[sha]
        assert held.state == "partial" and 0.85 * size < held.offset < size, held

        proxy.reset_counters()
        report = ws.sync()
        upstream = proxy.bytes_upstream
        overhead = upstream - report.uploaded_bytes  # request lines, headers, other bodies
        percent = 100 * report.uploaded_bytes / size
        print(f"photo {size} bytes, cut at {100 * held.offset / size:.1f} %; resume sent "
              f"{report.uploaded_bytes} photo bytes = {percent:.1f} % of the photo "
              f"({upstream} bytes upstream in {report.requests} requests, {overhead} of "
              "them headers and small bodies)")
        assert report.uploaded == 1 and report.uploaded_bytes == size - held.offset
        assert 0 < overhead < 4096
        assert upstream - overhead <= 0.15 * size
        assert engine.client.blob_status([sha])[sha].state == "present"
        assert _blob_ok(server, sha)
    finally:
        ws.close()
