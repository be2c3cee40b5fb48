"""Households in the main window: add (then its first resident), edit, state (vacant, moved
out, back to normal), removing a resident entered by mistake; and end to end through a real
gridcenter, where another worker of the same grid sees what was added and changed."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QToolButton
from support.gui import SYNC_TIMEOUT, BoxAnswerer, type_chinese

from gridworker.api import Workspace
from gridworker.api import household_draft_key as draft_key_for
from gridworker.domain.vocab import DwellingType, HouseholdStatus, Relation
from gridworker.ui.household_editor import HouseholdEditor
from gridworker.ui.household_model import Column
from gridworker.ui.main_window import MainWindow
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


def settle(tasks: TaskRunner) -> None:
    """Let queued background work finish and its results reach the widgets."""
    for _ in range(3):
        tasks.wait()
        QApplication.processEvents()


def open_household(qtbot, window: MainWindow, household_id: str) -> None:
    window.select_household(household_id)
    qtbot.waitUntil(lambda: window.detail.household_id == household_id
                    and not window.detail.is_loading(), timeout=10_000)


def new_editor(qtbot, window: MainWindow, tasks: TaskRunner) -> HouseholdEditor:
    window.new_household_action.trigger()
    editor = window.household_actions.editor()
    qtbot.waitUntil(lambda: editor.isVisible() and editor.save_button.isEnabled(), timeout=5000)
    settle(tasks)  # grids and draft loaded
    return editor


def edit_editor(qtbot, window: MainWindow, tasks: TaskRunner, household_id: str):
    open_household(qtbot, window, household_id)
    window.edit_household_action.trigger()
    editor = window.household_actions.editor()
    qtbot.waitUntil(lambda: editor.isVisible() and editor.save_button.isEnabled(), timeout=5000)
    settle(tasks)
    return editor


def family(workspace: Workspace, members: int = 3) -> str:
    """A household with a head and at least ``members`` residents, with a phone on file."""
    return next(h.id for h in workspace.households()
                if h.member_count >= members and workspace.household(h.id).household.phone)


def check_tag(editor: HouseholdEditor, row: int) -> None:
    model = editor.tags_model
    model.setData(model.index(row), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)


def add_household_in_gui(qtbot, window, tasks, door: str) -> str:
    """Fill in and save a new household; returns its id."""
    editor = new_editor(qtbot, window, tasks)
    type_chinese(editor.group_name, "九组")
    type_chinese(editor.door_number, door)
    qtbot.keyClicks(editor.phone, "139 0718 1234")
    check_tag(editor, 0)
    editor.dwelling_type.setCurrentIndex(editor.dwelling_type.findData("rented"))
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        editor.save_button.click()
    return saved.args[0]


# -- adding ------------------------------------------------------------------------------------


def test_add_household_selects_it_and_opens_the_resident_editor_for_its_head(
    qtbot, window, workspace, tasks
):
    before = workspace.status()
    editor = new_editor(qtbot, window, tasks)
    assert editor.windowTitle() == "新增户"
    assert editor.grid.count() == 1 and not editor.grid.isEnabled()  # one grid: no choice
    assert not editor.head.isVisible() and editor.head_hint.isVisible()
    assert editor.add_resident_next.isChecked()

    type_chinese(editor.group_name, "九组")
    type_chinese(editor.door_number, "88号")
    qtbot.keyClicks(editor.phone, "139 0718 1234")
    check_tag(editor, 0)
    editor.dwelling_type.setCurrentIndex(editor.dwelling_type.findData("rented"))
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        editor.save_button.click()
    household_id, add_resident = saved.args
    assert add_resident and not editor.isVisible()

    h = workspace.household(household_id).household
    assert (h.group_name, h.door_number, h.phone) == ("九组", "88号", "13907181234")
    assert h.dwelling_type is DwellingType.RENTED
    assert [t.value for t in h.tags] == ["minimum_allowance"]
    assert workspace.status().pending_changes == before.pending_changes + 1  # journalled

    # The list has it, selected; the pane shows it; the resident editor waits for its head.
    qtbot.waitUntil(lambda: window.detail.household_id == household_id, timeout=10_000)
    row = window.model.row_of(household_id)
    assert row >= 0 and window.table.currentIndex().row() == row
    assert window.model.index(row, Column.DOOR).data() == "88号"
    assert "139****1234" in window.detail.phone_label.text()  # masked in the pane
    resident_editor = window.resident_editor()
    qtbot.waitUntil(lambda: resident_editor.isVisible(), timeout=5000)
    settle(tasks)
    assert resident_editor.relation.currentData() == Relation.HEAD.value
    type_chinese(resident_editor.name, "赵大海")
    with qtbot.waitSignal(resident_editor.saved, timeout=5000):
        resident_editor.save_button.click()
    settle(tasks)
    assert window.model.index(window.model.row_of(household_id), Column.HEAD).data() == "赵大海"
    assert tasks.wait()
    assert workspace.drafts.load(draft_key_for(None)) is None


def test_with_several_grids_the_worker_chooses_one(qtbot, window, workspace, tasks):
    second = workspace.create_grid(code="110105001001002", name="第二网格")
    editor = new_editor(qtbot, window, tasks)
    assert editor.grid.count() == 2 and editor.grid.isEnabled()
    editor.grid.setCurrentIndex(editor.grid.findData(second.id))
    editor.add_resident_next.setChecked(False)
    type_chinese(editor.door_number, "1号")
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        qtbot.keyClick(editor.door_number, Qt.Key.Key_Return)  # Enter saves
    household_id, add_resident = saved.args
    assert not add_resident
    assert workspace.household(household_id).household.grid_id == second.id
    settle(tasks)
    assert not window.resident_editor().isVisible()


def test_bad_phone_is_refused_under_the_field_and_nothing_is_saved(
    qtbot, window, workspace, tasks
):
    count = len(workspace.households())
    editor = new_editor(qtbot, window, tasks)
    type_chinese(editor.door_number, "66号")
    qtbot.keyClicks(editor.phone, "12345")
    editor.phone.editingFinished.emit()  # leaving the field checks it with the domain rule
    assert editor.phone_message.isVisible() and editor.phone_message.is_error
    assert editor.phone_message.text() == "手机号应为11位数字，当前为5位"
    editor.phone_message.clear_message()
    editor.save_button.click()  # saving checks it again, and does not send it
    settle(tasks)
    assert editor.isVisible() and editor.phone_message.is_error
    assert len(workspace.households()) == count

    # Fixing it clears the message as soon as the number is right.
    editor.phone.clear()
    qtbot.keyClicks(editor.phone, "13812345678")
    assert not editor.phone_message.isVisible()


def test_an_address_is_required_and_the_service_says_so_under_the_door_number(
    qtbot, window, workspace, tasks
):
    count = len(workspace.households())
    editor = new_editor(qtbot, window, tasks)
    check_tag(editor, 1)
    editor.save_button.click()
    settle(tasks)
    assert editor.isVisible()
    assert editor.door_message.is_error
    assert editor.door_message.text() == "请至少填写组别、门牌号或详细地址中的一项"
    assert editor.door_number.hasFocus()
    assert len(workspace.households()) == count


def test_what_is_typed_survives_cancel_as_a_draft(qtbot, window, workspace, tasks):
    editor = new_editor(qtbot, window, tasks)
    type_chinese(editor.door_number, "77号")
    answer = BoxAnswerer("保留草稿")
    editor.cancel_button.click()
    assert answer.asked == ["有尚未保存的修改。要保留为草稿吗？"]
    assert not editor.isVisible()
    settle(tasks)
    assert workspace.drafts.load(draft_key_for(None))["door_number"] == "77号"
    saved_at = workspace.drafts.entry(draft_key_for(None)).saved_at
    editor = new_editor(qtbot, window, tasks)
    assert editor.door_number.text() == "77号"
    assert editor.restored_note.isVisible() and editor.restored_note.discard_button.isVisible()
    assert editor.restored_note.text() == f"已恢复上次未保存的草稿（{saved_at:%H:%M}）"

    # 放弃草稿 in the banner: the draft is deleted and the form is blank again.
    qtbot.mouseClick(editor.restored_note.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.save_button.isEnabled(), timeout=5000)
    settle(tasks)
    assert editor.door_number.text() == "" and not editor.restored_note.isVisible()
    assert workspace.drafts.load(draft_key_for(None)) is None


def test_cancel_and_discard_forgets_the_household_edits(qtbot, window, workspace, tasks):
    household_id = family(workspace)
    before = workspace.household(household_id).household
    editor = edit_editor(qtbot, window, tasks, household_id)
    key = draft_key_for(household_id)
    editor.door_number.setText("99号")
    qtbot.waitUntil(lambda: (workspace.drafts.load(key) or {}).get("door_number") == "99号",
                    timeout=5000)  # fmt: skip
    answer = BoxAnswerer("放弃修改")
    qtbot.keyClick(editor.door_number, Qt.Key.Key_Escape)
    assert answer.asked == ["有尚未保存的修改。要保留为草稿吗？"]
    assert not editor.isVisible()
    settle(tasks)
    assert workspace.drafts.load(key) is None
    assert workspace.household(household_id).household.door_number == before.door_number

    editor = edit_editor(qtbot, window, tasks, household_id)  # the record, no banner
    assert editor.door_number.text() == before.door_number
    assert not editor.restored_note.isVisible()


def test_cancel_without_edits_or_continue_editing(qtbot, window, workspace, tasks):
    household_id = family(workspace)
    editor = edit_editor(qtbot, window, tasks, household_id)
    answer = BoxAnswerer("保留草稿", timeout_ms=1000)
    editor.cancel_button.click()  # nothing typed: closes without asking
    assert not editor.isVisible() and answer.asked == []
    answer.stop()

    editor = edit_editor(qtbot, window, tasks, household_id)
    editor.door_number.setText("99号")
    answer = BoxAnswerer(key=Qt.Key.Key_Escape)  # a second Esc: 继续编辑
    qtbot.keyClick(editor.door_number, Qt.Key.Key_Escape)
    assert answer.asked and editor.isVisible()
    assert editor.door_number.text() == "99号"


# -- editing -------------------------------------------------------------------------------------


def test_edit_household_keeps_the_phone_masked_and_saves_only_changes(
    qtbot, window, workspace, tasks
):
    household_id = family(workspace)
    detail = workspace.household(household_id)
    phone = detail.household.phone
    other = next(r for r in detail.residents if r.id != detail.household.head_resident_id)
    editor = edit_editor(qtbot, window, tasks, household_id)
    assert editor.windowTitle() == "编辑户信息"
    assert editor.phone.isReadOnly() and editor.phone.text() == phone[:3] + "****" + phone[-4:]
    assert editor.replace_phone_button.isVisible()
    assert not editor.grid.isEnabled()  # moving households between grids is the centre's
    assert editor.head.currentData() == detail.household.head_resident_id

    editor.door_number.clear()
    type_chinese(editor.door_number, "4号之一")
    editor.head.setCurrentIndex(editor.head.findData(other.id))
    pending = workspace.status().pending_changes
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        editor.save_button.click()
    assert saved.args == [household_id, False]
    h = workspace.household(household_id).household
    assert h.door_number == "4号之一" and h.head_resident_id == other.id
    assert h.phone == phone  # never sent: the mask was not touched
    assert workspace.status().pending_changes == pending + 1
    qtbot.waitUntil(lambda: "4号之一" in window.detail.title.text(), timeout=5000)
    row = window.model.row_of(household_id)
    assert window.model.index(row, Column.HEAD).data() == other.name

    # Replacing the number: cleared, typed anew, checked like any phone.
    editor = edit_editor(qtbot, window, tasks, household_id)
    editor.replace_phone_button.click()
    assert editor.phone.text() == "" and not editor.phone.isReadOnly()
    qtbot.keyClicks(editor.phone, "010-12345678")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.keyClick(editor.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert workspace.household(household_id).household.phone == "010-12345678"


def test_the_edit_button_in_the_household_header_opens_the_editor(qtbot, window, workspace):
    household_id = family(workspace)
    open_household(qtbot, window, household_id)
    (button,) = [b for b in window.detail.findChildren(QToolButton)
                 if b.defaultAction() is window.edit_household_action]
    assert button.isVisible() and button.isEnabled()
    button.click()
    editor = window.household_actions.editor()
    qtbot.waitUntil(lambda: editor.isVisible() and editor.household_id == household_id,
                    timeout=5000)


def status_dialog(qtbot, window: MainWindow, tasks: TaskRunner):
    window.household_status_action.trigger()
    qtbot.waitUntil(lambda: window.household_actions.status_dialog is not None
                    and window.household_actions.status_dialog.isVisible(), timeout=5000)
    return window.household_actions.status_dialog


def confirm(qtbot, dialog, tasks: TaskRunner) -> None:
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    settle(tasks)


def test_mark_vacant_moved_out_and_back_to_normal(qtbot, window, workspace, tasks):
    household_id = family(workspace)
    open_household(qtbot, window, household_id)
    window.household_actions.status_dialog = None

    dialog = status_dialog(qtbot, window, tasks)
    assert dialog.normal.isChecked() and not dialog.ok_button.isEnabled()  # nothing to do yet
    dialog.vacant.setChecked(True)
    assert "仍在册" in dialog.explanation.text()
    confirm(qtbot, dialog, tasks)
    h = workspace.household(household_id).household
    assert h.dwelling_type is DwellingType.VACANT and h.status is HouseholdStatus.ACTIVE
    qtbot.waitUntil(lambda: "空置" in window.detail.facts.text(), timeout=5000)

    # Back to normal from vacant: the worker says how the house is lived in now.
    window.household_actions.status_dialog = None
    dialog = status_dialog(qtbot, window, tasks)
    assert dialog.vacant.isChecked()
    dialog.normal.setChecked(True)
    assert dialog.dwelling.isVisible()
    dialog.dwelling.setCurrentIndex(dialog.dwelling.findData("mixed"))
    confirm(qtbot, dialog, tasks)
    assert workspace.household(household_id).household.dwelling_type is DwellingType.MIXED

    window.household_actions.status_dialog = None
    dialog = status_dialog(qtbot, window, tasks)
    dialog.moved_out.setChecked(True)
    assert "不再提醒走访" in dialog.explanation.text()
    confirm(qtbot, dialog, tasks)
    assert workspace.household(household_id).household.status is HouseholdStatus.MOVED_OUT
    qtbot.waitUntil(lambda: "无需走访" in window.detail.due.text(), timeout=5000)
    row = window.model.row_of(household_id)
    assert window.model.index(row, Column.STATE).data() == "已迁出"

    window.household_actions.status_dialog = None
    dialog = status_dialog(qtbot, window, tasks)
    assert dialog.moved_out.isChecked()
    dialog.normal.setChecked(True)
    assert not dialog.dwelling.isVisible()  # it was lived in before moving out
    confirm(qtbot, dialog, tasks)
    h = workspace.household(household_id).household
    assert h.status is HouseholdStatus.ACTIVE and h.dwelling_type is DwellingType.MIXED
    qtbot.waitUntil(lambda: "无需走访" not in window.detail.due.text(), timeout=5000)

    # Cancelling changes nothing.
    window.household_actions.status_dialog = None
    dialog = status_dialog(qtbot, window, tasks)
    dialog.moved_out.setChecked(True)
    dialog.cancel_button.click()
    settle(tasks)
    assert workspace.household(household_id).household.status is HouseholdStatus.ACTIVE


# -- removing a resident entered by mistake ----------------------------------------------------


def test_remove_resident_needs_a_reason_is_audited_and_journalled(
    qtbot, window, workspace, tasks, monkeypatch
):
    household_id = family(workspace)
    detail = workspace.household(household_id)
    victim = next(r for r in detail.residents if r.id != detail.household.head_resident_id)
    open_household(qtbot, window, household_id)
    residents = window.detail.residents
    row = window.detail.residents_model.row_of(victim.id)
    shown: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, *_args: shown.append(menu))
    window.detail._resident_menu(residents.visualRect(residents.model().index(row, 0)).center())
    (menu,) = shown
    assert window.remove_resident_action in menu.actions()  # the resident's context menu
    assert window.detail.current_resident_id() == victim.id
    assert window.remove_resident_action.isEnabled()
    window.remove_resident_action.trigger()
    actions = window.household_actions
    qtbot.waitUntil(lambda: actions.remove_dialog is not None
                    and actions.remove_dialog.isVisible(), timeout=5000)
    dialog = actions.remove_dialog
    assert victim.name in dialog.findChildren(type(dialog.what))[0].text()
    assert "迁出" in dialog.not_for.text() and "死亡" in dialog.not_for.text()
    assert dialog.head_note.isHidden()  # not the head: nothing to say about it

    dialog.delete_button.click()  # no reason
    settle(tasks)
    assert dialog.isVisible() and dialog.reason_message.is_error
    assert dialog.reason_message.text() == "请说明删除原因"
    assert any(r.id == victim.id for r in workspace.residents(household_id))

    pending = workspace.status().pending_changes
    type_chinese(dialog.reason, "与三组5号重复登记")
    with qtbot.waitSignal(actions.resident_removed, timeout=5000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert not any(r.id == victim.id for r in workspace.residents(household_id))
    event = workspace.audit_events()[0]
    assert (event.event, event.target, event.reason) == (
        "delete_resident", victim.id, "与三组5号重复登记"
    )
    assert workspace.status().pending_changes == pending + 1  # the delete goes to the centre
    qtbot.waitUntil(
        lambda: window.detail.residents_model.row_of(victim.id) < 0, timeout=5000
    )


def test_moved_out_or_died_is_not_a_removal(qtbot, window, workspace, tasks):
    household_id = family(workspace)
    detail = workspace.household(household_id)
    open_household(qtbot, window, household_id)
    head = detail.household.head_resident_id
    window.detail.residents.selectRow(window.detail.residents_model.row_of(head))
    resident_id = window.detail.current_resident_id()
    assert resident_id == head
    window.remove_resident_action.trigger()
    actions = window.household_actions
    qtbot.waitUntil(lambda: actions.remove_dialog is not None
                    and actions.remove_dialog.isVisible(), timeout=5000)
    assert actions.remove_dialog.head_note.isVisible()  # removing the head leaves none
    actions.remove_dialog.mark_button.click()
    editor = window.resident_editor()
    qtbot.waitUntil(lambda: editor.isVisible() and editor.resident_id == resident_id,
                    timeout=5000)
    settle(tasks)
    assert editor.moved_out_button.isVisible() and editor.deceased_button.isVisible()
    assert len(workspace.residents(household_id)) == len(detail.residents)


def test_household_editor_in_english(qtbot, workspace, tasks, qapp):
    from gridworker.app import install_translations

    translators = install_translations(qapp, "en")
    try:
        editor = HouseholdEditor(workspace, tasks)
        qtbot.addWidget(editor)
        editor.new_household()
        settle(tasks)
        assert editor.windowTitle() == "Add household"
        assert editor.save_button.text() == "Save"
        assert "first resident" in editor.add_resident_next.text()
        tag_text = editor.tags_model.index(0).data()
        assert tag_text and tag_text.isascii()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


# -- end to end through gridcenter ---------------------------------------------------------------


def test_worker2_sees_the_household_worker1_added_and_edited(
    qtbot, gridcenter, signed_in, make_window, tasks
):
    w1 = signed_in(gridcenter, "worker1", "w1")
    window = make_window(w1, wait_for_sync=True, debounce_ms=600_000)
    household_id = add_household_in_gui(qtbot, window, tasks, "100号")
    assert window.sync.debounce.isActive()  # a save asks for a sync, like every other save
    resident_editor = window.resident_editor()
    qtbot.waitUntil(lambda: resident_editor.isVisible(), timeout=5000)
    settle(tasks)
    type_chinese(resident_editor.name, "钱多多")
    with qtbot.waitSignal(resident_editor.saved, timeout=5000):
        resident_editor.save_button.click()
    settle(tasks)
    resident_editor.new_resident(household_id)  # a second one, entered by mistake
    settle(tasks)
    type_chinese(resident_editor.name, "钱多多")
    with qtbot.waitSignal(resident_editor.saved, timeout=5000) as mistake:
        resident_editor.save_button.click()
    settle(tasks)

    editor = edit_editor(qtbot, window, tasks, household_id)
    editor.door_number.clear()
    type_chinese(editor.door_number, "100号之二")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_button.click()
    settle(tasks)
    window.household_actions.remove_resident(mistake.args[0])
    actions = window.household_actions
    qtbot.waitUntil(lambda: actions.remove_dialog is not None
                    and actions.remove_dialog.isVisible(), timeout=5000)
    type_chinese(actions.remove_dialog.reason, "重复录入")
    with qtbot.waitSignal(actions.resident_removed, timeout=5000):
        actions.remove_dialog.delete_button.click()
    settle(tasks)

    with qtbot.waitSignal(window.sync.synced, timeout=SYNC_TIMEOUT) as synced:
        window.sync_now()
    report = synced.args[0]
    assert not report.rejected, report.rejected
    assert w1.status().pending_changes == 0

    w2 = signed_in(gridcenter, "worker2", "w2")
    seen = w2.household(household_id)
    h = seen.household
    assert (h.group_name, h.door_number, h.phone) == ("九组", "100号之二", "13907181234")
    assert h.dwelling_type is DwellingType.RENTED
    assert [r.name for r in seen.residents] == ["钱多多"]
    assert seen.residents[0].id == h.head_resident_id
    assert mistake.args[0] not in {r.id for r in seen.residents}
