"""The 今日 page of the main window over a demo village: counts equal the lists they open,
rows open what they are about, 我的走访's period selector and search, English mode."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from sqlalchemy import select

from gridworker.api import (
    Workspace,
    amend_draft_key,
    household_draft_key,
    period_range,
    resident_draft_key,
    visit_draft_key,
)
from gridworker.app import install_translations
from gridworker.domain.vocab import VisitDueState
from gridworker.storage.models import ConflictRow, JournalEntryRow
from gridworker.ui.main_window import MainWindow
from gridworker.ui.tasks import TaskRunner
from gridworker.ui.today_models import ROW_ROLE
from gridworker.ui.today_view import CATEGORIES
from gridworker.ui.visit_view import duration_minutes

pytestmark = pytest.mark.gui


def _desk_work(ws: Workspace) -> dict[str, str]:
    """Something in every list: a pending visit with a follow-up, drafts, a conflict and a
    refused change (as the sync engine records them)."""
    households = ws.households()
    visited = [h for h in households if h.last_visit is not None]
    target = visited[0]
    visit = ws.log_visit(target.id, summary="老人反映屋顶漏雨，需要跟进",
                         follow_up_date=(datetime.now() + timedelta(days=0)).date(),
                         resolved_on_spot=False)  # fmt: skip
    head = ws.residents(visited[1].id)[0]
    ws.drafts.save(visit_draft_key(visited[2].id), {"summary": "写了一半的走访"})
    ws.drafts.save(resident_draft_key(resident_id=head.id), {"name": head.name})
    with ws.db.transaction() as s:
        s.add(ConflictRow(
            id="c-1", entity="household", row_id=visited[3].id, kind="field",
            field="door_number", base="1号", mine="2号", theirs="3号", mutation_id="m",
            created_at=datetime.now(), state="open",
        ))  # fmt: skip
    ws.update_household(visited[4].id, address_detail="村委会东侧")
    with ws.db.transaction() as s:
        entry = s.scalars(select(JournalEntryRow).order_by(JournalEntryRow.seq.desc())).first()
        entry.state = entry.status = "rejected"
        entry.error_code, entry.error_message = "invalid", "门牌号格式不对"
    return {"follow_up": target.id, "visit": visit.id, "draft_household": visited[2].id,
            "resident": head.id}  # fmt: skip


@pytest.fixture
def window(qtbot, workspace: Workspace, tasks: TaskRunner) -> Iterator[MainWindow]:
    win = MainWindow(workspace, tasks)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.start()
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _open_today(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.today.loaded, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.today


def _card_number(window: MainWindow, key: str) -> int:
    return int(window.today.cards[key].text().split("\n")[0])


def test_each_count_equals_the_rows_of_the_list_it_opens(qtbot, workspace, window):
    _desk_work(workspace)
    _open_today(qtbot, window)
    view = window.today
    for category in CATEGORIES:
        qtbot.mouseClick(view.cards[category.key], Qt.MouseButton.LeftButton)
        assert view.category == category.key
        rows = view.table.model().rowCount()
        assert _card_number(window, category.key) == rows, category.key
        assert f"（{rows}）" in view.list_title.text()
    for key in ("follow_ups", "drafts", "conflicts", "rejected", "unsent"):
        assert view.count(key), key  # the crafted work shows up
    # The overdue card is the household list's 已逾期 state, counted by the domain rule.
    overdue = [h for h in workspace.households() if h.due_state is VisitDueState.OVERDUE]
    assert _card_number(window, "overdue") == len(overdue) > 0
    assert view.count("drafts") == 2 and view.count("conflicts") == 1


def test_arrow_keys_move_between_cards_and_alt_digits_choose_one(qtbot, window):
    _open_today(qtbot, window)
    view = window.today
    view.cards["overdue"].setFocus()
    qtbot.keyClick(view.cards["overdue"], Qt.Key.Key_Right)
    assert view.category == "due_this_week"
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert view.category == "never_visited"
    assert view.table.model().rowCount() == _card_number(window, "never_visited")


def test_a_household_row_opens_the_household(qtbot, window):
    _open_today(qtbot, window)
    view = window.today
    view.choose("overdue")
    model = view.table.model()
    assert model.rowCount() >= 2
    index = model.index(model.rowCount() - 1, 0)  # not the row selected already
    wanted = index.data(ROW_ROLE).id
    view.table.setFocus()
    view.table.setCurrentIndex(index)
    with qtbot.waitSignal(window.detail.loaded, timeout=10000) as loaded:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert loaded.args[0].household.id == wanted
    assert window.pages.currentWidget() is window.splitter
    assert window.current_household_id() == wanted
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.today
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.splitter
    window.show_today()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # new visit
    assert window.pages.currentWidget() is window.splitter  # the form is not hidden
    assert window.detail.visit_form_open()


def test_follow_up_and_draft_rows_open_their_household_and_form(qtbot, workspace, window):
    made = _desk_work(workspace)
    _open_today(qtbot, window)
    view = window.today
    view.choose("follow_ups")
    model = view.table.model()
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(ROW_ROLE).visit_id == made["visit"])  # fmt: skip
    with qtbot.waitSignal(window.detail.loaded, timeout=10000) as loaded:
        view.table.activated.emit(model.index(row, 1))
    assert loaded.args[0].household.id == made["follow_up"]

    window.show_today()
    view.choose("drafts")
    model = view.table.model()
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(ROW_ROLE).kind == "visit")  # fmt: skip
    view.table.activated.emit(model.index(row, 0))
    qtbot.waitUntil(lambda: window.detail.visit_form_open(), timeout=10000)
    form = window.detail.visit_form()
    assert form.household_id == made["draft_household"]
    qtbot.waitUntil(lambda: form.summary.toPlainText() == "写了一半的走访", timeout=10000)


def test_a_resident_draft_opens_the_resident_editor(qtbot, workspace, window):
    made = _desk_work(workspace)
    _open_today(qtbot, window)
    view = window.today
    view.choose("drafts")
    model = view.table.model()
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(ROW_ROLE).kind == "resident")  # fmt: skip
    view.table.activated.emit(model.index(row, 0))
    editor = window.resident_editor()
    qtbot.waitUntil(editor.isVisible, timeout=10000)
    assert editor.resident_id == made["resident"]
    assert window.pages.currentWidget() is window.splitter
    editor.close()


def _household_and_amendment_drafts(ws: Workspace) -> dict[str, Any]:
    """A household edit, a new household and a visit correction kept as drafts, as their
    forms write them."""
    visited = [h for h in ws.households() if h.last_visit is not None]
    edited, grid = visited[0], ws.grids()[0]
    visit = ws.visits_of(visited[1].id)[0]
    ws.drafts.save(household_draft_key(edited.id), {"address_detail": "村委会西侧"})
    ws.drafts.save(household_draft_key(), {
        "group_name": "九组", "door_number": "99号", "address_detail": "", "phone": "",
        "dwelling_type": "owner_occupied", "tags": [], "grid_id": grid.id,
    })  # fmt: skip
    ws.drafts.save(amend_draft_key(visit.id), {
        "version": 1, "visit_type": visit.visit_type.value,
        "duration_minutes": duration_minutes(visit) or 0,
        "people_met": visit.people_met, "summary": "更正后的摘要",
        "findings": [{"kind": f.kind.value, "text": f.text} for f in visit.findings],
        "resolved_on_spot": visit.resolved_on_spot,
        "follow_up": visit.follow_up_date is not None,
        "follow_up_date": visit.follow_up_date.isoformat() if visit.follow_up_date else "",
        "reason": "摘要记错了",
    })  # fmt: skip
    return {"edited": edited, "grid": grid, "visit": visit, "visit_household": visited[1]}


def _open_draft_row(qtbot, window: MainWindow, kind: str) -> None:
    """Choose 草稿 on the desk (shown again, and so read again) and press Enter on the row of
    ``kind``."""
    if window.pages.currentWidget() is not window.today:
        with qtbot.waitSignal(window.today.loaded, timeout=10000):
            window.show_today()
    view = window.today
    view.choose("drafts")
    model = view.table.model()
    (row,) = [r for r in range(model.rowCount()) if model.index(r, 0).data(ROW_ROLE).kind == kind]
    view.table.setFocus()
    view.table.setCurrentIndex(model.index(row, 1))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)


def test_household_and_amendment_drafts_are_counted_listed_and_open_their_forms(
    qtbot, workspace, window
):
    made = _household_and_amendment_drafts(workspace)
    _open_today(qtbot, window)
    view = window.today
    view.choose("drafts")
    model = view.table.model()
    assert view.count("drafts") == 3 == _card_number(window, "drafts") == model.rowCount()
    rows = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(3)}
    edited, visit = made["edited"], made["visit"]
    assert rows == {
        "编辑户": edited.address,
        "新增户": f"九组 99号（{made['grid'].name}）",
        "走访更正": f"{visit.started_at:%Y-%m-%d} 的走访（{made['visit_household'].address}）",
    }

    _open_draft_row(qtbot, window, "household")
    editor = window.household_actions.editor()
    qtbot.waitUntil(lambda: editor.address_detail.text() == "村委会西侧", timeout=10000)
    assert editor.isVisible() and editor.household_id == edited.id
    assert editor.door_number.text() == edited.door_number  # the rest as the household is
    assert editor.restored_note.isVisible()
    assert window.current_household_id() == edited.id
    editor.close()

    _open_draft_row(qtbot, window, "new_household")
    qtbot.waitUntil(lambda: editor.door_number.text() == "99号", timeout=10000)
    assert editor.isVisible() and editor.household_id is None
    assert editor.group_name.text() == "九组"
    assert editor.grid.currentData() == made["grid"].id
    assert editor.restored_note.isVisible()
    editor.close()

    _open_draft_row(qtbot, window, "visit_amendment")
    visit_view = window.visit_view()
    qtbot.waitUntil(lambda: visit_view.amend_dialog is not None
                    and visit_view.amend_dialog.isVisible(), timeout=10000)  # fmt: skip
    amend = visit_view.amend_dialog
    qtbot.waitUntil(lambda: amend.summary.toPlainText() == "更正后的摘要", timeout=10000)
    assert amend.reason.text() == "摘要记错了"
    assert amend.changes() == {"summary": "更正后的摘要"}  # the draft, over this very visit
    assert amend.restored_note.isVisible()
    assert window.current_household_id() == made["visit_household"].id
    amend.close()
    visit_view.close()


def test_draft_forms_are_named_in_english(qtbot, english, workspace, window):
    _household_and_amendment_drafts(workspace)
    _open_today(qtbot, window)
    window.today.choose("drafts")
    model = window.today.table.model()
    names = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert names == {"Edit household", "New household", "Visit correction"}


def test_a_draft_typed_while_away_is_counted_when_the_page_is_shown_again(
    qtbot, workspace, window
):
    _open_today(qtbot, window)
    assert window.today.count("drafts") == 0
    window.show_households()
    households = workspace.households()
    workspace.drafts.save(visit_draft_key(households[0].id), {"summary": "刚写的"})
    with qtbot.waitSignal(window.today.loaded, timeout=10000):
        window.show_today()
    assert window.today.count("drafts") == 1 == _card_number(window, "drafts")


def test_conflict_rows_open_the_conflict_centre(qtbot, workspace, window):
    _desk_work(workspace)
    _open_today(qtbot, window)
    view = window.today
    view.choose("rejected")
    view.table.activated.emit(view.table.model().index(0, 0))
    centre = window._conflict_centre
    assert centre is not None
    qtbot.waitUntil(centre.isVisible, timeout=10000)
    centre.close()


def test_counts_follow_a_save(qtbot, workspace, window):
    # A household registered today has never been visited, whatever the demo's history on
    # the day the test runs (its village may have visited every household already).
    grid = workspace.grids()[0]
    fresh = workspace.add_household(grid.id, group_name="新登记", door_number="99号")
    workspace.add_resident(fresh.id, name="新户主", relation="head")
    _open_today(qtbot, window)
    view = window.today
    before = view.count("never_visited")
    assert before >= 1
    never = view.desk.never_visited[0]
    visit = workspace.log_visit(never.id, summary="首次走访")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        window.detail.visit_saved.emit(never.id, visit.id)  # as the visit form's save does
    assert view.count("never_visited") == before - 1
    assert _card_number(window, "never_visited") == before - 1
    window.show_today()  # shown again: the list is the new one too
    view.choose("never_visited")
    assert view.table.model().rowCount() == before - 1


def _mine(workspace: Workspace, start, end) -> list:
    """worker1's visits in [start, end), read through the household pages."""
    out = []
    for h in workspace.households():
        for v in workspace.visits_of(h.id):
            if v.visitor == workspace.actor.username and start <= v.started_at.date() < end:
                out.append(v)
    return out


