"""The household list model, without widgets: lazy pages, sorting, filters, colours."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from gridworker.api import SYNCED, HouseholdSummary, RecordSync, RecordSyncState
from gridworker.domain.vocab import CareCategory, HouseholdStatus, VisitDueState
from gridworker.ui.household_model import (
    ID_ROLE,
    Column,
    HouseholdFilter,
    HouseholdModel,
    natural_key,
)

NOW = datetime(2026, 3, 1, 9, 0)
# The fourth household of every four was never visited: overdue since its registration.
STATES = [VisitDueState.OK, VisitDueState.OVERDUE, VisitDueState.DUE_SOON, VisitDueState.OVERDUE]


def summary(n: int, **changes: object) -> HouseholdSummary:
    state = STATES[n % 4]
    values: dict[str, object] = dict(
        id=f"h{n:05d}",
        grid_id="g1",
        address=f"{n % 7 + 1}组 {n}号",
        group_name=f"{n % 7 + 1}组",
        door_number=f"{n}号",
        head_name=f"户主{n}",
        member_count=n % 5 + 1,
        tags=frozenset(),
        care_categories=frozenset({CareCategory.ELDERLY_ALONE}) if n % 3 == 0 else frozenset(),
        status=HouseholdStatus.ACTIVE,
        last_visit=None if n % 4 == 3 else NOW - timedelta(days=n % 100),
        next_due=NOW + timedelta(days=(n % 50) - 10),
        due_state=state,
        pending=n % 10 == 0,
        sync=RecordSync(RecordSyncState.NOT_SENT, unsent=1) if n % 10 == 0 else SYNCED,
    )
    values.update(changes)
    return HouseholdSummary(**values)  # type: ignore[arg-type]


@pytest.fixture
def rows() -> list[HouseholdSummary]:
    return [summary(n) for n in range(450)]


def test_passes_qt_model_tester(qtmodeltester, rows):
    model = HouseholdModel(batch=100)
    model.set_rows(rows[:250])
    qtmodeltester.check(model, force_py=True)
    model.sort(Column.NEXT_DUE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_rows_are_exposed_in_batches(rows):
    model = HouseholdModel(batch=200)
    model.set_rows(rows)
    assert model.rowCount() == 200
    assert model.total_count() == 450
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())  # nothing left: a no-op
    assert model.rowCount() == 450


def test_row_of_fetches_up_to_a_late_household(rows):
    model = HouseholdModel(batch=100)
    model.set_rows(rows)
    assert model.rowCount() == 100
    row = model.row_of("h00420")
    assert row == 420
    assert model.rowCount() == 421
    assert model.index(row, 0).data(ID_ROLE) == "h00420"


def test_columns_show_labels_and_user_role_is_the_id(rows):
    model = HouseholdModel()
    model.set_rows(rows[:4])
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        *("组", "门牌号", "户主", "人数", "关爱对象"),
        *("最近走访", "下次应访", "状态", "同步"),
    ]
    assert model.index(0, Column.CARE).data() == "独居老人"
    assert model.index(1, Column.STATE).data() == "已逾期"
    assert model.index(2, Column.STATE).data() == "即将到期"
    assert model.index(3, Column.STATE).data() == "已逾期"
    assert model.index(3, Column.LAST_VISIT).data() == "从未走访"
    assert model.index(0, Column.SYNC).data() == "未发送"
    assert model.index(1, Column.SYNC).data() == ""
    assert model.index(1, Column.HEAD).data(ID_ROLE) == "h00001"


def test_due_states_are_coloured_and_labelled(rows):
    model = HouseholdModel()
    model.set_rows(rows[:4])
    bg = Qt.ItemDataRole.BackgroundRole
    fg = Qt.ItemDataRole.ForegroundRole
    assert model.index(0, Column.STATE).data(bg) is None  # OK: plain
    overdue = model.index(1, Column.STATE)
    assert overdue.data(bg).color().name() == "#fdecea"
    assert overdue.data(fg).color().name() == "#b42318"
    assert model.index(2, Column.STATE).data(bg).color().name() == "#fff4de"
    # Never visited and overdue: exactly like any other overdue household, never grey/italic.
    for column in Column:
        never, visited = model.index(3, column), model.index(1, column)
        assert never.data(bg) == visited.data(bg)
        assert never.data(fg) == visited.data(fg)
        assert never.data(Qt.ItemDataRole.FontRole) == visited.data(Qt.ItemDataRole.FontRole)
    assert model.index(3, Column.STATE).data(fg).color().name() == "#b42318"
    assert "从未走访" in model.index(3, Column.STATE).data(Qt.ItemDataRole.ToolTipRole)
    assert "从未走访" not in model.index(1, Column.STATE).data(Qt.ItemDataRole.ToolTipRole)


def test_sort_in_model_keeps_persistent_indexes(rows):
    model = HouseholdModel(batch=500)
    model.set_rows(rows[:30])
    kept = QPersistentModelIndex(model.index(5, 0))
    model.sort(Column.MEMBERS, Qt.SortOrder.DescendingOrder)
    counts = [model.index(r, Column.MEMBERS).data() for r in range(model.rowCount())]
    assert counts == sorted(counts, reverse=True)
    assert kept.isValid() and kept.data(ID_ROLE) == "h00005"
    model.sort(Column.DOOR)
    doors = [model.index(r, Column.DOOR).data() for r in range(3)]
    assert doors == ["0号", "1号", "2号"]  # numeric, not "0号", "1号", "10号"


def test_sort_by_state_puts_overdue_first(rows):
    model = HouseholdModel(batch=500)
    model.set_rows(rows[:40])
    model.sort(Column.STATE)
    assert model.index(0, Column.STATE).data() == "已逾期"
    assert model.index(model.rowCount() - 1, Column.STATE).data() == "正常"


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        (HouseholdFilter.OVERDUE, {"已逾期"}),
        (HouseholdFilter.DUE_SOON, {"即将到期"}),
    ],
)
def test_filters_by_due_state(rows, which, expected):
    model = HouseholdModel(batch=1000)
    model.set_rows(rows)
    model.set_filter(which)
    states = {model.index(r, Column.STATE).data() for r in range(model.rowCount())}
    assert model.rowCount() > 0
    assert states == expected


def test_overdue_filter_counts_households_never_visited(rows):
    model = HouseholdModel(batch=1000)
    model.set_rows(rows)
    model.set_filter(HouseholdFilter.OVERDUE)
    never = [model.summary(r) for r in range(model.rowCount())
             if model.summary(r).last_visit is None]  # fmt: skip
    assert model.total_count() == 225  # rows 1, 3, 5, ... : visited and never visited
    assert len(never) == 112


def test_never_visited_filter_shows_them_whatever_their_state(rows):
    rows = [*rows[:8], summary(8, last_visit=None, due_state=VisitDueState.DUE_SOON)]
    model = HouseholdModel(batch=1000)
    model.set_rows(rows)
    model.set_filter(HouseholdFilter.NEVER)
    assert [model.summary(r).id for r in range(model.rowCount())] == ["h00003", "h00007", "h00008"]
    states = {model.index(r, Column.STATE).data() for r in range(model.rowCount())}
    assert states == {"已逾期", "即将到期"}
    assert {model.index(r, Column.LAST_VISIT).data() for r in range(3)} == {"从未走访"}


def test_care_filter_keeps_households_with_any_care_category(rows):
    model = HouseholdModel(batch=1000)
    model.set_rows(rows)
    model.set_filter(HouseholdFilter.CARE)
    assert model.rowCount() == 150
    assert all(model.summary(r).care_categories for r in range(model.rowCount()))


def test_update_row_replaces_in_place(qtbot, rows):
    model = HouseholdModel()
    model.set_rows(rows[:10])
    changed = summary(1, due_state=VisitDueState.OK, last_visit=NOW)
    with qtbot.waitSignal(model.dataChanged), qtbot.assertNotEmitted(model.modelReset):
        model.update_row(changed)
    assert model.index(1, Column.STATE).data() == "正常"
    assert model.index(1, Column.LAST_VISIT).data() == "2026-03-01"
    assert model.rowCount() == 10


def test_moved_out_households_have_no_due_date(rows):
    model = HouseholdModel()
    model.set_rows([summary(1, status=HouseholdStatus.MOVED_OUT)])
    assert model.index(0, Column.STATE).data() == "已迁出"
    assert model.index(0, Column.NEXT_DUE).data() == ""
    model.set_filter(HouseholdFilter.OVERDUE)
    assert model.rowCount() == 0


def test_natural_key_orders_numbers_numerically():
    assert sorted(["10组", "2组", "1组"], key=natural_key) == ["1组", "2组", "10组"]
