"""The conflict centre and resident deletion, locally (the server round trip is in
test_end_to_end.py): plain words, allowed choices, the journal entry a decision writes."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from gridworker.domain.errors import GridworkerError, InvalidInput, NotFoundError
from gridworker.storage.journal import pending_entries
from gridworker.storage.models import (
    AuditEventRow,
    ConflictRow,
    HouseholdRow,
    JournalEntryRow,
)

NOW = datetime(2026, 11, 22, 10, 0)


def _conflict(ws, row_id, *, entity="resident", kind="field", field="phone", base=None,
              mine=None, theirs=None, cid="c-1"):
    with ws.db.transaction() as s:
        s.add(ConflictRow(id=cid, entity=entity, row_id=row_id, kind=kind, field=field,
                          base=base, mine=mine, theirs=theirs, mutation_id="m-" + cid,
                          created_at=NOW, state="open"))


def _head(ws):
    return ws.residents(ws.test_household.id)[0]


def test_conflicts_are_listed_in_plain_words_with_masked_numbers(ws):
    resident = _head(ws)
    _conflict(ws, resident.id, base="13812345678", mine="13911112222", theirs="13700000000")
    (c,) = ws.conflicts()
    assert c.row_label == "张三丰（一组 12号）" and c.field_label == "联系电话"
    assert c.summary.startswith("居民“张三丰（一组 12号）”的“联系电话”")
    assert "13911112222" not in c.summary and "139****2222" in c.summary
    as_json = c.as_dict()
    assert as_json["mine"] == "139****2222" and as_json["choices"] == ["mine", "theirs", "new"]
    assert ws.status().conflicts == 1
    assert ws.conflicts("resolved") == [] and len(ws.conflicts("all")) == 1


def test_vocabulary_values_read_as_labels(ws):
    resident = _head(ws)
    _conflict(ws, resident.id, field="care_categories", base=[], mine=["elderly_alone"],
              theirs=["disabled"])
    assert "独居" in ws.conflicts()[0].summary or "残" in ws.conflicts()[0].summary


def test_resolving_writes_an_entry_that_carries_the_decision(ws):
    resident = _head(ws)
    _conflict(ws, resident.id, base="13812345678", mine="13911112222", theirs="13812345678")
    before = ws.status().pending_changes
    view = ws.resolve_conflict("c-1", "mine")
    assert (view.state, view.choice, view.value, view.resolved_by) == (
        "resolving", "mine", "13911112222", ws.actor.username)
    assert ws.resident(resident.id).phone == "13911112222"
    with ws.db.reading() as s:
        entry = pending_entries(s)[-1]
    assert entry.resolves == [{"conflict_id": "c-1", "choice": "mine"}]
    assert entry.changes == {"phone": {"base": "13812345678", "new": "13911112222"}}
    assert ws.status().pending_changes == before + 1
    assert ws.status().conflicts == 0  # decided, waiting to sync
    with pytest.raises(GridworkerError, match="等待同步"):
        ws.resolve_conflict("c-1", "theirs")


def test_theirs_is_an_empty_update(ws):
    resident = _head(ws)
    _conflict(ws, resident.id, base="1", mine="2", theirs="13812345678")
    ws.resolve_conflict("c-1", "theirs")
    with ws.db.reading() as s:
        entry = pending_entries(s)[-1]
    assert entry.op == "update" and entry.changes == {} and entry.resolves


def test_a_new_value_goes_through_the_form_rules(ws):
    resident = _head(ws)
    _conflict(ws, resident.id, base="1", mine="2", theirs="13812345678")
    with pytest.raises(InvalidInput):
        ws.resolve_conflict("c-1", "new", "not a phone")
    with pytest.raises(GridworkerError, match="只能选择"):
        ws.resolve_conflict("c-1", "keep")
    with pytest.raises(GridworkerError):
        ws.resolve_conflict("c-1", "whatever")
    ws.resolve_conflict("c-1", "new", "139 1111 3333")
    assert ws.resident(resident.id).phone == "13911113333"  # normalised like the editor does
    with pytest.raises(NotFoundError):
        ws.resolve_conflict("nope", "mine")


def test_keep_restores_with_my_values(ws):
    household = ws.test_household
    _conflict(ws, household.id, entity="household", kind="update_vs_delete", field=None,
              mine={"phone": "13800000000"})
    ws.resolve_conflict("c-1", "keep")
    with ws.db.reading() as s:
        entry = pending_entries(s)[-1]
    assert entry.op == "restore" and "grid_id" not in entry.changes  # a centre-only field
    assert entry.changes["door_number"]["new"] == "12号"


def test_delete_resident_needs_a_reason_and_unlinks_the_head(ws):
    resident = _head(ws)
    with pytest.raises(InvalidInput):
        ws.delete_resident(resident.id, reason=" ")
    ws.delete_resident(resident.id, reason="重复登记")
    assert ws.residents(ws.test_household.id) == []
    assert not any(h.resident_id == resident.id for h in ws.search("zsf"))
    with ws.db.reading() as s:
        assert s.get(HouseholdRow, ws.test_household.id).head_resident_id is None
        ops = [(e.entity, e.op) for e in s.scalars(select(JournalEntryRow))][-2:]
        events = [e.event for e in s.scalars(select(AuditEventRow))]
    assert ops == [("household", "update"), ("resident", "delete")]
    assert "delete_resident" in events
    with pytest.raises(NotFoundError):
        ws.delete_resident(resident.id, reason="重复登记")
