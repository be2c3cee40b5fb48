"""Workspace databases made by every earlier version upgrade, keep everything, and sync.

Each committed folder in tests/fixtures/old_databases (made by scripts/make_old_databases.py
with the code of that version) is copied, opened with today's ``gridworker.api`` (the normal
path, which migrates), compared with a freshly created database, read back through the same
facade the UI uses, and synced against a real gridcenter: the centre it synced with, upgraded
by today's gridcenter, or (for a workspace from before sync) a fresh demo centre. Everything
upgrades to whatever the head is, so new migrations need no change here, only a new fixture
(the last test says so).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from support.old_databases import (
    OldDatabase,
    alembic_head,
    fixtures,
    lost_rows,
    missing,
    missing_message,
    open_workspace,
    rows,
    schema,
    schema_differences,
    stamp,
)
from support.server import GridcenterProcess, fresh_data_dir

from gridworker.storage import migrate
from gridworker.storage.paths import DATABASE_NAME

WORKSPACES = fixtures("workspace")
SERVER_KEY = "sync.server_url"
"""The settings row holding the bound centre's address (since revision 0002)."""


def _head() -> str:
    return alembic_head(migrate.MIGRATIONS_DIR)


@pytest.fixture(params=WORKSPACES, ids=[f.name for f in WORKSPACES])
def old(request: pytest.FixtureRequest) -> OldDatabase:
    return request.param


@pytest.fixture
def upgraded(old: OldDatabase, tmp_path: Path):
    """(workspace opened on an upgraded copy, the copy's rows before the upgrade)."""
    folder = old.copy_to(tmp_path / "ws")
    path = folder / DATABASE_NAME
    assert stamp(path) == old.revision
    before = rows(path)
    ws = open_workspace(folder)
    yield ws, before
    ws.close()


def test_every_fixture_is_what_its_meta_says(old: OldDatabase):
    assert stamp(old.folder / DATABASE_NAME) == old.revision
    assert (old.folder / DATABASE_NAME).stat().st_size < 1_000_000
    assert not list(old.folder.glob("*-wal"))


def test_an_old_workspace_upgrades_to_head_with_the_fresh_schema_and_every_row(
        old: OldDatabase, upgraded, tmp_path):
    ws, before = upgraded
    path = ws.db.path
    assert migrate.current_revision(path) == _head() == migrate.HEAD_REVISION
    fresh = open_workspace(tmp_path / "fresh")
    fresh.close()
    assert schema_differences(schema(path), schema(fresh.db.path)) == []
    assert lost_rows(before, rows(path)) == []
    backups = list(path.parent.glob(f"{DATABASE_NAME}.before-{old.revision}-*.bak"))
    assert len(backups) == (old.revision != _head())  # a backup before every real upgrade


def test_pending_journal_entries_stay_pending(upgraded):
    ws, before = upgraded
    pending = {e["mutation_id"] for e in before["journal"] if e["state"] == "pending"}
    assert pending, "the fixture holds pending entries"
    after = {e["mutation_id"]: e for e in rows(ws.db.path)["journal"]}
    assert {m for m, e in after.items() if e["state"] == "pending"} == pending
    assert ws.status().pending_changes == len(pending)


def test_every_household_opens_through_the_api_with_its_residents_and_visits(upgraded):
    ws, before = upgraded
    residents = before["residents"]
    visits = before["visits"]
    assert before["households"] and residents and visits
    for household in before["households"]:
        detail = ws.household(household["id"])
        assert detail.household.door_number == household["door_number"]
        assert {r.id for r in detail.residents} == {
            r["id"] for r in residents if r["household_id"] == household["id"]}
        assert {v.id for v in ws.visits_of(household["id"])} == {
            v["id"] for v in visits if v["household_id"] == household["id"]}
    for amendment in before["visit_amendments"]:
        record = ws.visit_record(amendment["visit_id"])
        assert amendment["id"] in {step.amendment.id for step in record.history}
    for photo in before["visit_photos"]:
        assert ws.photo_path(photo["sha256"]).is_file()
    for resident in residents:  # the search index (or its scan) still finds everyone
        hits = ws.search(resident["name"])
        assert resident["id"] in {h.resident_id for h in hits}, resident["name"]


def test_an_old_workspace_syncs_after_the_upgrade(old: OldDatabase, upgraded, tmp_path):
    ws, before = upgraded
    pending = {e["mutation_id"] for e in before["journal"] if e["state"] == "pending"}
    if old.meta.get("centre"):
        # The centre it synced with, upgraded by today's gridcenter on start, at a new address.
        centre = GridcenterProcess(
            OldDatabase(old.folder.parent / old.meta["centre"], {}).copy_to(tmp_path / "gc"),
            demo_password=old.meta["password"],
        )
        user = old.meta["account"]
    else:
        # From before sync: its own grid goes to a fresh centre, pushed by the centre admin.
        centre = GridcenterProcess(fresh_data_dir(tmp_path / "gc"))
        user = "admin"
    with centre:
        if old.meta.get("centre"):
            with ws.db.transaction() as s:
                s.execute(text("UPDATE settings SET value = :url WHERE key = :key"),
                          {"url": json.dumps(centre.url), "key": SERVER_KEY})
        ws.login(centre.url, user, centre.password)
        report = ws.sync()
        assert (report.pushed, report.rejected, report.requeued) == (len(pending), [], 0)
        assert report.pulled > 0
        journal = {e["mutation_id"]: e for e in rows(ws.db.path)["journal"]}
        refused = {m: (journal[m]["state"], journal[m]["error_code"]) for m in pending
                   if journal[m]["state"] != "sent" or journal[m]["status"] != "applied"}
        assert refused == {}
        status = ws.status()
        assert status.pending_changes == 0 and status.photos_waiting == 0

        # A colleague sees what was pushed, and a change of theirs comes back in a pull.
        colleague_user = "worker2" if old.meta.get("centre") else "admin"
        colleague = open_workspace(tmp_path / "colleague")
        try:
            colleague.login(centre.url, colleague_user, centre.password)
            colleague.sync()
            created = [e["row_id"] for e in before["journal"]
                       if e["mutation_id"] in pending and e["entity"] == "household"
                       and e["op"] == "create"]
            assert created
            for household_id in created:
                mine = ws.household(household_id)
                theirs = colleague.household(household_id)
                assert {r.id for r in theirs.residents} == {r.id for r in mine.residents}
                assert {v.id for v in colleague.visits_of(household_id)} == {
                    v.id for v in ws.visits_of(household_id)}
            colleague.update_household(created[0], phone="13811112222")
            colleague.sync()
        finally:
            colleague.close()
        ws.sync()
        assert ws.household(created[0]).household.phone == "13811112222"


def test_every_earlier_revision_has_an_old_workspace():
    lacking = missing("workspace", migrate.MIGRATIONS_DIR / "versions")
    assert not lacking, missing_message("workspace", lacking)

