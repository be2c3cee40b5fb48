"""The resident editor: ID checks while typing, masked fields revealed with a reason, saving."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QInputDialog
from sqlalchemy import select
from support.gui import BoxAnswerer

from gridworker.api import Actor, Role, Workspace
from gridworker.api import resident_draft_key as draft_key_for
from gridworker.storage.models import AuditEventRow  # tests may look behind the API
from gridworker.ui.fields import VocabCheckModel
from gridworker.ui.resident_editor import ResidentEditor
from gridworker.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui

VALID_ID = "11010519491231002X"
BAD_CHECK_ID = "110105194912310021"


@pytest.fixture
def village(tmp_path: Path) -> Iterator[tuple[Workspace, str, str]]:
    """One household with its head (ID number and phone on file)."""
    ws = Workspace.open(tmp_path / "ws")
    grid = ws.create_grid(code="110105001001001", name="第一网格")
    household = ws.add_household(grid.id, group_name="一组", door_number="12号")
    head = ws.add_resident(
        household.id, name="张三丰", relation="head", citizen_id="44052419500101001X",
        phone="13812345678",
    )
    try:
        yield ws, household.id, head.id
    finally:
        ws.close()


def type_text(widget, text: str) -> None:
    """Type Chinese as an input method commits it (QTest's keyClicks is ASCII-only)."""
    for ch in text:
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)


def make_editor(qtbot, ws: Workspace, tasks: TaskRunner) -> ResidentEditor:
    editor = ResidentEditor(ws, tasks)
    qtbot.addWidget(editor)
    return editor


def audit_events(ws: Workspace) -> list[AuditEventRow]:
    with ws.db.reading() as s:
        return list(s.scalars(select(AuditEventRow)))


def test_wrong_check_digit_shows_reason_and_blocks_save(qtbot, village, tasks):
    ws, hh, _head = village
    before = len(ws.residents(hh))
    editor = make_editor(qtbot, ws, tasks)
    editor.new_resident(hh)
    assert editor.isVisible() and not editor.isModal()
    type_text(editor.name, "李四")
    qtbot.keyClicks(editor.citizen_id, BAD_CHECK_ID)
    assert editor.citizen_id_message.isVisible()
    assert editor.citizen_id_message.is_error
    assert editor.citizen_id_message.text().startswith("校验码不符：最后一位应为 X")
    assert not editor.birth_date.isReadOnly()  # nothing derived from a bad number

    editor.save_button.click()
    tasks.wait()
    QApplication.processEvents()
    assert editor.isVisible()  # stays open, nothing lost
    assert editor.name.text() == "李四"
    assert len(ws.residents(hh)) == before


