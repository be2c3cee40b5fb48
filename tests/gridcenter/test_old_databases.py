"""Centre databases made by every earlier gridcenter version upgrade, keep everything, serve.

Each committed ``gridcenter-*`` folder in tests/fixtures/old_databases (a data folder made by
scripts/make_old_databases.py with the code of that version) is copied and upgraded the way
gridcenter itself does it: by the admin CLI (every ``gridcenter`` command migrates on start)
and by ``gridcenter serve`` starting on it. The upgraded file is compared with a fresh one,
every old row must still be there, and a worker's new laptop pulls the grid from the real
server and finds the households, residents, visits and photos. Everything upgrades to
whatever the head is, so new migrations need no change here, only a new fixture.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import old_databases as old_db
from support.server import GridcenterProcess

from gridcenter import migrations
from gridcenter.config import DATABASE_FILE

CENTRES = old_db.fixtures("gridcenter")


def _head() -> str:
    return old_db.alembic_head(migrations.MIGRATIONS_DIR)


@pytest.fixture(params=CENTRES, ids=[f.name for f in CENTRES])
def old(request: pytest.FixtureRequest) -> old_db.OldDatabase:
    return request.param


def _centre(old: old_db.OldDatabase, target: Path) -> GridcenterProcess:
    return GridcenterProcess(old.copy_to(target), demo_password=old.meta["password"])


def test_every_fixture_is_what_its_meta_says(old: old_db.OldDatabase):
    path = old.folder / DATABASE_FILE
    assert old_db.stamp(path) == old.revision
    assert path.stat().st_size < 1_000_000 and not list(old.folder.glob("*-wal"))


def test_the_admin_cli_upgrades_an_old_centre_to_the_fresh_schema_keeping_every_row(
        old: old_db.OldDatabase, tmp_path: Path):
    centre = _centre(old, tmp_path / "gc")
    path = centre.data_dir / DATABASE_FILE
    before = old_db.rows(path)
    listed = centre.admin("users")
    assert listed.returncode == 0, listed.stderr
    assert all(user in listed.stdout for user in old.meta["users"])
    assert old_db.stamp(path) == _head() == migrations.HEAD_REVISION
    fresh = GridcenterProcess(tmp_path / "fresh")
    assert fresh.admin("grids").returncode == 0
    fresh_schema = old_db.schema(fresh.data_dir / DATABASE_FILE)
    assert old_db.schema_differences(old_db.schema(path), fresh_schema) == []
    assert old_db.lost_rows(before, old_db.rows(path)) == []


def test_a_server_started_on_an_old_centre_upgrades_it_and_a_new_laptop_pulls_its_grid(
        old: old_db.OldDatabase, tmp_path: Path):
    before = old_db.rows(old.folder / DATABASE_FILE)
    grid1 = next(g["id"] for g in before["grids"] if g["code"] == old.meta["grids"][0])
    live = {r["id"]: r for r in before["records"] if r["grid_id"] == grid1 and not r["deleted"]}
    of = {kind: {i for i, r in live.items() if r["entity"] == kind}
          for kind in ("household", "resident", "visit", "visit_amendment")}
    assert all(of.values()), "the fixture holds every kind of row"
    with _centre(old, tmp_path / "gc") as centre:
        assert old_db.stamp(centre.data_dir / DATABASE_FILE) == _head()
        ws = old_db.open_workspace(tmp_path / "laptop")
        try:
            ws.login(centre.url, "worker1", centre.password)
            ws.sync()
            assert [g.id for g in ws.grids()] == [grid1]
            assert {h.id for h in ws.households(grid1)} == of["household"]
            residents = {r.id for h in of["household"] for r in ws.residents(h)}
            assert residents == of["resident"]
            visits = {v.id for h in of["household"] for v in ws.visits_of(h)}
            assert visits == of["visit"]
            amendments = {step.amendment.id for v in visits
                          for step in ws.visit_record(v).history}
            assert amendments == of["visit_amendment"]
            name = json.loads(live[sorted(of["resident"])[0]]["data"])["name"]
            assert any(hit.name == name for hit in ws.search(name))
            for blob in before["blobs"]:
                assert ws.download_photo(blob["sha256"], "thumb").is_file()
        finally:
            ws.close()


def test_every_earlier_revision_has_an_old_centre():
    lacking = old_db.missing("gridcenter", migrations.MIGRATIONS_DIR / "versions")
    assert not lacking, old_db.missing_message("gridcenter", lacking)
