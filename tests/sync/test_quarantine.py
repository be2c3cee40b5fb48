"""The quarantine of pulled rows, without a server: every kind of unreadable row, per row
never per page; children of a quarantined parent wait and come with it; a later version or a
removal clears the entry. (Against a real gridcenter: test_quarantine_e2e.py.)"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from gridworker.sync import apply, convert, quarantine
from gridworker.sync.wire import changes_page

from . import rows

NOW = datetime(2026, 12, 1, 10, 0)


def _page(ws, items):
    page = changes_page({"changes": items, "cursor": "c", "has_more": False})
    with ws.db.transaction() as s:
        return apply.apply_rows(s, page.changes, now=NOW, unreadable=page.unreadable)


def _wire(row, **over):
    return {"entity": row.entity, "id": row.id, "version": row.version, "state": row.state,
            "data": row.data} | over


def _held(ws):
    return {q.row_id: q for q in ws.quarantined_rows()}


@pytest.mark.parametrize(
    ("item", "code"),
    [
        ({"entity": "incident_report", "id": "i1", "version": 1, "state": "live", "data": {}},
         "unknown_entity"),
        (["not", "an", "object"], "not_an_object"),
        ({"entity": "resident", "id": "x" * 37, "version": 1, "state": "live", "data": {}},
         "bad_id"),
        ({"entity": "resident", "id": "r1", "version": -1, "state": "live", "data": {}},
         "bad_version"),
        ({"entity": "resident", "id": "r1", "version": "2", "state": "live", "data": {}},
         "bad_version"),
        ({"entity": "resident", "id": "r1", "version": 2, "state": "frozen", "data": {}},
         "bad_state"),
        ({"entity": "resident", "id": "r1", "version": 2, "state": "live", "data": 7},
         "not_an_object"),
    ],
)
def test_a_row_that_fails_the_structure_check_is_quarantined_the_rest_applies(ws, item, code):
    g = rows.grid()
    h = rows.household(g.id)
    stats = _page(ws, [_wire(g), item, _wire(h)])
    assert stats.quarantined == 1 and stats.written == 2
    assert ws.household(h.id).household.id == h.id
    (held,) = ws.quarantined_rows()
    assert held.reason_code == code
    with ws.db.reading() as s:
        raw = s.connection().exec_driver_sql("SELECT raw FROM quarantine").scalar()
    assert json.loads(raw) == item  # kept as it came


@pytest.mark.parametrize(
    ("entity", "spoil", "field"),
    [
        ("resident", {"birth_date": "not-a-date"}, "birth_date"),
        ("resident", {"care_categories": "poor"}, "care_categories"),
        ("household", {"latitude": "x"}, "latitude"),
        ("household", {"longitude": float("nan")}, "longitude"),
        ("visit", {"findings": {"kind": "safety"}}, "findings"),
        ("visit", {"findings": ["just text"]}, "findings"),
        ("visit", {"findings": [{"kind": 3, "text": ""}]}, "findings"),
        ("visit", {"started_at": "yesterday"}, "started_at"),
        ("visit", {"resolved_on_spot": "yes"}, "resolved_on_spot"),
        ("visit_amendment", {"changes": ["summary"]}, "changes"),
        ("visit_amendment", {"changes": {"follow_up_date": "soon"}}, "changes"),
        ("visit_amendment", {"changes": {"findings": "none"}}, "changes"),
    ],
)
def test_a_value_that_does_not_convert_quarantines_only_its_row(ws, entity, spoil, field):
    g = rows.grid()
    h = rows.household(g.id)
    r = rows.resident(h.id)
    v = rows.visit(h.id)
    a = rows.amendment(v.id)
    page = {"household": h, "resident": r, "visit": v, "visit_amendment": a}
    bad = page[entity]
    items = [_wire(g)] + [_wire(x, data=dict(x.data) | spoil) if x is bad else _wire(x)
                          for x in page.values()]
    stats = _page(ws, items)
    held = _held(ws)
    assert held[bad.id].reason_code == "bad_value"
    assert f"{entity}.{field}" in held[bad.id].technical
    # Its children (if any) wait for it; everything else is here.
    assert stats.written == 5 - len(held)
    assert g.id in {x.id for x in ws.grids()}


def test_any_exception_converting_one_row_quarantines_that_row(ws, monkeypatch):
    g = rows.grid()
    h1, h2 = rows.household(g.id), rows.household(g.id)
    real = convert.Plan.params

    def params(self, row_id, *args):
        if row_id == h2.id:
            raise KeyError("boom")
        return real(self, row_id, *args)

    monkeypatch.setattr(convert.Plan, "params", params)
    stats = _page(ws, [_wire(g), _wire(h1), _wire(h2)])
    assert stats.quarantined == 1
    held = _held(ws)[h2.id]
    assert (held.reason_code, held.technical) == ("conversion_failed", "household: KeyError")
    assert ws.household(h1.id).household.id == h1.id


def test_children_wait_for_a_quarantined_parent_and_come_with_its_fixed_version(ws):
    g = rows.grid()
    h = rows.household(g.id)
    r = rows.resident(h.id)
    v = rows.visit(h.id)
    a = rows.amendment(v.id)
    stats = _page(ws, [_wire(g), _wire(h, data=dict(h.data) | {"latitude": "x"}),
                       _wire(r), _wire(v), _wire(a)])  # fmt: skip
    assert stats.quarantined == 4
    held = _held(ws)
    assert {k: q.reason_code for k, q in held.items()} == {
        h.id: "bad_value", r.id: "parent_quarantined", v.id: "parent_quarantined",
        a.id: "parent_quarantined",
    }  # fmt: skip
    # The centre fixes the household only: the children come from the kept raw rows.
    stats = _page(ws, [_wire(h, version=2, data=dict(h.data) | {"latitude": 31.2})])
    assert stats.written == 4 and ws.quarantined_rows() == []
    detail = ws.household(h.id)
    assert detail.household.latitude == 31.2 and [x.id for x in detail.residents] == [r.id]
    (visit,) = ws.visits_of(h.id)
    assert visit.id == v.id and [x.id for x in visit.amendments] == [a.id]


def test_a_child_of_a_quarantined_update_of_a_parent_that_is_here_applies(ws):
    g = rows.grid()
    h = rows.household(g.id)
    _page(ws, [_wire(g), _wire(h)])
    r = rows.resident(h.id)
    stats = _page(ws, [_wire(h, version=2, data=dict(h.data) | {"latitude": "x"}), _wire(r)])
    assert stats.quarantined == 1 and list(_held(ws)) == [h.id]
    assert [x.id for x in ws.household(h.id).residents] == [r.id]


def test_a_later_version_or_a_removal_clears_the_entry(ws):
    g = rows.grid()
    h = rows.household(g.id)
    r1, r2 = rows.resident(h.id), rows.resident(h.id)
    _page(ws, [_wire(g), _wire(h), _wire(r1, data=dict(r1.data) | {"sex": 1}),
               _wire(r2, data=dict(r2.data) | {"sex": 2})])  # fmt: skip
    assert set(_held(ws)) == {r1.id, r2.id}
    again = _page(ws, [_wire(r1, data=dict(r1.data) | {"sex": 1})])  # the same: stays
    assert again.quarantined == 1 and set(_held(ws)) == {r1.id, r2.id}
    _page(ws, [_wire(r1, version=2), _wire(rows.deleted("resident", r2.id, 2, dict(r2.data)))])
    assert ws.quarantined_rows() == []
    assert [x.id for x in ws.household(h.id).residents] == [r1.id]
    _page(ws, [_wire(r1, version=3, data=dict(r1.data) | {"sex": 3})])
    _page(ws, [_wire(rows.gone("resident", r1.id))])  # out of my scope: its entry goes too
    assert ws.quarantined_rows() == []


def test_an_unknown_vocabulary_code_is_no_reason_to_quarantine(ws):
    g = rows.grid()
    h = rows.household(g.id, dwelling_type="floating_home")
    r = rows.resident(h.id, relation="future_relation", care_categories=["future_care"])
    stats = _page(ws, [_wire(g), _wire(h), _wire(r)])
    assert stats.quarantined == 0
    detail = ws.household(h.id)
    assert detail.household.dwelling_type.value == "floating_home"
    (resident,) = detail.residents
    assert resident.relation.label == "future_relation"
    assert {c.value for c in resident.care_categories} == {"future_care"}


def test_the_raw_row_is_kept_up_to_a_size(ws):
    g = rows.grid()
    h = rows.household(g.id)
    big = _wire(h, data=dict(h.data) | {"latitude": "x",
                                        "extra": "y" * (quarantine.RAW_MAX_CHARS + 10)})
    _page(ws, [_wire(g), big])
    with ws.db.reading() as s:
        raw, cut = s.connection().exec_driver_sql(
            "SELECT raw, raw_truncated FROM quarantine").one()
    assert cut and len(raw) == quarantine.RAW_MAX_CHARS