def test_valid_id_fills_birth_date_and_sex_and_saves(qtbot, village, tasks):
    ws, hh, _head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.new_resident(hh)
    type_text(editor.name, "李秀英")
    qtbot.keyClicks(editor.citizen_id, VALID_ID.lower())  # lowercase x is fine
    assert editor.citizen_id_message.text() == "出生日期 1949-12-31 · 女"
    assert not editor.citizen_id_message.is_error
    assert editor.birth_date.text() == "1949-12-31"
    assert editor.birth_date.isReadOnly()
    assert editor.sex.currentData() == "female"
    assert not editor.sex.isEnabled()

    # Clearing the number hands birth date and sex back to the worker.
    editor.citizen_id.clear()
    assert not editor.birth_date.isReadOnly() and editor.sex.isEnabled()
    qtbot.keyClicks(editor.citizen_id, VALID_ID)

    editor.care_model.setData(editor.care_model.index(0), Qt.CheckState.Checked,
                              Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)  # shortcuts need it
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        qtbot.keyClick(editor.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    resident = ws.resident(saved.args[0])
    assert resident.name == "李秀英"
    assert resident.citizen_id == VALID_ID
    assert resident.birth_date.isoformat() == "1949-12-31"
    assert resident.sex.value == "female"
    assert [c.value for c in resident.care_categories] == ["elderly_alone"]
    assert not editor.isVisible()
    tasks.wait()
    assert ws.drafts.load(draft_key_for(household_id=hh)) is None


def test_invalid_phone_inline_error(qtbot, village, tasks):
    ws, hh, _head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.new_resident(hh)
    type_text(editor.name, "王五")
    qtbot.keyClicks(editor.phone, "138123456")
    editor.phone.editingFinished.emit()  # leaving the field
    assert editor.phone_message.is_error and editor.phone_message.isVisible()
    assert editor.phone_message.text() == "手机号应为11位数字，当前为9位"
    editor.save()
    tasks.wait()
    QApplication.processEvents()
    assert [r.name for r in ws.residents(hh)] == ["张三丰"]
    # Fixing it clears the message while typing.
    qtbot.keyClicks(editor.phone, "78")
    assert not editor.phone_message.isVisible()


def test_missing_name_comes_back_inline_from_the_service(qtbot, village, tasks):
    ws, hh, _head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.new_resident(hh)
    qtbot.keyClicks(editor.phone, "13900001111")
    editor.save()
    qtbot.waitUntil(lambda: editor.name_message.isVisible(), timeout=5000)
    assert editor.name_message.text() == "请填写姓名"
    assert editor.isVisible()
    assert editor.phone.text() == "13900001111"


def test_duplicate_id_shown_inline(qtbot, village, tasks):
    ws, hh, _head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.new_resident(hh)
    type_text(editor.name, "重复")
    qtbot.keyClicks(editor.citizen_id, "44052419500101001X")
    editor.save()
    qtbot.waitUntil(lambda: editor.citizen_id_message.is_error, timeout=5000)
    assert "已登记在册" in editor.citizen_id_message.text()
    assert editor.isVisible()


def test_edit_starts_masked_and_reveal_needs_a_reason(qtbot, village, tasks, monkeypatch):
    ws, _hh, head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.edit_resident(head)
    qtbot.waitUntil(lambda: editor.name.text() == "张三丰", timeout=5000)
    assert editor.citizen_id.text() == "440524********001X"
    assert editor.citizen_id.isReadOnly()
    assert editor.phone.text() == "138****5678"
    assert editor.reveal_id_button.isVisible()
    assert audit_events(ws) == []

    # A blank reason is refused by the service: still masked, message inline.
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (" ", True))
    editor.reveal_id_button.click()
    qtbot.waitUntil(lambda: editor.citizen_id_message.is_error, timeout=5000)
    assert "需要说明理由" in editor.citizen_id_message.text()
    assert editor.citizen_id.text() == "440524********001X"

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("核对户籍信息", True))
    editor.reveal_id_button.click()
    qtbot.waitUntil(lambda: editor.citizen_id.text() == "44052419500101001X", timeout=5000)
    assert not editor.citizen_id.isReadOnly()
    (event,) = audit_events(ws)
    assert event.event == "reveal"
    assert event.target == f"resident:{head}:citizen_id"
    assert event.reason == "核对户籍信息"


def test_cancelled_reveal_reveals_nothing(qtbot, village, tasks, monkeypatch):
    ws, _hh, head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.edit_resident(head)
    qtbot.waitUntil(lambda: editor.name.text() == "张三丰", timeout=5000)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    editor.reveal_phone_button.click()
    tasks.wait()
    QApplication.processEvents()
    assert editor.phone.text() == "138****5678"
    assert audit_events(ws) == []


def test_edit_sends_only_changed_fields(qtbot, village, tasks, monkeypatch):
    ws, _hh, head = village
    calls: list[dict] = []
    real = ws.update_resident

    def spy(resident_id, **values):
        calls.append(values)
        return real(resident_id, **values)

    monkeypatch.setattr(ws, "update_resident", spy)
    editor = make_editor(qtbot, ws, tasks)
    editor.edit_resident(head)
    qtbot.waitUntil(lambda: editor.name.text() == "张三丰", timeout=5000)
    type_text(editor.note, "腿脚不便")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    assert calls == [{"note": "腿脚不便"}]
    resident = ws.resident(head)
    assert resident.note == "腿脚不便"
    assert resident.citizen_id == "44052419500101001X"  # masked field untouched


def test_reveal_then_change_phone(qtbot, village, tasks, monkeypatch):
    ws, _hh, head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.edit_resident(head)
    qtbot.waitUntil(lambda: editor.name.text() == "张三丰", timeout=5000)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("号码变更", True))
    editor.reveal_phone_button.click()
    qtbot.waitUntil(lambda: editor.phone.text() == "13812345678", timeout=5000)
    editor.phone.setText("13987654321")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    assert ws.resident(head).phone == "13987654321"