def test_my_visits_period_selector_search_and_opening(qtbot, workspace, window):
    _open_today(qtbot, window)
    page = window.today.my_visits
    window.today.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.visits is not None, timeout=10000)
    today = datetime.now().date()
    for period in ("last_month", "this_month", "last_week", "this_week"):
        with qtbot.waitSignal(page.loaded, timeout=10000):
            page.choose_period(period)
        start, end = period_range(period, today)  # type: ignore[arg-type]
        expected = _mine(workspace, start, end)
        assert page.model.rowCount() == len(expected), period
        assert f"共 {len(expected)} 次走访" in page.summary.text()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.choose_period("last_month")
    total = page.model.rowCount()
    assert total > 5
    assert page.month.isEnabled() is False

    # By date: the day of the third row finds that day's visits only.
    day = page.model.row(2).started_at.strftime("%m-%d")
    qtbot.keyClicks(page.search, day)
    shown = [page.model.row(r) for r in range(page.model.rowCount())]
    assert shown and all(v.started_at.strftime("%m-%d") == day for v in shown)
    assert len(shown) < total and f"显示 {len(shown)} 次" in page.summary.text()
    page.search.clear()
    # By type.
    counts = page.visits.by_type()
    rarest = min(counts, key=counts.__getitem__)
    page.visit_type.setCurrentIndex(page.visit_type.findData(rarest.value))
    of_type = [page.model.row(r) for r in range(page.model.rowCount())]
    assert of_type and all(v.visit_type is rarest for v in of_type)
    assert len(of_type) == counts[rarest]

    # A chosen month: the month before last.
    before_last = period_range("last_month", today)[0] - timedelta(days=1)  # type: ignore[arg-type]
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.choose_period("month", before_last)
    assert page.month.isEnabled()
    assert page.visits.start == before_last.replace(day=1)
    page.visit_type.setCurrentIndex(0)
    expected = _mine(workspace, page.visits.start, page.visits.end)
    assert page.model.rowCount() == len(expected)

    # Enter in the search box goes to the first row; Enter there opens the household.
    qtbot.keyClicks(page.search, page.model.row(0).started_at.strftime("%m-%d %H:%M"))
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.table.hasFocus()
    wanted = page.current().household_id
    with qtbot.waitSignal(window.detail.loaded, timeout=10000) as loaded:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert loaded.args[0].household.id == wanted
    assert window.pages.currentWidget() is window.splitter


def test_today_in_english(qtbot, qapp, workspace, tasks):
    translators = install_translations(qapp, "en")
    try:
        assert translators
        win = MainWindow(workspace, tasks)
        qtbot.addWidget(win)
        with qtbot.waitSignal(win.ready, timeout=10000):
            win.start()
        win.show()
        with qtbot.waitSignal(win.today.loaded, timeout=10000):
            win.show_today()
        assert win.today_action.text() == "Today"
        assert win.today.cards["overdue"].text().split("\n")[1] == "Overdue"
        assert win.today.tabs.tabText(1) == "&My visits"
        assert win.today.heading.text().startswith("Today: ")
        header = win.today.table.model().headerData(0, Qt.Orientation.Horizontal)
        assert header == "Household"
        win.close()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        assert QCoreApplication.translate("TodayView", "已逾期") == "已逾期"
