"""The search index follows every write of a resident or household by itself: no service and
no test calls it (``storage.search.upkeep``). After each write path (service edits, resident
deletion, conflict resolutions, pull pages, tombstones, a household gone from the grid, push
answers) search finds the new values and not the old ones, and the index holds exactly the
entries a rebuild would write: none stale, none twice, none missing."""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from gridworker.storage import search
from gridworker.storage.journal import SENT
from gridworker.storage.models import ConflictRow, HouseholdRow, JournalEntryRow, ResidentRow
from gridworker.storage.search.rebuild import build_entries
from gridworker.sync import apply

from . import rows

NOW = datetime(2026, 11, 22, 10, 0)
ROOT = Path(__file__).resolve().parents[2] / "gridworker"


def assert_in_step(ws) -> None:
    """The index holds what a rebuild would write from the tables, entry for entry."""
    with ws.db.reading() as s:
        cur = s.connection().connection.driver_connection.cursor()
        have = cur.execute(
            "SELECT head, tail, ref, kind, ref_id, household_id FROM search_index"
        ).fetchall()
        want = build_entries(cur, ({}, {}), None)
    assert sorted(have) == sorted(want)


def found(ws, text: str) -> set[str]:
    """Ids of the residents a search finds (households by their own entry: ``h:<id>``)."""
    return {h.resident_id or f"h:{h.household_id}" for h in ws.search(text, limit=200)}


def _apply(ws, server_rows):
    with ws.db.transaction() as s:
        return apply.apply_rows(s, server_rows, now=NOW)


def _head(ws):
    return ws.residents(ws.test_household.id)[0]


def _sent(ws):
    """As if what the fixture wrote had reached the centre (no pending entry, version 1)."""
    with ws.db.transaction() as s:
        s.execute(update(JournalEntryRow).values(state=SENT))
        for model in (HouseholdRow, ResidentRow):
            s.execute(update(model).values(version=1))


# --------------------------------------------------------------------------- services


def test_a_resident_created_through_the_service_is_found(ws):
    assert_in_step(ws)  # the fixture's grid, household and head, written by the services
    created = ws.add_resident(ws.test_household.id, name="李小龙", relation="son",
                              citizen_id="110105198001010032", phone="13900002222")  # fmt: skip
    assert created.id in found(ws, "李小龙") & found(ws, "lxl") & found(ws, "0032")
    assert created.id in found(ws, "12号")  # the household's door number travels with it
    assert_in_step(ws)


def test_a_resident_edited_through_the_service_is_found_by_the_new_values_only(ws):
    head = _head(ws)
    ws.update_resident(head.id, name="张君宝", phone="13700009999")
    assert head.id in found(ws, "zjb") & found(ws, "9999")
    assert found(ws, "zsf") == set()  # not the resident, not the household's head entry
    assert found(ws, "13812345678") == set()
    assert_in_step(ws)
    ws.mark_moved_out(head.id, note="迁往外地")  # status only: read live, nothing to index
    (hit,) = ws.search("张君宝")
    assert hit.resident_status == "moved_out"
    assert_in_step(ws)


def test_a_household_edited_through_the_service_takes_its_residents_along(ws):
    household, head = ws.test_household, _head(ws)
    ws.update_household(household.id, door_number="99号", address_detail="幸福路8号")
    assert found(ws, "99号") == {head.id}  # the head's entry; the household's own one drops
    assert found(ws, "12号") == set()
    assert_in_step(ws)
    other = ws.add_household(ws.test_grid.id, group_name="二组", door_number="7号")
    assert found(ws, "7号") == {f"h:{other.id}"}  # a household without residents is found too
    ws.update_household(household.id, head_resident_id=None)
    assert_in_step(ws)
    ws.update_household(household.id, head_resident_id=head.id)
    assert_in_step(ws)


def test_a_resident_deleted_through_the_service_is_not_found(ws):
    head = _head(ws)
    ws.delete_resident(head.id, reason="重复登记")
    assert found(ws, "张三丰") == set() and found(ws, "zsf") == set()
    assert found(ws, "12号") == {f"h:{ws.test_household.id}"}  # the household stays findable
    assert_in_step(ws)


def test_a_failed_transaction_leaves_the_index_as_it_was(ws):
    head = _head(ws)
    with pytest.raises(RuntimeError), ws.db.transaction() as s:
        s.get(ResidentRow, head.id).name = "王五"
        s.flush()
        assert head.id in {h.resident_id for h in search.search(s, "王五")}  # in the transaction
        raise RuntimeError("rolled back")
    assert found(ws, "王五") == set() and head.id in found(ws, "张三丰")
    assert_in_step(ws)


# --------------------------------------------------------------------------- conflicts