def test_mark_moved_out_after_confirmation(qtbot, village, tasks, monkeypatch):
    ws, _hh, head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.edit_resident(head)
    qtbot.waitUntil(lambda: editor.name.text() == "张三丰", timeout=5000)
    assert editor.moved_out_button.isVisible()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))  # cancelled
    editor.moved_out_button.click()
    tasks.wait()
    assert ws.resident(head).status.value == "active"

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("迁往县城", True))
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.moved_out_button.click()
    resident = ws.resident(head)
    assert resident.status.value == "moved_out"
    assert "迁往县城" in resident.note
    assert editor.status_note.text() == "当前状态：迁出"
    assert not editor.moved_out_button.isEnabled()
    assert "迁往县城" in editor.note.toPlainText()


def test_management_categories_need_the_role(qtbot, village, tasks):
    ws, hh, _head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.new_resident(hh)
    assert editor.management.isVisible()

    ws.set_actor(Actor(username="desk", display_name="服务站", role=Role.STATION))
    hidden = make_editor(qtbot, ws, tasks)
    hidden.new_resident(hh)
    assert not hidden.management.isVisible()
    assert not hidden.management_label.isVisible()
    assert "management_categories" not in hidden._form_values()


def test_resident_draft_restored(qtbot, village, tasks):
    ws, hh, _head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.new_resident(hh)
    type_text(editor.name, "赵六")
    key = draft_key_for(household_id=hh)
    qtbot.waitUntil(lambda: (ws.drafts.load(key) or {}).get("name") == "赵六", timeout=3000)
    answer = BoxAnswerer("保留草稿")
    editor.reject()  # Esc / 取消 asks; the worker keeps the draft
    assert answer.asked and not editor.isVisible()
    again = make_editor(qtbot, ws, tasks)
    again.new_resident(hh)
    qtbot.waitUntil(lambda: again.name.text() == "赵六", timeout=3000)
    assert again.restored_note.text().startswith("已恢复上次未保存的草稿（")


def test_new_resident_in_headless_household_defaults_to_head(qtbot, village, tasks):
    ws, _hh, _head = village
    grid = ws.grids()[0]
    empty = ws.add_household(grid.id, door_number="13号")
    editor = make_editor(qtbot, ws, tasks)
    editor.new_resident(empty.id)
    qtbot.waitUntil(lambda: editor.relation.currentData() == "head", timeout=3000)


def test_ethnicity_type_to_search(qtbot, village, tasks):
    ws, hh, _head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.new_resident(hh)
    assert editor.ethnicity.count() == 59  # 未填写 and the 58 codes
    editor.ethnicity.setEditText("苗")
    editor.ethnicity.lineEdit().editingFinished.emit()
    assert editor.ethnicity.currentData() == "06"
    editor.ethnicity.setEditText("不存在的民族")
    type_text(editor.name, "孙七")
    editor.save()
    assert editor.ethnicity_message.text() == "请从列表中选择民族"


def test_education_and_a_blank_ethnicity_are_kept_and_shown(qtbot, village, tasks):
    """文化程度 (a field of the one schema) goes from the form to the record and back, and a
    resident whose roster had no 民族 keeps it blank (未填写) instead of a guessed 汉族."""
    ws, hh, _head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.new_resident(hh)
    assert editor.education.currentData() == "" and editor.education.currentText() == "未填写"
    type_text(editor.name, "周八")
    editor.education.setCurrentIndex(editor.education.findData("30"))
    editor.ethnicity.setEditText("")  # cleared: not recorded
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        editor.save()
    resident = ws.resident(saved.args[0])
    assert resident.education.value == "30" and resident.ethnicity.value == ""

    editor = make_editor(qtbot, ws, tasks)
    editor.edit_resident(resident.id)
    qtbot.waitUntil(lambda: editor.name.text() == "周八", timeout=5000)
    assert editor.education.currentText() == "大学专科"
    assert editor.ethnicity.currentText() == "未填写"
    editor.education.setCurrentIndex(editor.education.findData("20"))
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    assert ws.resident(resident.id).education.value == "20"

    from gridworker.ui.household_tables import ResidentTableModel

    model = ResidentTableModel()
    model.set_residents(ws.residents(hh), date.today())
    row = model.row_of(resident.id)
    assert model.index(row, ResidentTableModel.EDUCATION).data() == "大学本科"
    assert "民族：未填写" in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(ResidentTableModel.EDUCATION, Qt.Orientation.Horizontal) == "文化程度"


