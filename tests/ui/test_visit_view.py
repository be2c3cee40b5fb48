"""Reading a saved visit in full and correcting it (更正), from the household page's timeline:
every field, the photos (a colleague's fetched lazily, thumbnail first), the amendments with
who, when, why and the original text; and end to end, a correction made in worker1's window
reaching worker2 through a real gridcenter with the original intact."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu
from support.gui import SYNC_TIMEOUT, BoxAnswerer, type_chinese

from gridworker.api import Visit, Workspace
from gridworker.api import amend_draft_key as draft_key
from gridworker.ui.household_detail import HouseholdDetailPane
from gridworker.ui.main_window import MainWindow
from gridworker.ui.tasks import TaskRunner
from gridworker.ui.visit_view import VisitView
from tests.conftest import jpeg_bytes

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def win(qtbot, workspace: Workspace, tasks: TaskRunner) -> Iterator[MainWindow]:
    window = MainWindow(workspace, tasks)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.start()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def full_visit(ws: Workspace, household_id: str) -> Visit:
    """A visit with every field filled in and two photos."""
    started = ws.ctx.now().replace(second=0, microsecond=0) - timedelta(hours=3)
    return ws.log_visit(
        household_id,
        summary="老人腿脚不便，独自居住，子女每周来一次",
        visit_type="focus",
        started_at=started,
        ended_at=started + timedelta(minutes=40),
        people_met="户主本人、其女儿",
        findings=[{"kind": "request", "text": "希望安装扶手"}, {"kind": "fire_hazard"}],
        resolved_on_spot=False,
        follow_up_date=started.date() + timedelta(days=7),
        photos=[jpeg_bytes(), jpeg_bytes(color=(30, 60, 160))],
    )


def open_detail(qtbot, window: MainWindow, household_id: str) -> HouseholdDetailPane:
    window.select_household(household_id)
    qtbot.waitUntil(lambda: window.detail.household_id == household_id
                    and not window.detail.is_loading(), timeout=10_000)  # fmt: skip
    return window.detail


def timeline_row(detail: HouseholdDetailPane, visit_id: str) -> int:
    model = detail.visits_model
    rows = [r for r in range(model.rowCount()) if model.visit(r).id == visit_id]
    assert rows, "visit not in the timeline"
    return rows[0]


def shown_view(qtbot, window: MainWindow, visit_id: str) -> VisitView:
    qtbot.waitUntil(lambda: window._visit_view is not None, timeout=5000)
    view = window.visit_view()
    qtbot.waitUntil(lambda: view.isVisible() and view.record is not None
                    and view.record.visit.id == visit_id, timeout=10_000)  # fmt: skip
    return view


def press_enter_on(qtbot, detail: HouseholdDetailPane, row: int) -> None:
    detail.visits.setFocus()
    detail.visits.setCurrentIndex(detail.visits_model.index(row, 0))
    qtbot.keyClick(detail.visits, Qt.Key.Key_Return)


def jpeg_file(path: Path, colour: tuple[int, int, int] = (90, 140, 60)) -> Path:
    Image.new("RGB", (800, 600), colour).save(path, "JPEG", quality=85)
    return path


# -- opening ------------------------------------------------------------------------------
def test_open_by_double_click_enter_and_context_menu(qtbot, win, workspace):
    hid = workspace.households()[0].id
    older = workspace.log_visit(hid, summary="上次走访",
                                started_at=workspace.ctx.now() - timedelta(days=3))
    newer = workspace.log_visit(hid, summary="这次走访")
    detail = open_detail(qtbot, win, hid)

    # Double-click.
    row = timeline_row(detail, older.id)
    rect = detail.visits.visualRect(detail.visits_model.index(row, 2))
    viewport = detail.visits.viewport()
    # As a mouse sends it: the first click, then the second press arrives as a double-click.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    view = shown_view(qtbot, win, older.id)
    assert view.values["summary"].text() == "上次走访"
    assert view.amend_dialog is None
    view.close()

    # Enter.
    press_enter_on(qtbot, detail, timeline_row(detail, newer.id))
    view = shown_view(qtbot, win, newer.id)
    assert view.values["summary"].text() == "这次走访"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()

    # The context menu: 查看走访记录… and 更正… (which opens the correction form at once).
    row = timeline_row(detail, older.id)
    centre = detail.visits.visualRect(detail.visits_model.index(row, 0)).center()
    QApplication.sendEvent(viewport, QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, centre, viewport.mapToGlobal(centre)))
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
    menu = QApplication.activePopupWidget()
    assert [a.text() for a in menu.actions()] == ["查看走访记录…", "更正…"]
    assert detail.visits.currentIndex().row() == row  # the row right-clicked is selected
    menu.actions()[1].trigger()
    menu.close()
    view = shown_view(qtbot, win, older.id)
    qtbot.waitUntil(lambda: view.amend_dialog is not None and view.amend_dialog.isVisible(),
                    timeout=5000)
    assert view.amend_dialog.summary.toPlainText() == "上次走访"


# -- reading ------------------------------------------------------------------------------
def test_view_shows_every_field_the_photos_and_the_amendments(qtbot, win, workspace):
    hid = workspace.households()[1].id
    visit = full_visit(workspace, hid)
    workspace.amend_visit(visit.id, reason="见到的人写错了", people_met="户主本人、其儿子")
    detail = open_detail(qtbot, win, hid)
    press_enter_on(qtbot, detail, timeline_row(detail, visit.id))
    view = shown_view(qtbot, win, visit.id)

    text = {key: label.text() for key, label in view.values.items()}
    started = visit.started_at
    assert text["when"] == (f"{started:%Y-%m-%d %H:%M} – "
                            f"{visit.ended_at:%H:%M}（40 分钟）")  # fmt: skip
    assert text["visit_type"] == "重点走访"  # the label, never the code "focus"
    assert text["people_met"] == "户主本人、其儿子"  # as amended
    assert text["summary"] == "老人腿脚不便，独自居住，子女每周来一次"
    assert text["findings"] == "群众诉求：希望安装扶手\n消防隐患"
    assert text["outcome"] == f"需要跟进，跟进日期 {visit.follow_up_date.isoformat()}"
    assert text["visitor"] == "网格员（演示）（worker1）"
    assert text["logged"].startswith(f"{visit.created_at:%Y-%m-%d}")
    assert text["sync"].startswith("未发送") and "尚未发送" in text["sync"]
    assert view.titles["people_met"].styleSheet()  # the amended field stands out
    assert not view.titles["summary"].styleSheet()

    # The correction, with the original kept.
    assert view.history_title.text() == "更正记录（1 条，原记录保留）"
    history = view.history_text()
    assert "worker1 更正；原因：见到的人写错了" in history
    assert "见到的人：原为“户主本人、其女儿”，更正为“户主本人、其儿子”" in history
    assert len(view.history_labels) == 1 and "户主本人、其女儿" in view.history_labels[0].text()

    # Photos: thumbnails first, the full picture on click, ←/→ for the others.
    gallery = view.gallery
    assert view.photos_title.text() == "照片（2 张）"
    shas = [p.sha256 for p in visit.photos]
    qtbot.waitUntil(lambda: all(gallery.shown(s) for s in shas), timeout=10_000)
    assert not gallery.downloaded  # my own photos are on this laptop
    rect = gallery.list.visualItemRect(gallery.list.item(1))
    qtbot.mouseClick(gallery.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    viewer = gallery.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.isVisible() and viewer.loaded(), timeout=10_000)
    assert viewer.index == 1 and viewer.counter.text() == "第 2 张，共 2 张"
    assert not viewer.picture.pixmap().isNull()
    assert viewer.picture.pixmap().width() <= viewer.picture.width()  # fitted to the window
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    qtbot.waitUntil(viewer.loaded, timeout=10_000)
    assert viewer.index == 0
    viewer.close()


# -- correcting -----------------------------------------------------------------------------
def test_amend_with_a_reason_refreshes_the_view_and_the_household(qtbot, win, workspace):
    hid = workspace.households()[2].id
    visit = workspace.log_visit(hid, summary="了解近况", people_met="户主")
    detail = open_detail(qtbot, win, hid)
    pending = workspace.status().pending_changes
    press_enter_on(qtbot, detail, timeline_row(detail, visit.id))
    view = shown_view(qtbot, win, visit.id)
    assert view.history_title.text() == "更正记录：无"

    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5000)
    qtbot.keyClick(view, Qt.Key.Key_E, CTRL)
    dialog = view.amend_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=5000)
    dialog = view.amend_dialog
    assert dialog.people_met.text() == "户主" and dialog.summary.toPlainText() == "了解近况"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    qtbot.waitUntil(dialog.summary.hasFocus, timeout=5000)  # the cursor at its end
    type_chinese(dialog.summary, "；补充：屋顶漏雨")
    dialog.findings.checks["request"].setChecked(True)
    dialog.reason.setFocus()
    type_chinese(dialog.reason, "漏记了群众诉求")
    with qtbot.waitSignal(view.amended, timeout=10_000) as amended:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_S, CTRL)
    assert amended.args == [hid, visit.id]
    assert not dialog.isVisible()

    stored = workspace.visit(visit.id)
    assert stored.summary == "了解近况；补充：屋顶漏雨" and stored.people_met == "户主"
    (a,) = stored.amendments
    assert (a.reason, a.author) == ("漏记了群众诉求", "worker1")
    assert set(a.changes) == {"summary", "findings"}  # only what changed is recorded
    assert workspace.status().pending_changes == pending + 1

    qtbot.waitUntil(lambda: view.history_labels != [], timeout=10_000)
    assert view.values["summary"].text() == "了解近况；补充：屋顶漏雨"
    assert "走访情况：原为“了解近况”，更正为“了解近况；补充：屋顶漏雨”" in view.history_text()
    assert view.message.text() == "更正已保存，原记录保留。"
    # The household page refreshed: the timeline says 已更正.
    model = detail.visits_model
    qtbot.waitUntil(lambda: model.visit(timeline_row(detail, visit.id)).amendments != (),
                    timeout=10_000)
    note = model.index(timeline_row(detail, visit.id), 5).data()
    assert "已更正" in note
    assert win.statusBar().currentMessage() == "更正已保存"


def test_no_change_and_empty_reason_are_refused_in_words(qtbot, win, workspace):
    hid = workspace.households()[3].id
    visit = workspace.log_visit(hid, summary="了解近况")
    before = workspace.status()
    win.open_visit(visit.id, amend=True)
    view = shown_view(qtbot, win, visit.id)
    qtbot.waitUntil(lambda: view.amend_dialog is not None and view.amend_dialog.isVisible(),
                    timeout=5000)
    dialog = view.amend_dialog

    dialog.save_button.click()  # nothing changed, no reason
    assert dialog.general_message.isVisible()
    assert "没有需要更正的内容" in dialog.general_message.text()
    assert dialog.reason_message.isVisible() and "请填写更正原因" in dialog.reason_message.text()
    assert dialog.isVisible()

    type_chinese(dialog.summary, "补充")
    type_chinese(dialog.reason, "   ")  # blanks are no reason
    dialog.save_button.click()
    assert not dialog.general_message.isVisible()
    assert "请填写更正原因" in dialog.reason_message.text() and dialog.reason.hasFocus()

    dialog.reason.clear()
    type_chinese(dialog.reason, "补充")  # a reason, but the change is undone
    dialog.summary.setPlainText("了解近况")
    dialog.save_button.click()
    assert "没有需要更正的内容" in dialog.general_message.text()
    assert not dialog.reason_message.isVisible()
    win.tasks.wait(10_000)
    QApplication.processEvents()
    assert workspace.visit(visit.id).amendments == ()
    assert workspace.status().pending_changes == before.pending_changes

    # Esc asks; 保留草稿 keeps what was typed as a draft: reopening brings it back, marked.
    dialog.summary.setPlainText("了解近况；补充")
    answer = BoxAnswerer("保留草稿")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answer.asked == ["有尚未保存的修改。要保留为草稿吗？"]
    assert not dialog.isVisible()
    view.amend()
    qtbot.waitUntil(lambda: dialog.restored_note.isVisible(), timeout=5000)
    assert dialog.summary.toPlainText() == "了解近况；补充" and dialog.reason.text() == "补充"
    assert dialog.restored_note.text().startswith("已恢复上次未保存的草稿（")

    # 放弃草稿: the visit as it stands again, and no draft left.
    qtbot.mouseClick(dialog.restored_note.discard_button, Qt.MouseButton.LeftButton)
    assert dialog.summary.toPlainText() == "了解近况" and dialog.reason.text() == ""
    assert not dialog.restored_note.isVisible()
    win.tasks.wait(10_000)
    QApplication.processEvents()
    assert workspace.drafts.load(draft_key(visit.id)) is None

    # Typed again, then Esc and 放弃修改: closed, nothing kept.
    type_chinese(dialog.summary, "再补充")
    answer = BoxAnswerer("放弃修改")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answer.asked and not dialog.isVisible()
    win.tasks.wait(10_000)
    QApplication.processEvents()
    assert workspace.drafts.load(draft_key(visit.id)) is None


def test_a_colleagues_photo_without_a_sign_in_is_explained(qtbot, workspace, tasks):
    hid = workspace.households()[5].id
    visit = workspace.log_visit(hid, summary="走访", photos=[jpeg_bytes()])
    sha = visit.photos[0].sha256
    thumb = workspace.photo_path(sha, thumbnail=True)
    kept = thumb.read_bytes()
    for path in (workspace.photo_path(sha), thumb):
        path.unlink()  # as a colleague's photo is: listed on the visit, the bytes elsewhere
    view = VisitView(workspace, tasks)
    qtbot.addWidget(view)
    view.show_visit(visit.id)
    qtbot.waitUntil(lambda: view.record is not None and not view.gallery.busy(), timeout=10_000)
    assert view.values["summary"].text() == "走访"  # the visit itself still reads
    assert view.gallery.message.text() == "尚未登录：登录后才能下载同事拍摄的照片。"
    assert not view.gallery.shown(sha)
    viewer = view.gallery.open_viewer(0)
    qtbot.waitUntil(lambda: viewer.message.isVisible(), timeout=10_000)
    assert "尚未登录" in viewer.message.text() and viewer.picture.text() == "原图未能载入"
    viewer.close()

    # Clicking the failed thumbnail tries again (here: the thumbnail is back).
    thumb.write_bytes(kept)
    item = view.gallery.list.item(0)
    assert item.text() == "未能加载"
    rect = view.gallery.list.visualItemRect(item)
    qtbot.mouseClick(view.gallery.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.gallery.shown(sha), timeout=10_000)
    assert item.text() == "第 1 张" and not view.gallery.message.isVisible()


def test_the_correction_form_shows_an_old_visit_as_it_is(qtbot, workspace, tasks):
    # A follow-up date already past stays as it was (ticking 需要跟进 by hand moves a past
    # date on; prefilling must not), so opening and saving an old visit changes nothing.
    started = workspace.ctx.now().replace(second=0, microsecond=0) - timedelta(days=30)
    visit = full_visit(workspace, workspace.households()[6].id)
    old = workspace.log_visit(
        visit.household_id, summary="上月走访", started_at=started,
        ended_at=started + timedelta(minutes=25), resolved_on_spot=False,
        follow_up_date=started.date() + timedelta(days=3),
        findings=[{"kind": "dispute", "text": "邻里宅基地"}],
    )  # fmt: skip
    view = VisitView(workspace, tasks)
    qtbot.addWidget(view)
    for shown in (old, visit):
        view.show_visit(shown.id, amend=True)
        qtbot.waitUntil(lambda s=shown: view.amend_dialog is not None
                        and view.amend_dialog.isVisible() and view.record.visit.id == s.id,
                        timeout=10_000)  # fmt: skip
        dialog = view.amend_dialog
        assert dialog.changes() == {}
        assert dialog.follow_up_date.date().toPython() == shown.follow_up_date
        assert dialog.duration.value() == (25 if shown is old else 40)
        dialog.reject()


def test_the_view_in_english(qtbot, workspace, tasks, qapp):
    from gridworker.app import install_translations

    translators = install_translations(qapp, "en")
    assert translators
    try:
        hid = workspace.households()[4].id
        visit = full_visit(workspace, hid)
        workspace.amend_visit(visit.id, reason="typo", summary="Better summary")
        view = VisitView(workspace, tasks)
        qtbot.addWidget(view)
        view.show_visit(visit.id)
        qtbot.waitUntil(lambda: view.record is not None, timeout=10_000)
        assert view.values["visit_type"].text() == "Focus visit"
        assert view.titles["summary"].text() == "Summary:"
        assert view.amend_button.text() == "&Correct…"
        assert "Summary: was “老人腿脚不便" in view.history_text()
        assert not any("\u3400" <= ch <= "\u9fff" for ch in view.history_title.text())
        dialog = view.amend()
        assert dialog.save_button.text() == "Save"
        dialog.save_button.click()
        assert dialog.reason_message.text().startswith("Please")
        dialog.reject()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


# -- end to end, two workers, a real gridcenter ------------------------------------------------
def test_a_correction_made_in_the_window_reaches_the_colleague_with_the_original(
    qtbot, gridcenter, signed_in, make_window, tasks, tmp_path
):
    w1 = signed_in(gridcenter, "worker1", "w1")
    w2 = signed_in(gridcenter, "worker2", "w2")
    assert [g.code for g in w2.grids()] == [g.code for g in w1.grids()]  # the same grid
    hid = sorted(h.id for h in w1.households())[0]
    # A second visit with a photo, for the offline case at the end.
    other = w1.log_visit(hid, summary="上月走访", photos=[jpeg_bytes(color=(200, 120, 0))],
                         started_at=w1.ctx.now() - timedelta(days=30))
    w1.sync()

    window = make_window(w1, wait_for_sync=True)
    detail = open_detail(qtbot, window, hid)

    # worker1 logs a visit with a photo in the form ...
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    form = detail.visit_form()
    qtbot.waitUntil(lambda: detail.visit_form_open() and form.summary.hasFocus(), timeout=5000)
    type_chinese(form.summary, "入户走访，老人腿脚不便")
    form.photos.add_paths([str(jpeg_file(tmp_path / "door.jpg"))])
    qtbot.waitUntil(lambda: form.photos.photos() != [], timeout=10_000)
    with qtbot.waitSignal(detail.visit_saved, timeout=10_000) as saved:
        qtbot.keyClick(form.summary, Qt.Key.Key_S, CTRL)
    visit_id = saved.args[1]
    (sha,) = [p.sha256 for p in w1.visit(visit_id).photos]

    # ... opens it from the timeline and corrects it ...
    qtbot.waitUntil(lambda: not detail.is_loading()
                    and any(detail.visits_model.visit(r).id == visit_id
                            for r in range(detail.visits_model.rowCount())), timeout=10_000)
    press_enter_on(qtbot, detail, timeline_row(detail, visit_id))
    view = shown_view(qtbot, window, visit_id)
    dialog = view.amend()
    dialog.people_met.setFocus()
    type_chinese(dialog.people_met, "老人的儿子")
    type_chinese(dialog.reason, "补记见到的人")
    with qtbot.waitSignal(view.amended, timeout=10_000):
        dialog.save_button.click()

    # ... and the save asked for a sync, which sends visit, photo and correction.
    def sent() -> bool:
        status = w1.status()
        return status.pending_changes == 0 and status.photos_waiting == 0
    qtbot.waitUntil(lambda: sent() and not window.sync.busy, timeout=SYNC_TIMEOUT)
    qtbot.waitUntil(lambda: view.record.sync.synced, timeout=SYNC_TIMEOUT)  # reloaded
    assert view.values["sync"].text() == "已同步"

    # worker2 syncs and sees the correction, the original intact.
    w2.sync()
    record = w2.visit_record(visit_id)
    assert record.original.summary == "入户走访，老人腿脚不便"
    assert record.original.people_met == "" and record.visit.people_met == "老人的儿子"
    (step,) = record.history
    assert (step.amendment.author, step.amendment.reason) == ("worker1", "补记见到的人")
    assert [(c.field, c.before, c.after) for c in step.changes] == [
        ("people_met", "", "老人的儿子")]
    # Its time is worker1's, when it was typed, not when it reached the centre or worker2.
    (typed,) = w1.visit_record(visit_id).history
    assert step.amendment.created_at == typed.amendment.created_at
    assert record.visit.created_at == w1.visit(visit_id).created_at

    # worker2's own window: the view shows it, and the photo comes lazily, thumbnail first.
    assert not w2.photo_path(sha, thumbnail=True).exists() and not w2.photo_path(sha).exists()
    colleague = VisitView(w2, tasks)
    qtbot.addWidget(colleague)
    colleague.show_visit(visit_id)
    qtbot.waitUntil(lambda: colleague.record is not None, timeout=10_000)
    assert colleague.values["people_met"].text() == "老人的儿子"
    assert colleague.values["visitor"].text() == "worker1"
    history = colleague.history_text()
    assert "worker1 更正；原因：补记见到的人" in history
    assert "见到的人：原为“（无）”，更正为“老人的儿子”" in history
    assert f"{step.amendment.created_at:%Y-%m-%d %H:%M}" in history
    qtbot.waitUntil(lambda: colleague.gallery.shown(sha), timeout=SYNC_TIMEOUT)
    assert sha in colleague.gallery.downloaded
    assert w2.photo_path(sha, thumbnail=True).is_file()
    assert not w2.photo_path(sha).exists()  # the full picture only when it is opened
    viewer = colleague.gallery.open_viewer(0)
    qtbot.waitUntil(viewer.loaded, timeout=SYNC_TIMEOUT)
    assert w2.photo_path(sha).is_file()
    viewer.close()

    # Offline, a colleague's photo not yet here is explained, and the visit still reads.
    gridcenter.stop()
    colleague.show_visit(other.id)
    qtbot.waitUntil(lambda: colleague.record is not None
                    and colleague.record.visit.id == other.id, timeout=10_000)  # fmt: skip
    assert colleague.values["summary"].text() == "上月走访"
    qtbot.waitUntil(lambda: not colleague.gallery.busy(), timeout=SYNC_TIMEOUT)
    assert "无法连接服务器" in colleague.gallery.message.text()
    assert colleague.gallery.message.isVisible()
