"""Audited reveals of masked data, and drafts that survive anything."""

from __future__ import annotations

import sqlite3

import pytest

from gridworker.api import InvalidInput, Workspace


def _audit_rows(ws):
    conn = sqlite3.connect(ws.db.path)
    return conn.execute("SELECT actor, event, target, reason FROM audit_events").fetchall()


def test_reveal_needs_a_reason_and_is_audited_without_the_value(ws):
    (head,) = ws.residents(ws.test_household.id)
    with pytest.raises(InvalidInput):
        ws.reveal(head.id, "citizen_id", reason="")
    assert ws.reveal(head.id, "citizen_id", reason="核对低保材料") == "11010519491231002X"
    ((actor, event, target, reason),) = _audit_rows(ws)
    assert (actor, event, reason) == (ws.actor.username, "reveal", "核对低保材料")
    assert "11010519491231002X" not in target


def test_only_id_and_phone_can_be_revealed(ws):
    (head,) = ws.residents(ws.test_household.id)
    with pytest.raises(Exception) as caught:
        ws.reveal(head.id, "management_categories", reason="好奇")
    assert getattr(caught.value, "code", "") == "permission_denied"


def test_draft_survives_reopening_the_workspace(tmp_path):
    with Workspace.open(tmp_path / "w") as ws:
        ws.drafts.save("visit:abc", {"summary": "写到一半"})
    with Workspace.open(tmp_path / "w") as ws:
        assert ws.drafts.load("visit:abc") == {"summary": "写到一半"}
        ws.drafts.discard("visit:abc")
        assert ws.drafts.load("visit:abc") is None


def test_saving_a_visit_discards_its_draft_in_the_same_transaction(ws):
    key = f"visit:{ws.test_household.id}"
    ws.drafts.save(key, {"summary": "了解近况"})
    ws.log_visit(ws.test_household.id, summary="了解近况", draft_key=key)
    assert ws.drafts.load(key) is None


def test_a_failed_visit_keeps_its_draft(ws):
    key = f"visit:{ws.test_household.id}"
    ws.drafts.save(key, {"summary": ""})
    with pytest.raises(InvalidInput):
        ws.log_visit(ws.test_household.id, summary="", draft_key=key)
    assert ws.drafts.load(key) == {"summary": ""}


def test_audit_events_are_readable_through_the_api(ws):
    (head,) = ws.residents(ws.test_household.id)
    ws.reveal(head.id, "phone", reason="电话回访")
    (event,) = ws.audit_events()
    assert (event.event, event.reason, event.actor) == ("reveal", "电话回访", ws.actor.username)


def test_a_draft_entry_says_when_it_was_written(ws):
    assert ws.drafts.entry("visit:abc") is None
    ws.drafts.save("visit:abc", {"summary": "写到一半"})
    entry = ws.drafts.entry("visit:abc")
    assert entry is not None and entry.payload == {"summary": "写到一半"}
    first = entry.saved_at
    assert first.tzinfo is None and first.microsecond == 0  # local time, as shown to the worker
    ws.drafts.save("visit:abc", {"summary": "写完了"})
    assert ws.drafts.entry("visit:abc").saved_at >= first