def test_vocab_check_model(qtmodeltester):
    from gridworker.domain.vocab import CareCategory

    model = VocabCheckModel(CareCategory)
    qtmodeltester.check(model)
    model.set_checked_codes(["disabled", "entitled", "nonsense"])
    assert model.checked_codes() == ["disabled", "entitled"]
    assert model.data(model.index(0), Qt.ItemDataRole.DisplayRole) == "独居老人"
    qtmodeltester.check(model)


# -- cancel means cancel: the resident editor ------------------------------------------------

RECORD_ID, RECORD_PHONE = "44052419500101001X", "13812345678"  # the village head's


def open_editor(qtbot, ws: Workspace, tasks, resident_id: str,
                editor: ResidentEditor | None = None) -> ResidentEditor:  # fmt: skip
    """What Ctrl+E does: the (one) editor shows the resident, masked, once it is read."""
    editor = editor or make_editor(qtbot, ws, tasks)
    editor.edit_resident(resident_id)
    qtbot.waitUntil(lambda: editor.name.text() == "张三丰" and editor.name.isEnabled(),
                    timeout=5000)  # fmt: skip
    tasks.wait()  # the draft load, if any, has come back
    QApplication.processEvents()
    return editor


def reveal(qtbot, editor: ResidentEditor, monkeypatch, field: str, value: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("核对户籍信息", True))
    button = editor.reveal_id_button if field == "citizen_id" else editor.reveal_phone_button
    edit = editor.citizen_id if field == "citizen_id" else editor.phone
    button.click()
    qtbot.waitUntil(lambda: edit.text() == value, timeout=5000)


def stored_draft(qtbot, ws: Workspace, key: str, until) -> dict:
    qtbot.waitUntil(lambda: until(ws.drafts.load(key) or {}), timeout=3000)
    return ws.drafts.load(key) or {}


def test_cancel_and_discard_forgets_a_wrong_id_change(qtbot, village, tasks, monkeypatch):
    ws, _hh, head = village
    key = draft_key_for(resident_id=head)
    editor = open_editor(qtbot, ws, tasks, head)
    reveal(qtbot, editor, monkeypatch, "citizen_id", RECORD_ID)
    editor.citizen_id.setText(VALID_ID)  # a valid number, but not his: a slip...
    stored_draft(qtbot, ws, key, lambda d: d.get("citizen_id") == VALID_ID)
    answer = BoxAnswerer("放弃修改")
    qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)  # ...cancelled
    assert answer.asked == ["有尚未保存的修改。要保留为草稿吗？"]
    assert not editor.isVisible()
    tasks.wait()
    assert ws.drafts.load(key) is None and ws.drafts.keys("resident:") == []

    open_editor(qtbot, ws, tasks, head, editor)  # the next Ctrl+E: the record, masked
    assert editor.citizen_id.text() == "440524********001X"
    assert editor.citizen_id.isReadOnly()
    assert not editor.restored_note.isVisible()
    with qtbot.waitSignal(editor.finished, timeout=5000):
        editor.save()  # nothing changed: nothing saved
    assert ws.resident(head).citizen_id == RECORD_ID


