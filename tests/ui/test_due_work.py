"""Due work in the main window: a household never visited is due from the day it entered the
roster and overdue after its window, drawn and counted like any other overdue household."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from gridworker.api import Workspace
from gridworker.ui.household_model import Column, HouseholdFilter
from gridworker.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

FG, BG, FONT = (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole,
                Qt.ItemDataRole.FontRole)
TIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def roster(tmp_path) -> Iterator[tuple[Workspace, dict[str, str]]]:
    """Four ordinary (quarterly) households: one registered 120 days ago and never visited,
    one visited 100 days ago (overdue both), one registered today and never visited (due),
    one visited last week (fine)."""
    now = datetime.now().replace(microsecond=0)
    clock = {"now": now - timedelta(days=120)}
    ws = Workspace.open(tmp_path / "ws", clock=lambda: clock["now"])
    grid = ws.create_grid(code="110105001001001", name="第一网格", village="前进村")
    ids: dict[str, str] = {}
    for door, name in enumerate(("old_never", "old_visited", "new_never", "fresh"), start=1):
        if name == "new_never":
            clock["now"] = now
        household = ws.add_household(grid.id, group_name="一组", door_number=f"{door}号")
        ws.add_resident(household.id, name=f"户主{'一二三四'[door - 1]}", relation="head")
        ids[name] = household.id
    clock["now"] = now
    ws.log_visit(ids["old_visited"], summary="入户走访", started_at=now - timedelta(days=100))
    ws.log_visit(ids["fresh"], summary="入户走访", started_at=now - timedelta(days=7))
    try:
        yield ws, ids
    finally:
        ws.close()


def _row(window: MainWindow, household_id: str) -> int:
    row = window.model.row_of(household_id)
    assert row >= 0
    return row


def test_never_visited_past_its_window_is_overdue_like_any_other(qtbot, roster, make_window):
    ws, ids = roster
    window = make_window(ws)
    model = window.model
    never, visited = _row(window, ids["old_never"]), _row(window, ids["old_visited"])
    assert model.index(never, Column.STATE).data() == "已逾期"
    assert model.index(visited, Column.STATE).data() == "已逾期"
    assert model.index(never, Column.LAST_VISIT).data() == "从未走访"
    # One interval (90 days) after it entered the roster, 30 days ago.
    registered = ws.household(ids["old_never"]).household.created_at
    assert model.index(never, Column.NEXT_DUE).data() == (
        (registered + timedelta(days=90)).strftime("%Y-%m-%d")
    )
    for column in Column:
        a, b = model.index(never, column), model.index(visited, column)
        assert a.data(FG) == b.data(FG) and a.data(BG) == b.data(BG), column
        font = a.data(FONT)
        assert font == b.data(FONT) and not (font and font.italic()), column
    state = model.index(never, Column.STATE)
    assert state.data(FG).color().name() == "#b42318"  # the overdue red, not grey
    assert state.data(BG).color().name() == "#fdecea"
    assert state.data(FONT).bold()
    assert "从未走访" in state.data(TIP)
    # Due from the day it was registered: the new one is due already, not "正常".
    new = _row(window, ids["new_never"])
    assert model.index(new, Column.STATE).data() == "即将到期"
    assert model.index(new, Column.STATE).data(BG).color().name() == "#fff4de"
    assert model.index(_row(window, ids["fresh"]), Column.STATE).data() == "正常"


def test_overdue_filter_counts_never_visited_households(qtbot, roster, make_window):
    ws, ids = roster
    window = make_window(ws)
    combo = window.filter_combo
    combo.setCurrentIndex(combo.findData(HouseholdFilter.OVERDUE.value))
    shown = {window.model.summary(r).id for r in range(window.model.rowCount())}
    assert shown == {ids["old_never"], ids["old_visited"]}
    assert window.count_label.text() == "2 户 / 共 4 户"
    combo.setCurrentIndex(combo.findData(HouseholdFilter.DUE_SOON.value))
    assert [window.model.summary(r).id for r in range(window.model.rowCount())] == [
        ids["new_never"]
    ]
    combo.setCurrentIndex(combo.findData(HouseholdFilter.NEVER.value))
    shown = {window.model.summary(r).id for r in range(window.model.rowCount())}
    assert shown == {ids["old_never"], ids["new_never"]}


def test_detail_says_never_visited_and_how_overdue(qtbot, roster, make_window):
    ws, ids = roster
    window = make_window(ws)
    window.select_household(ids["old_never"])
    qtbot.waitUntil(lambda: window.detail.household_id == ids["old_never"], timeout=5000)
    text = window.detail.due.text()
    assert text.startswith("下次应访：") and "从未走访" in text and "已逾期 30 天" in text
    assert window.detail.due.property("dueState") == "overdue"


def test_never_visited_in_english(qtbot, roster, make_window, english):
    ws, ids = roster
    window = make_window(ws)
    row = _row(window, ids["old_never"])
    assert window.model.index(row, Column.LAST_VISIT).data() == "Never visited"
    assert "Never visited" in window.model.index(row, Column.STATE).data(TIP)
