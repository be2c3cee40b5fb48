"""The visit form: the keyboard-only routine path, inline errors, drafts and photos."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication
from support.gui import BoxAnswerer

from gridworker.api import Workspace
from gridworker.api import visit_draft_key as draft_key
from gridworker.ui.tasks import TaskRunner
from gridworker.ui.visit_form import VisitForm

pytestmark = pytest.mark.gui


@pytest.fixture
def village(tmp_path: Path) -> Iterator[tuple[Workspace, str]]:
    """A workspace with one grid and one household (no demo data needed)."""
    ws = Workspace.open(tmp_path / "ws")
    grid = ws.create_grid(code="110105001001001", name="第一网格")
    household = ws.add_household(grid.id, group_name="一组", door_number="12号")
    ws.add_resident(household.id, name="张三丰", relation="head")
    try:
        yield ws, household.id
    finally:
        ws.close()


def type_text(widget, text: str) -> None:
    """Type like a person with a Chinese input method: one committed character at a time.

    (``qtbot.keyClicks`` only handles ASCII: QTest asserts on anything else.)
    """
    for ch in text:
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)


def make_form(qtbot, ws: Workspace, tasks: TaskRunner, *, track: bool = True) -> VisitForm:
    form = VisitForm(ws, tasks)
    if track:  # pytest-qt closes tracked widgets at teardown; untracked ones we destroy
        qtbot.addWidget(form)
    form.resize(820, 760)
    form.show()
    form.activateWindow()
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)  # shortcuts need it
    return form


def jpeg(path: Path, size: tuple[int, int] = (800, 600)) -> Path:
    Image.new("RGB", size, (90, 140, 60)).save(path, "JPEG", quality=85)
    return path


def test_keyboard_only_routine_visit(qtbot, village, tasks):
    ws, hh = village
    pending_before = ws.status().pending_changes
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号 张三丰")
    assert form.title.text() == "走访：一组12号 张三丰"
    qtbot.waitUntil(lambda: form.summary.hasFocus())

    type_text(form.summary, "了解近况")
    with qtbot.waitSignal(form.saved, timeout=5000) as saved:
        qtbot.keyClick(form.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    visits = ws.visits_of(hh)
    assert [v.summary for v in visits] == ["了解近况"]
    assert saved.args == [visits[0].id]
    assert visits[0].visit_type.value == "routine"
    assert visits[0].resolved_on_spot is True
    assert visits[0].photos == ()
    assert ws.status().pending_changes > pending_before
    assert form.summary.toPlainText() == ""  # reset for the next one


def test_ctrl_return_saves_too(qtbot, village, tasks):
    ws, hh = village
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    type_text(form.summary, "身体良好")
    with qtbot.waitSignal(form.saved, timeout=5000):
        qtbot.keyClick(form.summary, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [v.summary for v in ws.visits_of(hh)] == ["身体良好"]


def test_empty_summary_shows_inline_error_and_saves_nothing(qtbot, village, tasks):
    ws, hh = village
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    type_text(form.summary, "   ")
    qtbot.keyClick(form.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.summary_message.isVisible()
    assert form.summary_message.text() == "请填写走访情况摘要"
    assert QApplication.activeModalWidget() is None  # no popup
    tasks.wait()
    QApplication.processEvents()
    assert ws.visits_of(hh) == []
    # Typing clears the message again.
    type_text(form.summary, "好")
    assert not form.summary_message.isVisible()


def test_all_fields_reach_the_visit(qtbot, village, tasks):
    ws, hh = village
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    form.visit_type.setCurrentIndex(form.visit_type.findData("focus"))
    form.duration.setValue(30)
    type_text(form.people_met, "户主本人")
    type_text(form.summary, "反映楼道灯坏了")
    type_text(form._finding_texts["request"], "楼道灯维修")  # ticks the box itself
    assert form._finding_checks["request"].isChecked()
    form.resolved.setChecked(False)
    form.follow_up.setChecked(True)
    with qtbot.waitSignal(form.saved, timeout=5000):
        form.save_button.click()
    (visit,) = ws.visits_of(hh)
    assert visit.visit_type.value == "focus"
    assert visit.people_met == "户主本人"
    assert [(f.kind.value, f.text) for f in visit.findings] == [("request", "楼道灯维修")]
    assert visit.resolved_on_spot is False
    assert visit.follow_up_date is not None and visit.follow_up_date > visit.started_at.date()
    assert visit.ended_at is not None
    assert (visit.ended_at - visit.started_at).total_seconds() == 30 * 60


def test_service_errors_are_marked_inline(qtbot, village, tasks):
    ws, hh = village
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    type_text(form.summary, "了解近况")
    form.started_at.setDateTime(form.started_at.dateTime().addDays(2))  # in the future
    form.save()
    qtbot.waitUntil(lambda: form.time_message.isVisible(), timeout=5000)
    assert form.time_message.text() == "走访时间不能晚于当前时间"
    assert form.summary.toPlainText() == "了解近况"  # nothing typed is lost
    assert form.save_button.isEnabled()
    assert ws.visits_of(hh) == []


def test_draft_survives_destroying_the_form(qtbot, village, tasks):
    ws, hh = village
    form = make_form(qtbot, ws, tasks, track=False)
    form.start(hh, "一组12号")
    type_text(form.summary, "说到一半")
    qtbot.waitUntil(lambda: (ws.drafts.load(draft_key(hh)) or {}).get("summary") == "说到一半",
                    timeout=3000)
    with qtbot.waitSignal(form.destroyed):
        form.deleteLater()  # as if the window were closed without saving, or the app killed

    again = make_form(qtbot, ws, tasks)
    again.start(hh, "一组12号")
    qtbot.waitUntil(lambda: again.summary.toPlainText() == "说到一半", timeout=3000)
    assert again.restored_note.text().startswith("已恢复上次未保存的草稿（")
    assert again.restored_note.isVisible()


def test_draft_is_written_within_half_a_second_while_typing(qtbot, village, tasks):
    ws, hh = village
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    # Continuous typing (a key every 50 ms) must not postpone the draft indefinitely.
    for ch in "一二三四五六七八九十一二三四五":
        type_text(form.summary, ch)
        qtbot.wait(50)
    tasks.wait()
    QApplication.processEvents()
    stored = (ws.drafts.load(draft_key(hh)) or {}).get("summary", "")
    assert len(stored) >= 5  # written while typing, not only after a pause


def test_draft_discarded_after_save(qtbot, village, tasks):
    ws, hh = village
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    type_text(form.summary, "了解近况")
    qtbot.waitUntil(lambda: ws.drafts.load(draft_key(hh)) is not None, timeout=3000)
    with qtbot.waitSignal(form.saved, timeout=5000):
        qtbot.keyClick(form.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    tasks.wait()
    assert ws.drafts.load(draft_key(hh)) is None
    qtbot.wait(600)  # no late debounced write brings it back
    tasks.wait()
    assert ws.drafts.load(draft_key(hh)) is None

    again = make_form(qtbot, ws, tasks)
    again.start(hh, "一组12号")
    tasks.wait()
    QApplication.processEvents()
    assert again.summary.toPlainText() == ""
    assert not again.restored_note.isVisible()


def test_escape_asks_and_keeping_closes_with_the_draft(qtbot, village, tasks):
    ws, hh = village
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    type_text(form.summary, "先记一笔")
    answer = BoxAnswerer("保留草稿")
    with qtbot.waitSignal(form.closed, timeout=5000):
        qtbot.keyClick(form.summary, Qt.Key.Key_Escape)
    assert answer.asked
    tasks.wait()
    assert ws.drafts.load(draft_key(hh))["summary"] == "先记一笔"


def test_attach_real_jpeg(qtbot, village, tasks, tmp_path):
    ws, hh = village
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    form.photos.add_paths([jpeg(tmp_path / "门口.jpg")])
    qtbot.waitUntil(lambda: len(form.photos.photos()) == 1, timeout=10000)
    item = form.photos.list.item(0)
    assert item.text() == "门口.jpg"
    assert not item.icon().isNull()
    assert form.photos.list.isVisible()
    type_text(form.summary, "看了房屋")
    with qtbot.waitSignal(form.saved, timeout=10000):
        qtbot.keyClick(form.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (visit,) = ws.visits_of(hh)
    assert len(visit.photos) == 1
    assert ws.photo_path(visit.photos[0].sha256).is_file()


def test_text_file_renamed_jpg_is_rejected_inline(qtbot, village, tasks, tmp_path):
    ws, hh = village
    fake = tmp_path / "照片.jpg"
    fake.write_text("这不是图片", encoding="utf-8")
    good = jpeg(tmp_path / "good.jpg")
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    form.photos.add_paths([fake, good])
    qtbot.waitUntil(lambda: not form.photos.busy(), timeout=10000)
    assert form.photos.message.isVisible()
    assert form.photos.message.text().startswith("照片.jpg：不是可识别的图片文件")
    assert len(form.photos.photos()) == 1  # the good one still attached
    assert form.photos.list.count() == 1
    assert QApplication.activeModalWidget() is None


def test_rejected_only_photo_means_no_photo(qtbot, village, tasks, tmp_path):
    ws, hh = village
    fake = tmp_path / "坏.jpg"
    fake.write_bytes(b"not an image at all")
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    form.photos.add_paths([fake])
    qtbot.waitUntil(lambda: form.photos.message.isVisible(), timeout=10000)
    type_text(form.summary, "了解近况")
    with qtbot.waitSignal(form.saved, timeout=5000):
        form.save()
    (visit,) = ws.visits_of(hh)
    assert visit.photos == ()


def test_drop_image_file_on_the_form(qtbot, village, tasks, tmp_path):
    ws, hh = village
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(jpeg(tmp_path / "拖入.jpg")))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )
    form.dropEvent(event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: len(form.photos.photos()) == 1, timeout=10000)


def test_drop_on_summary_goes_to_photos_not_text(qtbot, village, tasks, tmp_path):
    ws, hh = village
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    mime = QMimeData()
    path = jpeg(tmp_path / "拖到摘要.jpg")
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    mime.setText(str(path))
    event = QDropEvent(
        QPointF(QPoint(5, 5)), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )
    # Qt only delivers a Drop to the target of a real drag, so call the filter as Qt would.
    assert form.drop_router.eventFilter(form.summary.viewport(), event)
    qtbot.waitUntil(lambda: len(form.photos.photos()) == 1, timeout=10000)
    assert form.summary.toPlainText() == ""


def test_remove_photo_with_delete_key(qtbot, village, tasks, tmp_path):
    ws, hh = village
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    form.photos.add_paths([jpeg(tmp_path / "a.jpg"), jpeg(tmp_path / "b.jpg", (640, 480))])
    qtbot.waitUntil(lambda: len(form.photos.photos()) == 2, timeout=10000)
    form.photos.list.setCurrentRow(0)
    qtbot.keyClick(form.photos.list, Qt.Key.Key_Delete)
    assert len(form.photos.photos()) == 1
    assert form.photos.list.count() == 1


def test_save_waits_for_photos_in_progress(qtbot, village, tasks, tmp_path):
    ws, hh = village
    form = make_form(qtbot, ws, tasks)
    form.start(hh, "一组12号")
    type_text(form.summary, "带照片")
    form.photos.add_paths([jpeg(tmp_path / "big.jpg", (3000, 2000))])
    with qtbot.waitSignal(form.saved, timeout=15000):
        form.save()  # photos still processing: saving resumes by itself
    (visit,) = ws.visits_of(hh)
    assert len(visit.photos) == 1


def test_photos_come_back_with_the_draft(qtbot, village, tasks, tmp_path):
    ws, hh = village
    form = make_form(qtbot, ws, tasks, track=False)
    form.start(hh, "一组12号")
    form.photos.add_paths([jpeg(tmp_path / "留底.jpg")])
    qtbot.waitUntil(lambda: len(form.photos.photos()) == 1, timeout=10000)
    qtbot.waitUntil(lambda: bool((ws.drafts.load(draft_key(hh)) or {}).get("photos")), timeout=3000)
    with qtbot.waitSignal(form.destroyed):
        form.deleteLater()
    again = make_form(qtbot, ws, tasks)
    again.start(hh, "一组12号")
    qtbot.waitUntil(lambda: len(again.photos.photos()) == 1, timeout=10000)


# -- cancel means cancel: the visit form -------------------------------------------------------


def open_form(qtbot, ws: Workspace, tasks: TaskRunner, hh: str) -> tuple[VisitForm, list[bool]]:
    """The form started for ``hh`` (its draft, if any, loaded); the list records `closed`."""
    form = make_form(qtbot, ws, tasks)
    closed: list[bool] = []
    form.closed.connect(lambda: closed.append(True))
    form.start(hh, "一组12号")
    tasks.wait()
    QApplication.processEvents()
    return form, closed


def stored_draft(qtbot, ws: Workspace, hh: str, until) -> dict:
    qtbot.waitUntil(lambda: until(ws.drafts.load(draft_key(hh)) or {}), timeout=3000)
    return ws.drafts.load(draft_key(hh)) or {}


def test_visit_close_and_discard(qtbot, village, tasks):
    ws, hh = village
    form, closed = open_form(qtbot, ws, tasks, hh)
    type_text(form.summary, "记错了户")
    stored_draft(qtbot, ws, hh, lambda d: d.get("summary") == "记错了户")
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
    ws, hh = village
    form, closed = open_form(qtbot, ws, tasks, hh)
    type_text(form.summary, "先记一笔")
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
    ws, hh = village
    form, closed = open_form(qtbot, ws, tasks, hh)
    answer = BoxAnswerer("继续编辑", timeout_ms=1000)
    qtbot.keyClick(form.summary, Qt.Key.Key_Escape)
    assert closed == [True] and answer.asked == []
    answer.stop()


def test_visit_stray_escape_with_edits_loses_nothing(qtbot, village, tasks):
    ws, hh = village
    form, closed = open_form(qtbot, ws, tasks, hh)
    type_text(form.summary, "正在写")
    answer = BoxAnswerer(key=Qt.Key.Key_Escape)
    qtbot.keyClick(form.summary, Qt.Key.Key_Escape)
    assert answer.asked and closed == []
    assert form.summary.toPlainText() == "正在写"
    stored_draft(qtbot, ws, hh, lambda d: d.get("summary") == "正在写")


def test_question_and_banner_in_english(english, qtbot, village, tasks):
    ws, hh = village
    ws.drafts.save(draft_key(hh), {"summary": "Half a sentence"})
    saved_at = ws.drafts.entry(draft_key(hh)).saved_at
    form, closed = open_form(qtbot, ws, tasks, hh)
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