def test_cancel_and_keep_comes_back_with_a_banner(qtbot, village, tasks):
    ws, _hh, head = village
    key = draft_key_for(resident_id=head)
    editor = open_editor(qtbot, ws, tasks, head)
    type_text(editor.note, "腿脚不便")
    stored_draft(qtbot, ws, key, lambda d: d.get("note") == "腿脚不便")
    answer = BoxAnswerer("保留草稿")
    qtbot.keyClick(editor.name, Qt.Key.Key_Escape)
    assert answer.asked and not editor.isVisible()
    tasks.wait()
    saved_at = ws.drafts.entry(key).saved_at

    open_editor(qtbot, ws, tasks, head, editor)
    qtbot.waitUntil(lambda: editor.note.toPlainText() == "腿脚不便", timeout=3000)
    banner = editor.restored_note
    assert banner.isVisible() and banner.discard_button.isVisible()
    assert banner.text() == f"已恢复上次未保存的草稿（{saved_at:%H:%M}）"
    assert editor.citizen_id.text() == "440524********001X"  # still masked

    qtbot.mouseClick(banner.discard_button, Qt.MouseButton.LeftButton)  # 放弃草稿
    qtbot.waitUntil(lambda: editor.note.toPlainText() == "" and editor.name.isEnabled(),
                    timeout=5000)  # fmt: skip
    tasks.wait()
    QApplication.processEvents()
    assert not banner.isVisible()
    assert ws.drafts.load(key) is None
    assert ws.resident(head).note == ""


def test_escape_without_edits_closes_without_asking(qtbot, village, tasks):
    ws, _hh, head = village
    editor = open_editor(qtbot, ws, tasks, head)
    answer = BoxAnswerer("继续编辑", timeout_ms=1000)  # would keep the editor open
    qtbot.keyClick(editor.name, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert answer.asked == []
    answer.stop()
    tasks.wait()
    assert ws.drafts.keys() == []


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Return])
def test_stray_escape_with_edits_loses_nothing(qtbot, village, tasks, key):
    ws, hh, _head = village
    editor = make_editor(qtbot, ws, tasks)
    editor.new_resident(hh)
    type_text(editor.name, "赵六")
    answer = BoxAnswerer(key=key)  # a second Esc (or Enter) in the question
    qtbot.keyClick(editor.name, Qt.Key.Key_Escape)
    assert answer.asked  # asked, and the default answer is "continue editing"
    assert sorted(answer.buttons) == sorted(["保留草稿(&K)", "放弃修改(&D)", "继续编辑(&C)"])
    assert editor.isVisible()
    assert editor.name.text() == "赵六"
    stored_draft(qtbot, ws, draft_key_for(household_id=hh), lambda d: d.get("name") == "赵六")


def test_closing_by_the_program_keeps_the_draft_without_asking(qtbot, village, tasks):
    """The app quitting (or a test's teardown) closes the window: no question, no loss."""
    ws, _hh, head = village
    editor = open_editor(qtbot, ws, tasks, head)
    type_text(editor.former_name, "张君宝")
    answer = BoxAnswerer("放弃修改", timeout_ms=1000)
    editor.close()
    assert not editor.isVisible() and answer.asked == []
    answer.stop()
    tasks.wait()
    assert ws.drafts.load(draft_key_for(resident_id=head)) == {
        "former_name": "张君宝", "ethnicity_text": "未填写"}  # fmt: skip


def test_draft_of_an_existing_resident_holds_only_what_was_typed(
    qtbot, village, tasks, monkeypatch
):
    ws, _hh, head = village
    key = draft_key_for(resident_id=head)
    editor = open_editor(qtbot, ws, tasks, head)
    reveal(qtbot, editor, monkeypatch, "citizen_id", RECORD_ID)  # audited, shown in full
    reveal(qtbot, editor, monkeypatch, "phone", RECORD_PHONE)
    type_text(editor.note, "独居")
    draft = stored_draft(qtbot, ws, key, lambda d: d.get("note") == "独居")
    text = json.dumps(draft, ensure_ascii=False)
    assert RECORD_ID not in text and RECORD_PHONE not in text
    assert set(draft) == {"note", "ethnicity_text"}  # nothing pre-filled from the record

    editor.phone.setText("13900001111")  # typed by the worker: theirs to keep
    draft = stored_draft(qtbot, ws, key, lambda d: d.get("phone") == "13900001111")
    text = json.dumps(draft, ensure_ascii=False)
    assert RECORD_ID not in text and RECORD_PHONE not in text
    answer = BoxAnswerer("保留草稿")
    editor.reject()
    assert answer.asked
    tasks.wait()
    # Reopened from the draft: the typed phone is back, the ID number masked again.
    open_editor(qtbot, ws, tasks, head, editor)
    assert editor.phone.text() == "13900001111"
    assert editor.citizen_id.text() == "440524********001X"
    assert editor.citizen_id.isReadOnly()
