"""Recording push answers: journal states, conflicts, flags, returned rows under pending work.

No server here (moved from test_apply.py with ``sync.push_results``): answers are built as
gridcenter sends them and go through the same checks.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from gridworker.storage.journal import REJECTED, SENT, pending_entries
from gridworker.storage.models import ConflictRow, JournalEntryRow, SyncFlagRow
from gridworker.sync import apply, convert, push_results
from gridworker.sync.wire import push_answer

from . import rows

NOW = datetime(2026, 11, 22, 10, 0)


def _apply(ws, server_rows):
    with ws.db.transaction() as s:
        return apply.apply_rows(s, server_rows, now=NOW)


def _answer(entries, results):
    return push_answer({"results": results}, entries)


def _wire(ws):
    from gridworker.sync.outbox import entry_wire

    with ws.db.reading() as s:
        return [entry_wire(e) for e in pending_entries(s)]


def _server_row(entry, version, data=None, state="live"):
    return {"entity": entry["entity"], "id": entry["row_id"], "version": version,
            "state": state, "data": data}


def _data_of(ws, entity, row_id):
    with ws.db.reading() as s:
        return convert.plan(entity).local_values(s, row_id)


def test_push_answers_update_the_journal_and_rows(ws):
    entries = _wire(ws)  # grid create, household create, resident create, household update
    assert [e["entity"] for e in entries] == ["grid", "household", "resident", "household"]
    gid, hid = entries[0]["row_id"], entries[1]["row_id"]
    rid = entries[2]["row_id"]
    results = [
        {"mutation_id": entries[0]["mutation_id"], "status": "rejected", "version": None,
         "row": None, "conflicts": [],
         "error": {"code": "forbidden", "message": "网格只能由网格管理中心创建"}},
        {"mutation_id": entries[1]["mutation_id"], "status": "applied", "version": 1,
         "row": _server_row(entries[1], 1, _data_of(ws, "household", hid)), "conflicts": [],
         "error": None},
        {"mutation_id": entries[2]["mutation_id"], "status": "applied", "version": 1,
         "row": _server_row(entries[2], 1, _data_of(ws, "resident", rid)), "conflicts": [],
         "error": None},
        {"mutation_id": entries[3]["mutation_id"], "status": "applied", "version": 2,
         "row": _server_row(entries[3], 2, _data_of(ws, "household", hid)), "conflicts": [],
         "error": None},
    ]
    with ws.db.transaction() as s:
        stats = push_results.record_push_results(s, entries, _answer(entries, results), now=NOW)
    assert stats.applied == 3 and len(stats.rejected) == 1
    with ws.db.reading() as s:
        states = {e.mutation_id: (e.state, e.status, e.error_code, e.server_version)
                  for e in s.scalars(select(JournalEntryRow))}
    assert states[entries[0]["mutation_id"]] == (REJECTED, "rejected", "forbidden", None)
    assert states[entries[3]["mutation_id"]] == (SENT, "applied", None, 2)
    assert ws.household(hid).household.version == 2
    assert ws.resident(rid).version == 1
    assert gid in {g.id for g in ws.grids()}  # rejected: local data kept
    assert ws.status().pending_changes == 0


def test_conflict_answer_stores_the_conflict_and_shows_the_server_value(ws):
    resident = ws.residents(ws.test_household.id)[0]
    rows.settle(ws)
    ws.update_resident(resident.id, phone="13911112222")
    entries = _wire(ws)
    data = _data_of(ws, "resident", resident.id) | {"phone": "13700000000"}
    results = [{"mutation_id": entries[0]["mutation_id"], "status": "conflict", "version": 3,
                "row": _server_row(entries[0], 3, data),
                "conflicts": [{"id": "c-1", "kind": "field", "field": "phone",
                               "base": "13812345678", "mine": "13911112222",
                               "theirs": "13700000000"}],
                "error": None}]
    with ws.db.transaction() as s:
        stats = push_results.record_push_results(s, entries, _answer(entries, results), now=NOW)
    assert stats.conflicts == ["c-1"] and stats.conflicted == 1
    assert ws.resident(resident.id).phone == "13700000000"  # server value stays
    with ws.db.reading() as s:
        c = s.get(ConflictRow, "c-1")
        assert (c.state, c.field, c.mine, c.theirs, c.row_id) == (
            "open", "phone", "13911112222", "13700000000", resident.id)


def test_out_of_scope_rejection_keeps_data_and_flags_the_row(ws):
    rows.settle(ws)
    hid = ws.test_household.id
    ws.update_household(hid, phone="010-12345678")
    entries = _wire(ws)
    results = [{"mutation_id": entries[0]["mutation_id"], "status": "rejected", "version": None,
                "row": None, "conflicts": [],
                "error": {"code": "out_of_scope", "message": "该户已不在您的网格"}}]
    with ws.db.transaction() as s:
        push_results.record_push_results(s, entries, _answer(entries, results), now=NOW)
    assert ws.household(hid).household.phone == "010-12345678"
    with ws.db.reading() as s:
        flag = s.get(SyncFlagRow, ("household", hid, "out_of_scope"))
        assert flag is not None and "不在" in flag.reason
    # The pull then says the household is gone: kept, because the rejected edit is unsent.
    stats = _apply(ws, [rows.gone("household", hid)])
    assert stats.kept and ws.household(hid).household.phone == "010-12345678"


def test_later_pending_changes_stay_on_top_of_a_returned_row(ws):
    rows.settle(ws)
    resident = ws.residents(ws.test_household.id)[0]
    ws.update_resident(resident.id, phone="13911112222")
    ws.update_resident(resident.id, note="第二次修改")
    entries = _wire(ws)
    first = entries[:1]  # only the first was sent in this batch
    data = _data_of(ws, "resident", resident.id) | {"phone": "13911112222", "note": "",
                                                   "name": "张三丰（服务器）"}
    results = [{"mutation_id": first[0]["mutation_id"], "status": "applied", "version": 5,
                "row": _server_row(first[0], 5, data), "conflicts": [], "error": None}]
    with ws.db.transaction() as s:
        push_results.record_push_results(s, first, _answer(first, results), now=NOW)
    local = ws.resident(resident.id)
    assert (local.name, local.phone, local.note, local.version) == (
        "张三丰（服务器）", "13911112222", "第二次修改", 5)
