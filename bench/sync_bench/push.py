"""Section 2 of the sync benchmark (``sync_push``): 10,000 local changes made offline, pushed.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
from pathlib import Path

from bench.common import record
from bench.sync_bench.fixtures import PUSH_ENTRIES, PUSH_RUNS, SEED, Timers, load, open_workspace
from gridworker.api import Workspace
from gridworker.storage.journal import pending_count
from gridworker.sync import engine as sync_engine
from tests.support.server import GridcenterProcess


def make_changes(ws: Workspace, entries: int, rnd: random.Random) -> int:
    """Local changes until ``entries`` journal entries wait: per round a new household with
    its head (3 entries: household, resident, the household's head), two phone edits of
    pulled residents and five visits. Returns the pending count."""
    grid = ws.grids()[0]
    households = [h.id for h in ws.households(grid.id)]
    residents = [r.id for h in households[:200] for r in ws.residents(h)]
    # Setup only (not timed): commits without fsync, or making 10,000 changes takes ~35 s.
    with ws.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA synchronous=OFF")
    n = 0
    with ws.db.reading() as s:
        have = pending_count(s)
    while have + n < entries:
        i = n
        household = ws.add_household(grid.id, group_name="九组", door_number=f"{100 + i}号")
        ws.add_resident(household.id, name="王小明", sex="male", relation="head",
                        phone=f"138{i:08d}"[:11])
        n += 3
        for _ in range(2):
            if have + n >= entries:
                break
            ws.update_resident(rnd.choice(residents), phone=f"139{rnd.randrange(10**8):08d}")
            n += 1
        for _ in range(5):
            if have + n >= entries:
                break
            ws.log_visit(rnd.choice(households), summary="入户走访，了解近况，身体状况良好。")
            n += 1
    with ws.db.reading() as s:
        return pending_count(s)


def push_bench(root: Path, template: Path) -> None:
    load_start = load()
    data = shutil.copytree(template, root / "push-center")
    server = GridcenterProcess(data)
    folder = root / "push-client"
    rnd = random.Random(SEED)
    with server:
        ws = open_workspace(folder)
        ws.login(server.url, "worker3", server.password)
        ws.sync()
    started = time.perf_counter()
    pending = make_changes(ws, PUSH_ENTRIES, rnd)  # offline: the server is stopped
    made_s = time.perf_counter() - started
    ws.close()
    print(f"sync bench: {pending:,} local changes made offline in {made_s:.1f} s")
    # Each run starts from the same server and workspace state.
    shutil.copytree(data, root / "push-center-0")
    shutil.copytree(folder, root / "push-client-0")
    timers = Timers()
    pushes: list[float] = []
    syncs: list[float] = []
    pushed = 0
    requests_made = 0
    for run in range(PUSH_RUNS):
        if run:
            shutil.rmtree(data)
            shutil.rmtree(folder)
            shutil.copytree(root / "push-center-0", data)
            shutil.copytree(root / "push-client-0", folder)
        with server:
            ws = open_workspace(folder)
            ws.login(server.url, "worker3", server.password)
            timers.reset()
            with timers.wrap(sync_engine.SyncEngine, "push", "push"):
                start = time.perf_counter()
                report = ws.sync()
                syncs.append(time.perf_counter() - start)
            pushes.append(timers.spent["push"])
            pushed = report.pushed
            requests_made = report.requests
            bad = len(report.rejected)
            ws.close()
        print(f"  push run {run + 1}: {pushed:,} entries pushed in {pushes[-1]:.2f} s "
              f"(whole sync {syncs[-1]:.2f} s, {report.pulled:,} rows pulled back, "
              f"{bad} rejected)")
    push_s = statistics.median(pushes)
    record("sync_push", {
        "entries": pushed,
        "runs": PUSH_RUNS,
        "push_phase_median_s": round(push_s, 2),
        "push_phase_runs_s": [round(t, 2) for t in pushes],
        "push_entries_per_s": round(pushed / push_s),
        "whole_sync_median_s": round(statistics.median(syncs), 2),
        "requests": requests_made,
        "load_1min_start_end": [load_start, load()],
        "target_ge_2000_per_s": pushed / push_s >= 2000,
    })
    print(f"  push of {pushed:,} entries: {pushed / push_s:,.0f} entries/s "
          f"(target >= 2,000/s)")
