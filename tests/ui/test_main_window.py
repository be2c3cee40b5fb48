"""The main window over a demo village: search, household detail, masking, reveal, filters."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from pypinyin import Style, lazy_pinyin
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QInputDialog
from support.gui import BoxAnswerer

from gridworker.api import Workspace
from gridworker.domain.entities import Resident
from gridworker.domain.vocab import ResidentStatus, VisitDueState
from gridworker.ui.household_model import Column, HouseholdFilter
from gridworker.ui.household_tables import ResidentTableModel, VisitTimelineModel
from gridworker.ui.main_window import MainWindow
from gridworker.ui.search_box import HOUSEHOLD_ROLE, RESIDENT_ROLE
from gridworker.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, workspace: Workspace, tasks: TaskRunner) -> Iterator[MainWindow]:
    win = MainWindow(workspace, tasks)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.start()
    win.show()
    yield win
    win.close()


def a_resident(workspace: Workspace, with_id: bool = True) -> Resident:
    """An active resident with an 18-digit ID number and a name unique in the village."""
    names: dict[str, int] = {}
    people: list[Resident] = []
    for summary in workspace.households():
        for r in workspace.household(summary.id).residents:
            names[r.name] = names.get(r.name, 0) + 1
            people.append(r)
    for r in people:
        if (
            r.status is ResidentStatus.ACTIVE
            and names[r.name] == 1
            and len(r.name) >= 2
            and (len(r.citizen_id) == 18 or not with_id)
        ):
            return r
    raise AssertionError("the demo village has no suitable resident")


def hit_ids(window: MainWindow) -> list[str | None]:
    model = window.search.model
    return [model.index(row, 0).data(RESIDENT_ROLE) for row in range(model.rowCount())]


def table_text(view) -> str:
    model = view.model()
    return "\n".join(
        " ".join(str(model.index(r, c).data() or "") for c in range(model.columnCount()))
        for r in range(model.rowCount())
    )


def type_into(qtbot, edit, text: str) -> None:
    """Type ASCII key by key; commit Chinese as an input method does (QTest has no CJK keys)."""
    if text.isascii():
        qtbot.keyClicks(edit, text)
        return
    edit.setFocus()
    for char in text:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(edit, event)


def open_household(qtbot, window: MainWindow, household_id: str) -> None:
    window.select_household(household_id)
    qtbot.waitUntil(lambda: window.detail.household_id == household_id, timeout=5000)


def test_window_shows_the_household_list_and_status(qtbot, window: MainWindow, workspace):
    assert window.model.all_count() == 40
    assert window.model.rowCount() == 40
    qtbot.waitUntil(lambda: "—" in window.windowTitle())
    grid = workspace.grids()[0]
    assert window.windowTitle() == f"网格员工作台 — {grid.name}"
    assert window.counts_label.text().startswith("40 户")
    assert window.sync_label.text() == "仅本机保存 · 没有待同步的修改"
    assert workspace.actor.display_name in window.operator_label.text()


@pytest.mark.parametrize("how", ["name", "initials", "id_fragment"])
def test_search_finds_the_resident(qtbot, window: MainWindow, workspace, how: str):
    resident = a_resident(workspace)
    text = {
        "name": resident.name,
        "initials": "".join(lazy_pinyin(resident.name, style=Style.FIRST_LETTER)),
        "id_fragment": resident.citizen_id[-8:],
    }[how]
    type_into(qtbot, window.search.edit, text)
    qtbot.waitUntil(lambda: resident.id in hit_ids(window), timeout=5000)
    assert window.search.showing_hits()
    row = hit_ids(window).index(resident.id)
    shown = window.search.model.index(row, 1).data()
    assert "*" in shown and resident.citizen_id not in shown  # masked in the hit list


def test_search_says_so_while_the_index_is_being_rebuilt(qtbot, window: MainWindow, workspace):
    from gridworker.storage import search

    resident = a_resident(workspace)
    with workspace.db.transaction() as s:  # as a large sync leaves it until its rebuild
        search.mark_stale(s, "large_pull", "2026-11-01T08:00:00")
    type_into(qtbot, window.search.edit, resident.citizen_id[-8:])
    qtbot.waitUntil(lambda: resident.id in hit_ids(window), timeout=5000)
    assert window.search.status.text().startswith("索引建立中，搜索较慢，暂不能按拼音查找 · ")
    assert workspace.rebuild_search_index() > 0
    window.search.clear()
    type_into(qtbot, window.search.edit, resident.name)
    qtbot.waitUntil(lambda: resident.id in hit_ids(window), timeout=5000)
    assert "索引建立中" not in window.search.status.text()


def test_enter_on_a_hit_opens_its_household(qtbot, window: MainWindow, workspace):
    resident = a_resident(workspace)
    type_into(qtbot, window.search.edit, resident.name)
    qtbot.waitUntil(lambda: hit_ids(window)[:1] == [resident.id], timeout=5000)
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.detail.household_id == resident.household_id, timeout=5000)
    assert window.detail.current_resident_id() == resident.id
    assert window.current_household_id() == resident.household_id


def test_down_then_enter_opens_the_selected_hit(qtbot, window: MainWindow, workspace):
    resident = a_resident(workspace)
    type_into(qtbot, window.search.edit, resident.name)
    qtbot.waitUntil(lambda: resident.id in hit_ids(window), timeout=5000)
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Down)
    assert window.search.results.hasFocus() or window.search.results.currentIndex().isValid()
    index = window.search.results.currentIndex()
    expected = index.data(HOUSEHOLD_ROLE)
    qtbot.keyClick(window.search.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.detail.household_id == expected, timeout=5000)


def test_escape_clears_search_and_returns_to_the_list(qtbot, window: MainWindow, workspace):
    resident = a_resident(workspace)
    type_into(qtbot, window.search.edit, resident.name)
    qtbot.waitUntil(window.search.showing_hits, timeout=5000)
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Escape)
    assert window.search.edit.text() == ""
    assert not window.search.showing_hits()
    assert window.search.model.rowCount() == 0


def test_household_detail_masks_id_numbers(qtbot, window: MainWindow, workspace):
    resident = a_resident(workspace)
    open_household(qtbot, window, resident.household_id)
    text = table_text(window.detail.residents)
    assert resident.name in text
    assert "********" in text
    assert resident.citizen_id not in text
    if resident.phone:
        assert resident.phone not in text
    detail = workspace.household(resident.household_id)
    assert window.detail.residents_model.rowCount() == len(detail.residents)
    assert window.detail.visits_model.rowCount() == len(detail.visits)
    assert window.detail.due.text().startswith(("下次应访", "从未走访"))


def test_reveal_asks_a_reason_and_is_audited(qtbot, window, workspace, monkeypatch):
    resident = a_resident(workspace)
    asked: list[str] = []

    def fake_get_text(parent, title, label, *args, **kwargs):
        asked.append(label)
        return "入户核实身份信息", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake_get_text))
    window.open_household(resident.household_id, resident.id)
    qtbot.waitUntil(lambda: window.detail.current_resident_id() == resident.id, timeout=5000)
    window.detail.reveal_id_action.trigger()
    row = window.detail.residents_model.row_of(resident.id)
    cell = window.detail.residents_model.index(row, ResidentTableModel.CITIZEN_ID)
    qtbot.waitUntil(lambda: cell.data() == resident.citizen_id, timeout=5000)
    assert asked and "理由" in asked[0] and resident.name in asked[0]
    with sqlite3.connect(workspace.db.path) as db:
        audited = db.execute(
            "SELECT event, target, reason FROM audit_events WHERE event = 'reveal'"
        ).fetchall()
    assert audited == [("reveal", f"resident:{resident.id}:citizen_id", "入户核实身份信息")]


def test_cancelled_reveal_shows_nothing_and_audits_nothing(qtbot, window, workspace, monkeypatch):
    resident = a_resident(workspace)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    window.open_household(resident.household_id, resident.id)
    qtbot.waitUntil(lambda: window.detail.current_resident_id() == resident.id, timeout=5000)
    window.detail.reveal_id_action.trigger()
    window.tasks.wait()
    assert resident.citizen_id not in table_text(window.detail.residents)
    with sqlite3.connect(workspace.db.path) as db:
        assert db.execute("SELECT count(*) FROM audit_events").fetchone() == (0,)


def test_filter_combo_shows_only_overdue_households(qtbot, window: MainWindow, workspace):
    overdue = {s.id for s in workspace.households() if s.due_state is VisitDueState.OVERDUE}
    assert overdue, "the demo village should have overdue households"
    assert len(overdue) < 40
    window.filter_combo.setCurrentIndex(window.filter_combo.findData(HouseholdFilter.OVERDUE.value))
    model = window.model
    shown = {model.summary(r).id for r in range(model.rowCount())}
    assert shown == overdue
    states = {model.index(r, Column.STATE).data() for r in range(model.rowCount())}
    assert states == {"已逾期"}
    assert window.count_label.text() == f"{len(overdue)} 户 / 共 40 户"


def test_models_pass_the_qt_model_tester(qtbot, qtmodeltester, window: MainWindow, workspace):
    qtmodeltester.check(window.model, force_py=True)
    busiest = max(workspace.households(), key=lambda s: s.member_count)
    open_household(qtbot, window, busiest.id)
    assert window.detail.residents_model.rowCount() > 1
    qtmodeltester.check(window.detail.residents_model, force_py=True)
    qtmodeltester.check(window.detail.visits_model, force_py=True)
    resident = a_resident(workspace)
    type_into(qtbot, window.search.edit, resident.name)
    qtbot.waitUntil(lambda: window.search.model.rowCount() > 0, timeout=5000)
    qtmodeltester.check(window.search.model, force_py=True)
    for model in (ResidentTableModel(), VisitTimelineModel()):
        qtmodeltester.check(model, force_py=True)  # empty models too


def test_refresh_after_a_visit_updates_the_due_state(qtbot, window: MainWindow, workspace):
    target = next(s for s in workspace.households() if s.due_state is VisitDueState.OVERDUE)
    open_household(qtbot, window, target.id)
    row = window.model.row_of(target.id)
    assert window.model.index(row, Column.STATE).data() == "已逾期"
    workspace.log_visit(target.id, summary="入户了解近况，老人身体状况良好")
    window.refresh_action.trigger()
    qtbot.waitUntil(
        lambda: window.model.index(window.model.row_of(target.id), Column.STATE).data() == "正常",
        timeout=5000,
    )
    assert window.current_household_id() == target.id  # the selection stayed
    qtbot.waitUntil(lambda: "已逾期" not in window.detail.due.text(), timeout=5000)
    assert window.detail.visits_model.index(0, 2).data() == "入户了解近况，老人身体状况良好"


def test_a_saved_visit_updates_the_row_without_reloading_the_list(qtbot, window, workspace):
    target = next(s for s in workspace.households() if s.due_state is VisitDueState.OVERDUE)
    open_household(qtbot, window, target.id)
    visit = workspace.log_visit(target.id, summary="回访，问题已解决")
    with qtbot.assertNotEmitted(window.model.modelReset):
        window.detail.visit_saved.emit(target.id, visit.id)
        qtbot.waitUntil(
            lambda: window.model.find(target.id).due_state is VisitDueState.OK, timeout=5000
        )
    assert window.current_household_id() == target.id


def test_household_list_fetches_more_rows_when_scrolled(qtbot, tmp_path, tasks):
    with Workspace.open(tmp_path / "big") as ws:
        ws.load_demo(households=450, seed=5)
        win = MainWindow(ws, tasks)
        qtbot.addWidget(win)
        with qtbot.waitSignal(win.ready, timeout=15000):
            win.start()
        assert win.model.total_count() == 450
        assert win.model.rowCount() == 200
        win.table.scrollToBottom()
        qtbot.waitUntil(lambda: win.model.rowCount() > 200, timeout=5000)
        win.tasks.wait()
        win.close()


def test_new_visit_opens_the_visit_form_inline(qtbot, window: MainWindow, workspace):
    target = workspace.households()[0]
    open_household(qtbot, window, target.id)
    window.new_visit_action.trigger()
    assert window.detail.visit_form_open()
    form = window.detail.visit_form()
    assert form.isVisibleTo(window)
    form.closed.emit()
    assert not window.detail.visit_form_open()


def test_status_bar_counts_unsent_changes(qtbot, window: MainWindow, workspace):
    household = workspace.households()[0]
    workspace.log_visit(household.id, summary="了解近况")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "待同步 1 条" in window.sync_label.text())


def test_kept_resident_draft_is_marked_in_the_household(qtbot, window: MainWindow, workspace):
    """Ctrl+E, type, Esc, 保留草稿: the row says 草稿; Ctrl+E shows the banner; 放弃草稿 and
    Esc (nothing left to ask about) and the mark is gone."""
    resident = a_resident(workspace)
    open_household(qtbot, window, resident.household_id)
    row = window.detail.residents_model.row_of(resident.id)
    window.detail.residents.selectRow(row)
    name_cell = window.detail.residents_model.index(row, 0)
    window.edit_resident_action.trigger()  # Ctrl+E
    editor = window.resident_editor()
    qtbot.waitUntil(lambda: editor.name.text() == resident.name and editor.name.isEnabled(),
                    timeout=5000)  # fmt: skip
    type_into(qtbot, editor.former_name, "旧名")
    answer = BoxAnswerer("保留草稿")
    qtbot.keyClick(editor.name, Qt.Key.Key_Escape)
    assert answer.asked and not editor.isVisible()
    qtbot.waitUntil(lambda: name_cell.data() == f"{resident.name}（草稿）", timeout=5000)

    window.edit_resident_action.trigger()
    qtbot.waitUntil(lambda: editor.restored_note.isVisible(), timeout=5000)
    assert editor.former_name.text() == "旧名"
    qtbot.mouseClick(editor.restored_note.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.former_name.text() == resident.former_name
                    and editor.name.isEnabled(), timeout=5000)  # fmt: skip
    window.tasks.wait()
    answer = BoxAnswerer("继续编辑", timeout_ms=1000)
    qtbot.keyClick(editor.name, Qt.Key.Key_Escape)
    assert not editor.isVisible() and answer.asked == []
    qtbot.waitUntil(lambda: name_cell.data() == resident.name, timeout=5000)
    assert workspace.drafts.keys("resident:") == []


def test_closing_the_window_writes_a_pending_draft(qtbot, window: MainWindow, workspace):
    """Quitting right after a keystroke: the throttled draft write is not lost, nor asked."""
    resident = a_resident(workspace)
    editor = window.resident_editor()
    editor.keeper._timer.setInterval(600_000)  # the write is surely still pending at close
    editor.edit_resident(resident.id)
    qtbot.waitUntil(lambda: editor.name.text() == resident.name and editor.name.isEnabled(),
                    timeout=5000)  # fmt: skip
    window.tasks.wait()
    type_into(qtbot, editor.former_name, "旧名")
    assert editor.keeper.pending
    answer = BoxAnswerer("放弃修改", timeout_ms=1000)
    window.close()
    assert answer.asked == []
    answer.stop()
    assert workspace.drafts.load(f"resident:{resident.id}")["former_name"] == "旧名"
