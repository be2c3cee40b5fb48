"""Visits: evidence that is written once, amended not edited, photos optional."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from gridworker.api import InvalidInput, PhotoRejected
from gridworker.domain.vocab import FindingKind, VisitDueState, VisitType
from tests.conftest import jpeg_bytes


def test_routine_visit_needs_only_a_summary(ws):
    visit = ws.log_visit(ws.test_household.id, summary="了解近况，身体良好")
    assert visit.visit_type is VisitType.ROUTINE and visit.visitor == ws.actor.username
    assert visit.photos == ()


def test_visit_updates_the_due_state(ws):
    before = ws.households()[0]
    # Never visited, just registered: due (within a week: 独居老人 live here), not yet overdue.
    assert before.last_visit is None and before.due_state is VisitDueState.DUE_SOON
    assert before.next_due - ws.household(before.id).household.created_at == timedelta(days=7)
    ws.log_visit(ws.test_household.id, summary="走访")
    summary = ws.households()[0]
    assert summary.due_state is VisitDueState.OK
    # 独居老人 live here: weekly.
    assert summary.next_due - summary.last_visit == timedelta(days=7)


def test_empty_summary_is_refused_and_nothing_is_written(ws):
    before = ws.status()
    with pytest.raises(InvalidInput) as caught:
        ws.log_visit(ws.test_household.id, summary="   ")
    assert caught.value.errors["summary"].code == "summary_required"
    assert ws.status() == before


def test_visit_in_the_future_is_refused(ws):
    with pytest.raises(InvalidInput):
        ws.log_visit(ws.test_household.id, summary="x",
                     started_at=datetime.now() + timedelta(days=1))


def test_photos_and_findings_are_kept_with_the_visit(ws):
    visit = ws.log_visit(
        ws.test_household.id, summary="发现电线老化", photos=[jpeg_bytes(), jpeg_bytes()],
        findings=[{"kind": "fire_hazard", "text": "厨房电线老化"}], resolved_on_spot=False,
    )
    assert len(visit.photos) == 1  # the same picture twice is stored once
    assert visit.findings[0].kind is FindingKind.FIRE_HAZARD
    assert ws.photo_path(visit.photos[0].sha256).exists()
    assert ws.photo_path(visit.photos[0].sha256, thumbnail=True).exists()
    with ws.db.reading() as s:
        from gridworker.storage.journal import pending_entries

        entry = next(e for e in pending_entries(s) if e.row_id == visit.id)
    assert entry.changes["photos"]["new"] == [visit.photos[0].sha256]


def test_a_bad_photo_saves_nothing(ws, tmp_path):
    bogus = tmp_path / "photo.jpg"
    bogus.write_text("not a picture")
    before = ws.status()
    with pytest.raises(PhotoRejected) as caught:
        ws.log_visit(ws.test_household.id, summary="x", photos=[jpeg_bytes(), bogus])
    assert caught.value.code == "photo_not_image"
    assert ws.status() == before


def test_amendment_keeps_the_original(ws):
    visit = ws.log_visit(ws.test_household.id, summary="原始记录")
    amended = ws.amend_visit(visit.id, reason="补充情况", summary="原始记录；补充：需回访")
    assert amended.summary == "原始记录；补充：需回访"
    assert amended.amendments[0].reason == "补充情况"
    assert amended.amendments[0].author == ws.actor.username
    conn = sqlite3.connect(ws.db.path)
    assert conn.execute("SELECT summary FROM visits WHERE id = ?", (visit.id,)).fetchone()[0] == (
        "原始记录"
    )


def test_visit_record_shows_each_amendment_with_the_value_before_and_after(ws):
    visit = ws.log_visit(ws.test_household.id, summary="原始记录", people_met="户主")
    ws.amend_visit(visit.id, reason="写错了人", people_met="户主之女")
    ws.amend_visit(visit.id, reason="补充诉求", summary="原始记录；补充",
                   findings=[{"kind": "request", "text": "修路灯"}], visit_type="focus")
    record = ws.visit_record(visit.id)
    assert record.original.summary == "原始记录" and record.original.people_met == "户主"
    assert record.visit.summary == "原始记录；补充" and record.visit.people_met == "户主之女"
    assert record.visit == ws.visit(visit.id)
    assert record.household.id == ws.test_household.id
    assert [step.amendment.reason for step in record.history] == ["写错了人", "补充诉求"]
    first, second = record.history
    assert [(c.field, c.before, c.after) for c in first.changes] == [
        ("people_met", "户主", "户主之女")]
    changes = {c.field: (c.before, c.after) for c in second.changes}
    assert changes["summary"] == ("原始记录", "原始记录；补充")
    assert changes["visit_type"] == (VisitType.ROUTINE, VisitType.FOCUS)
    assert changes["findings"][0] == () and changes["findings"][1][0].kind is FindingKind.REQUEST
    assert record.sync.unsent == 3  # the visit and both amendments wait to be sent


def test_amendment_needs_a_reason(ws):
    visit = ws.log_visit(ws.test_household.id, summary="原始")
    with pytest.raises(InvalidInput):
        ws.amend_visit(visit.id, reason=" ", summary="新")


def test_visits_cannot_be_edited_in_place_even_with_sql(ws):
    visit = ws.log_visit(ws.test_household.id, summary="原始")
    conn = sqlite3.connect(ws.db.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE visits SET summary = 'forged' WHERE id = ?", (visit.id,))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM visits WHERE id = ?", (visit.id,))