def _conflict(ws, row_id, *, kind="field", field="name", mine=None, theirs=None):
    with ws.db.transaction() as s:
        s.add(ConflictRow(id="c-1", entity="resident", row_id=row_id, kind=kind, field=field,
                          base=None, mine=mine, theirs=theirs, mutation_id="m-1",
                          created_at=NOW, state="open"))  # fmt: skip


def test_a_resident_renamed_by_a_conflict_resolution_is_found(ws):
    head = _head(ws)
    _conflict(ws, head.id, mine="张真人", theirs="张三丰")
    ws.resolve_conflict("c-1", "mine")
    assert head.id in found(ws, "张真人") & found(ws, "zzr")
    assert found(ws, "zsf") == set()
    assert_in_step(ws)


def test_a_new_value_typed_in_a_conflict_resolution_is_found(ws):
    head = _head(ws)
    _conflict(ws, head.id, field="phone", mine="13911112222", theirs="13812345678")
    ws.resolve_conflict("c-1", "new", "139 0000 5555")
    assert head.id in found(ws, "5555") and found(ws, "13812345678") == set()
    assert_in_step(ws)


def test_a_resident_deleted_by_a_conflict_resolution_is_not_found(ws):
    head = _head(ws)
    _conflict(ws, head.id, kind="delete_vs_update", field=None)
    ws.resolve_conflict("c-1", "mine")
    assert found(ws, "张三丰") == set() and found(ws, "zsf") == set()
    assert_in_step(ws)


# --------------------------------------------------------------------------- pull apply


def test_residents_pulled_edited_and_deleted_by_pages_are_found_or_not(ws):
    g = rows.grid()
    h = rows.household(g.id, door_number="远方1号")
    r = rows.resident(h.id, name="钱七", citizen_id="110105195001010051")
    _apply(ws, [g, h, r])
    assert r.id in found(ws, "钱七") & found(ws, "qq") & found(ws, "远方1号")
    assert_in_step(ws)
    _apply(ws, [rows.resident(h.id, r.id, version=2, name="孙八")])
    assert r.id in found(ws, "孙八") and found(ws, "钱七") == set()
    _apply(ws, [rows.household(g.id, h.id, version=2, door_number="远方2号",
                               head_resident_id=r.id)])  # fmt: skip
    assert r.id in found(ws, "远方2号") and found(ws, "远方1号") == set()
    assert_in_step(ws)
    _apply(ws, [rows.deleted("resident", r.id, 3, {})])
    assert found(ws, "孙八") == set()
    assert found(ws, "远方2号") == {f"h:{h.id}"}
    assert_in_step(ws)


def test_a_household_gone_from_the_grid_takes_its_residents_out_of_search(ws):
    g = rows.grid()
    h = rows.household(g.id, door_number="远方1号")
    r1 = rows.resident(h.id, name="钱七")
    r2 = rows.resident(h.id, name="周九", relation="spouse")
    _apply(ws, [g, h, r1, r2])
    _apply(ws, [rows.gone("household", h.id), rows.gone("resident", r1.id),
                rows.gone("resident", r2.id)])  # fmt: skip
    assert found(ws, "钱七") == found(ws, "周九") == found(ws, "远方1号") == set()
    assert_in_step(ws)


def test_a_pulled_row_rebased_under_my_pending_edit_is_found_by_both_values(ws):
    head = _head(ws)
    _sent(ws)
    ws.update_resident(head.id, phone="13911112222")  # pending, not sent
    _apply(ws, [rows.resident(ws.test_household.id, head.id, version=4, name="张真人",
                              phone="13812345678", citizen_id="11010519491231002X",
                              relation="head")])  # fmt: skip
    assert head.id in found(ws, "张真人") & found(ws, "2222")  # theirs and mine
    assert found(ws, "zsf") == set()
    assert_in_step(ws)


# --------------------------------------------------------------------------- one place


UPKEEP_INTERNALS = {"update_entries", "remove_entries", "index_resident", "index_household",
                    "reindex_household"}  # fmt: skip
BULK_HOOKS = {"rows_written", "rows_removed"}


def _names_used(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    used |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    used |= {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    return used


def test_only_the_storage_layer_keeps_the_index_and_only_bulk_writers_call_its_hook():
    callers: dict[str, set[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "search" in path.relative_to(ROOT).parts[:2]:
            continue  # the search package itself
        used = _names_used(path) & (UPKEEP_INTERNALS | BULK_HOOKS)
        if used:
            callers[str(path.relative_to(ROOT))] = used
    # The pull apply writes pages without the ORM, for speed: it says what it wrote, and
    # the pull's removals (tombstones, gone markers) say what they removed.
    assert callers == {"sync/apply.py": {"rows_written"}, "sync/removal.py": {"rows_removed"}}
