"""DraftKeeper: drafts written while typing, in order, and gone after a real save."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit
from support.gui import BoxAnswerer, type_chinese

from gridworker.api import Draft, Workspace
from gridworker.app import install_translations
from gridworker.ui.draft_keeper import DraftKeeper
from gridworker.ui.resident_editor import ResidentEditor, draft_key_for
from gridworker.ui.visit_form import VisitForm, draft_key

pytestmark = pytest.mark.gui


class SlowStore:
    """Records what reaches 'disk', in order; saving takes a while like a real fsync."""

    def __init__(self) -> None:
        self.ops: list[tuple[str, str, Any]] = []
        self.data: dict[str, dict] = {}

    def save(self, key: str, payload: dict) -> None:
        time.sleep(0.02)
        self.ops.append(("save", key, payload))
        self.data[key] = payload

    def entry(self, key: str) -> Draft | None:
        self.ops.append(("load", key, None))
        payload = self.data.get(key)
        return None if payload is None else Draft(key, payload, datetime(2026, 1, 2, 9, 30))

    def discard(self, key: str) -> None:
        self.ops.append(("discard", key, None))
        self.data.pop(key, None)


def keeper_for(qtbot, tasks, edit: QLineEdit, store: SlowStore) -> DraftKeeper:
    # Parented to the field, as a form's keeper is to its form: they die together.
    keeper = DraftKeeper(store, tasks, lambda: {"text": edit.text()} if edit.text() else None,
                         parent=edit, delay_ms=400)
    keeper.watch(edit)
    keeper.key = "k"
    return keeper


def test_throttled_not_postponed_by_continuous_typing(qtbot, tasks):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    started = time.monotonic()
    while time.monotonic() - started < 1.0:  # a keystroke every 40 ms for a second
        edit.setText(edit.text() + "a")
        qtbot.wait(40)
    tasks.wait()
    QApplication.processEvents()
    saves = [op for op in store.ops if op[0] == "save"]
    assert len(saves) >= 2  # a pure debounce would have written nothing yet
    assert keeper.saves == len(saves)


def test_flush_writes_before_a_following_load(qtbot, tasks):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    edit.setText("半句话")
    assert keeper.pending
    loaded: list[dict | None] = []
    keeper.load("k", loaded.append)  # flushes the pending change first
    qtbot.waitUntil(lambda: len(loaded) == 1, timeout=3000)
    assert loaded == [{"text": "半句话"}]
    assert [op[0] for op in store.ops] == ["save", "load"]


def test_blank_form_discards_instead_of_saving(qtbot, tasks):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    edit.setText("x")
    keeper.flush()
    edit.clear()
    keeper.flush()
    tasks.wait()
    assert [op[0] for op in store.ops] == ["save", "discard"]
    assert store.data == {}


def test_paused_keeper_ignores_changes(qtbot, tasks):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    keeper.pause()
    edit.setText("程序自己填的")
    assert not keeper.pending
    keeper.resume()
    edit.setText("人打的")
    assert keeper.pending


def test_discard_cancels_a_pending_write(qtbot, tasks):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    edit.setText("已保存的内容")
    keeper.discard()
    qtbot.wait(600)
    tasks.wait()
    assert [op[0] for op in store.ops] == ["discard"]


def test_keeper_outlived_by_its_write(qtbot, tasks):
    """A form closed right after typing: the write still lands, and no callback crashes."""
    edit = QLineEdit()
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    edit.setText("最后一句")
    keeper.flush()
    edit.deleteLater()  # takes the keeper with it
    QApplication.processEvents()
    tasks.wait()
    QApplication.processEvents()
    assert store.data == {"k": {"text": "最后一句"}}


@pytest.fixture
def demo(workspace: Workspace) -> tuple[Workspace, str]:
    return workspace, workspace.households()[0].id


def test_visit_draft_with_demo_village(qtbot, tasks, demo):
    """Against the shared demo workspace: the draft lands in Workspace.drafts and comes back."""
    ws, hh = demo
    form = VisitForm(ws, tasks)
    qtbot.addWidget(form)
    form.show()
    form.start(hh, "演示户")
    form.people_met.setText("户主本人")
    form.summary.setPlainText("正在记录")
    qtbot.waitUntil(lambda: (ws.drafts.load(draft_key(hh)) or {}).get("summary") == "正在记录",
                    timeout=3000)
    assert ws.drafts.load(draft_key(hh))["people_met"] == "户主本人"
    assert draft_key(hh) in ws.drafts.keys("visit:")
    other = VisitForm(ws, tasks)
    qtbot.addWidget(other)
    other.start(hh, "演示户")
    qtbot.waitUntil(lambda: other.people_met.text() == "户主本人", timeout=3000)
    assert other.summary.toPlainText() == "正在记录"


def test_unsaved_edits_detach_and_restored_time(qtbot, tasks):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    assert not keeper.has_unsaved_edits()  # nothing typed: nothing to ask about
    edit.setText("打了字")
    assert keeper.has_unsaved_edits()
    keeper.detach()  # the pending change is written first, then the keeper lets go
    assert keeper.key is None and not keeper.has_unsaved_edits()
    edit.setText("再打")
    assert not keeper.pending  # no key: nothing is kept while the form reloads
    loaded: list[dict | None] = []
    keeper.load("k", loaded.append)
    qtbot.waitUntil(lambda: loaded == [{"text": "打了字"}], timeout=3000)
    assert keeper.restored_at == datetime(2026, 1, 2, 9, 30)
    keeper.discard()
    assert keeper.restored_at is None
    tasks.wait()
    assert store.data == {}


# -- cancel means cancel: the resident editor ------------------------------------------------

RECORD_ID, RECORD_PHONE = "440524188001010014", "13812345678"
WRONG_ID = "11010519491231002X"  # valid, but not this person's


@pytest.fixture
def village(tmp_path) -> Iterator[tuple[Workspace, str, str]]:
    """One household with its head (ID number and phone on file)."""
    ws = Workspace.open(tmp_path / "ws")
    grid = ws.create_grid(code="110105001001001", name="第一网格")
    household = ws.add_household(grid.id, group_name="一组", door_number="12号")
    head = ws.add_resident(household.id, name="张三丰", relation="head",
                           citizen_id=RECORD_ID, phone=RECORD_PHONE)  # fmt: skip
    try:
        yield ws, household.id, head.id
    finally:
        ws.close()


def open_editor(qtbot, ws: Workspace, tasks, resident_id: str,
                editor: ResidentEditor | None = None) -> ResidentEditor:  # fmt: skip
    """What Ctrl+E does: the (one) editor shows the resident, masked, once it is read."""
    if editor is None:
        editor = ResidentEditor(ws, tasks)
        qtbot.addWidget(editor)
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
    editor.citizen_id.setText(WRONG_ID)  # a slip of the worker's...
    stored_draft(qtbot, ws, key, lambda d: d.get("citizen_id") == WRONG_ID)
    answer = BoxAnswerer("放弃修改")
    qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)  # ...cancelled
    assert answer.asked == ["有尚未保存的修改。要保留为草稿吗？"]
    assert not editor.isVisible()
    tasks.wait()
    assert ws.drafts.load(key) is None and ws.drafts.keys("resident:") == []

    open_editor(qtbot, ws, tasks, head, editor)  # the next Ctrl+E: the record, masked
    assert editor.citizen_id.text() == "440524********0014"
    assert editor.citizen_id.isReadOnly()
    assert not editor.restored_note.isVisible()
    with qtbot.waitSignal(editor.finished, timeout=5000):
        editor.save()  # nothing changed: nothing saved
    assert ws.resident(head).citizen_id == RECORD_ID


def test_cancel_and_keep_comes_back_with_a_banner(qtbot, village, tasks):
    ws, _hh, head = village
    key = draft_key_for(resident_id=head)
    editor = open_editor(qtbot, ws, tasks, head)
    type_chinese(editor.note, "腿脚不便")
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
    assert editor.citizen_id.text() == "440524********0014"  # still masked

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
    editor = ResidentEditor(ws, tasks)
    qtbot.addWidget(editor)
    editor.new_resident(hh)
    type_chinese(editor.name, "赵六")
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
    type_chinese(editor.former_name, "张君宝")
    answer = BoxAnswerer("放弃修改", timeout_ms=1000)
    editor.close()
    assert not editor.isVisible() and answer.asked == []
    answer.stop()
    tasks.wait()
    assert ws.drafts.load(draft_key_for(resident_id=head)) == {
        "former_name": "张君宝", "ethnicity_text": "汉族"}  # fmt: skip


def test_draft_of_an_existing_resident_holds_only_what_was_typed(
    qtbot, village, tasks, monkeypatch
):
    ws, _hh, head = village
    key = draft_key_for(resident_id=head)
    editor = open_editor(qtbot, ws, tasks, head)
    reveal(qtbot, editor, monkeypatch, "citizen_id", RECORD_ID)  # audited, shown in full
    reveal(qtbot, editor, monkeypatch, "phone", RECORD_PHONE)
    type_chinese(editor.note, "独居")
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
    assert editor.citizen_id.text() == "440524********0014"
    assert editor.citizen_id.isReadOnly()


# -- cancel means cancel: the visit form -------------------------------------------------------


def open_visit_form(qtbot, ws: Workspace, tasks, hh: str) -> tuple[VisitForm, list[bool]]:
    form = VisitForm(ws, tasks)
    qtbot.addWidget(form)
    form.resize(820, 760)
    form.show()
    form.activateWindow()
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)  # shortcuts need it
    closed: list[bool] = []
    form.closed.connect(lambda: closed.append(True))
    form.start(hh, "一组12号")
    tasks.wait()
    QApplication.processEvents()
    return form, closed


def test_visit_close_and_discard(qtbot, village, tasks):
    ws, hh, _head = village
    form, closed = open_visit_form(qtbot, ws, tasks, hh)
    type_chinese(form.summary, "记错了户")
    stored_draft(qtbot, ws, draft_key(hh), lambda d: d.get("summary") == "记错了户")
    answer = BoxAnswerer("放弃修改")
    qtbot.mouseClick(form.close_button, Qt.MouseButton.LeftButton)
    assert answer.asked and closed == [True]
    tasks.wait()
    assert ws.drafts.load(draft_key(hh)) is None
    form.start(hh, "一组12号")
    tasks.wait()
    QApplication.processEvents()
    assert form.summary.toPlainText() == ""
    assert not form.restored_note.isVisible()


def test_visit_escape_and_keep_then_banner_discards(qtbot, village, tasks):
    ws, hh, _head = village
    form, closed = open_visit_form(qtbot, ws, tasks, hh)
    type_chinese(form.summary, "先记一笔")
    answer = BoxAnswerer("保留草稿")
    qtbot.keyClick(form.summary, Qt.Key.Key_Escape)
    assert answer.asked and closed == [True]
    tasks.wait()
    saved_at = ws.drafts.entry(draft_key(hh)).saved_at

    form.start(hh, "一组12号")
    qtbot.waitUntil(lambda: form.summary.toPlainText() == "先记一笔", timeout=3000)
    banner = form.restored_note
    assert banner.isVisible()
    assert banner.text() == f"已恢复上次未保存的草稿（{saved_at:%H:%M}）"
    qtbot.mouseClick(banner.discard_button, Qt.MouseButton.LeftButton)
    assert form.summary.toPlainText() == "" and not banner.isVisible()
    tasks.wait()
    assert ws.drafts.load(draft_key(hh)) is None


def test_visit_escape_without_edits_closes_without_asking(qtbot, village, tasks):
    ws, hh, _head = village
    form, closed = open_visit_form(qtbot, ws, tasks, hh)
    answer = BoxAnswerer("继续编辑", timeout_ms=1000)
    qtbot.keyClick(form.summary, Qt.Key.Key_Escape)
    assert closed == [True] and answer.asked == []
    answer.stop()


def test_visit_stray_escape_with_edits_loses_nothing(qtbot, village, tasks):
    ws, hh, _head = village
    form, closed = open_visit_form(qtbot, ws, tasks, hh)
    type_chinese(form.summary, "正在写")
    answer = BoxAnswerer(key=Qt.Key.Key_Escape)
    qtbot.keyClick(form.summary, Qt.Key.Key_Escape)
    assert answer.asked and closed == []
    assert form.summary.toPlainText() == "正在写"
    stored_draft(qtbot, ws, draft_key(hh), lambda d: d.get("summary") == "正在写")


@pytest.fixture
def english(qapp: object) -> Iterator[None]:
    translators = install_translations(qapp, "en")  # type: ignore[arg-type]
    assert translators
    try:
        yield
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)  # type: ignore[attr-defined]


def test_question_and_banner_in_english(english, qtbot, village, tasks):
    ws, hh, _head = village
    ws.drafts.save(draft_key(hh), {"summary": "Half a sentence"})
    saved_at = ws.drafts.entry(draft_key(hh)).saved_at
    form, closed = open_visit_form(qtbot, ws, tasks, hh)
    qtbot.waitUntil(lambda: form.restored_note.isVisible(), timeout=3000)
    assert form.restored_note.text() == (
        f"Restored the unsaved draft from last time ({saved_at:%H:%M})"
    )
    assert form.restored_note.discard_button.text() == "Discard draft (&Q)"
    answer = BoxAnswerer(key=Qt.Key.Key_Escape)
    qtbot.keyClick(form.summary, Qt.Key.Key_Escape)
    assert answer.asked == ["There are unsaved changes. Keep them as a draft?"]
    assert sorted(answer.buttons) == ["&Continue editing", "&Discard changes", "&Keep draft"]
    assert closed == []
