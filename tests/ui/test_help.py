"""The 帮助 menu (shortcut list, how sync works, About), the support log from the UI, English
plurals and labels, columns that fit their English headers, Qt's own Chinese, and the folder
the photo dialog opens in."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDir, QLocale, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QTableView

from gridworker import __version__, logs
from gridworker.api import AuthFailed, RecordSync, RecordSyncState, ServerError, Workspace
from gridworker.app import install_translations
from gridworker.domain.vocab import Relation, Sex
from gridworker.ui import help as help_module
from gridworker.ui.errors import sync_text
from gridworker.ui.fields import vocab_label
from gridworker.ui.help import key_text, plain_text
from gridworker.ui.household_facts import due_line
from gridworker.ui.household_model import sync_reason
from gridworker.ui.main_window import MainWindow
from gridworker.ui.settings import last_folder, remember_folder, start_folder
from gridworker.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui

MakeWindow = Callable[..., MainWindow]


def _actions_with_shortcuts(window: MainWindow) -> list[QAction]:
    found = {id(a): a for a in [*window.actions(), *window.findChildren(QAction)]}
    return [a for a in found.values() if key_text(a) and plain_text(a.text())]


# -- the shortcut list ---------------------------------------------------------------------
def test_shortcut_list_has_every_action_with_a_shortcut(
    qtbot, workspace: Workspace, make_window: MakeWindow
) -> None:
    window = make_window(workspace)
    menus = [plain_text(a.text()) for a in window.menuBar().actions()]
    assert menus[-1] == "帮助"
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.help.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    listed = dialog.rows()
    rows = {(name, keys) for name, keys, _where in listed}

    def shown(name: str, keys: str) -> bool:
        wanted = set(keys.split(" / "))
        return any(n == name and wanted <= set(k.split(" / ")) for n, k, _w in listed)

    expected = _actions_with_shortcuts(window)
    assert len(expected) >= 10
    missing = [(plain_text(a.text()), key_text(a)) for a in expected]
    missing = [pair for pair in missing if not shown(*pair)]
    assert not missing, missing
    assert ("同步", "Ctrl+R") in rows and ("快捷键", "F1 / Ctrl+/") in rows
    where = {name: place for name, _keys, place in dialog.rows()}
    assert where["同步"] == "同步" and where["搜索"] == "工作"

    # Generated from the actions: one added later is listed the next time.
    extra = QAction("打印本户信息…", window)
    extra.setShortcut(QKeySequence("Ctrl+P"))
    window.addAction(extra)
    dialog.close()
    window.help.shortcuts_action.trigger()
    listed = dialog.rows()
    assert ("打印本户信息", "Ctrl+P", "主窗口") in listed

    # A form's QShortcuts that say what they do (whatsThis) are listed once the form exists,
    # all the keys of one command in one row.
    with qtbot.waitSignal(window.detail.loaded, timeout=10_000):
        window.select_household(workspace.households()[0].id)
    window.new_visit()
    window.help.show_shortcuts()
    listed = dialog.rows()
    assert shown("保存走访记录", "Ctrl+S / Ctrl+Return") and shown("关闭走访表单", "Esc")
    assert len([r for r in listed if r[0] == "保存走访记录"]) == 1


def test_sync_help_explains_outbox_order_offline_conflicts_and_refusals(
    workspace: Workspace, make_window: MakeWindow
) -> None:
    window = make_window(workspace)
    dialog = window.help.show_sync_help()
    text = dialog.text.text()
    for words in ("待发送队列", "先上传", "再下载", "照片", "离线", "冲突中心", "被拒绝的修改"):
        assert words in text


# -- About and the support log -------------------------------------------------------------
def test_about_shows_version_data_folder_log_file_and_not_signed_in(
    workspace: Workspace, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_file = logs.setup(workspace.data_dir)
    assert log_file is not None and log_file.is_file()
    window = make_window(workspace)
    about = window.help.show_about()
    facts = about.facts.text()
    assert __version__ in about.title.text() and f"版本：{__version__}" in facts
    assert f"数据文件夹：{workspace.data_dir}" in facts
    assert f"日志文件：{log_file}" in facts
    assert "平台地址：未登录" in facts
    assert about.facts.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse

    opened: list[Path] = []
    monkeypatch.setattr(help_module, "open_folder", lambda path: opened.append(path) or True)
    about.data_button.click()
    about.log_button.click()
    assert opened == [Path(workspace.data_dir), log_file.parent]
    about.copy_button.click()
    from PySide6.QtWidgets import QApplication

    assert str(log_file) in QApplication.clipboard().text()


def test_about_shows_the_centre_once_signed_in(
    gridcenter, signed_in, make_window: MakeWindow
) -> None:
    ws = signed_in(gridcenter, "worker1", "w1", sync=False)
    window = make_window(ws, wait_for_sync=True)
    about = window.help.show_about()
    assert f"平台地址：{gridcenter.url}" in about.facts.text()
    assert "账号：worker1" in about.facts.text()


def test_background_task_faults_reach_the_log(
    qtbot, tasks: TaskRunner, tmp_path: Path
) -> None:
    log_file = logs.setup(tmp_path / "ws")
    assert log_file is not None
    seen: list[BaseException] = []

    def fail() -> None:
        raise RuntimeError("disk said no for 11010519491231002X")

    tasks.run(fail, on_failure=seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "task test_background_task_faults_reach_the_log.<locals>.fail failed" in text
    assert "RuntimeError" in text and "11010519491231002X" not in text


# -- English: plurals, labels, column widths ------------------------------------------------
def test_english_counts_use_singular_and_plural(
    english: None, workspace: Workspace, make_window: MakeWindow
) -> None:
    window = make_window(workspace)
    status = workspace.status()
    households_list = workspace.households()
    for n, households, residents, visits in ((1, "household", "resident", "visit"),
                                             (2, "households", "residents", "visits")):  # fmt: skip
        window._status(([], dataclasses.replace(
            status, households=n, residents=n, visits=n, pending_changes=n, conflicts=n,
            rejected=n, photos_waiting=n,
        )))  # fmt: skip
        assert window.counts_label.text() == f"{n} {households} · {n} {residents} · {n} {visits}"
        s = "" if n == 1 else "s"
        assert window.sync_status.pending_text() == f"{n} change{s} to sync"
        extra = window.sync_status.extra_text()
        assert f"{n} photo{s} to upload" in extra and f"{n} conflict{s} to decide" in extra
        assert f"{n} change{s} refused" in extra

        window.model.set_rows(households_list[:n])
        window._update_count()
        assert window.count_label.text() == f"{n} household{s}"

        unsent = RecordSync(RecordSyncState.NOT_SENT, unsent=n)
        assert f"{n} change{s} not yet sent" in sync_reason(unsent)
        locked = AuthFailed("locked", code="account_locked", retry_after=60 * n)
        assert f"about {n} minute{s}," in sync_text(locked)
        limited = ServerError("rate_limited", "", 429, {"retry_after": n})
        assert f"about {n} second{s}." in sync_text(limited)
    assert "1 visits" not in window.counts_label.text()


def test_english_due_line_says_1_day_and_2_days(english: None, workspace: Workspace) -> None:
    summary = next(h for h in workspace.households() if h.next_due is not None)
    detail = workspace.household(summary.id)
    if detail.household.status.value != "active" or detail.next_due is None:
        pytest.skip("the demo household is not due")
    for days, words in ((1, "in 1 day)"), (2, "in 2 days)"), (-1, "1 day overdue"),
                        (-2, "2 days overdue")):  # fmt: skip
        now = detail.next_due - timedelta(days=days)
        assert words in due_line(detail, now), due_line(detail, now)


def test_relation_daughter_and_sex_female_differ_in_english(
    english: None, qtbot, workspace: Workspace, make_window: MakeWindow
) -> None:
    assert vocab_label(Relation.DAUGHTER) == "Daughter"
    assert vocab_label(Sex.FEMALE) == "Female"
    assert vocab_label(Relation.SON) == "Son" and vocab_label(Sex.MALE) == "Male"

    daughter = next(
        (h.id, r.id)
        for h in workspace.households()
        for r in workspace.residents(h.id)
        if r.relation is Relation.DAUGHTER and r.sex is Sex.FEMALE
    )
    window = make_window(workspace)
    with qtbot.waitSignal(window.detail.loaded, timeout=10_000):
        window.select_household(daughter[0])
    model = window.detail.residents_model
    row = model.row_of(daughter[1])
    assert model.index(row, 1).data() == "Female"
    assert model.index(row, 3).data() == "Daughter"


def _header_fits(view: QTableView) -> list[str]:
    header = view.horizontalHeader()
    fm = header.fontMetrics()
    model = view.model()
    cut = []
    for column in range(model.columnCount()):
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        if header.sectionSize(column) < fm.horizontalAdvance(text):
            cut.append(f"{text!r}: {header.sectionSize(column)} < {fm.horizontalAdvance(text)}")
    return cut


def test_english_headers_fit_their_columns(
    english: None, qtbot, workspace: Workspace, make_window: MakeWindow
) -> None:
    window = make_window(workspace)
    with qtbot.waitSignal(window.detail.loaded, timeout=10_000):
        window.select_household(workspace.households()[0].id)
    assert window.model.headerData(3, Qt.Orientation.Horizontal) != "人数"  # really English
    for view in (window.table, window.detail.residents, window.detail.visits):
        assert not _header_fits(view), (view.objectName(), _header_fits(view))
    # A value as wide as the widest relation fits its column too.
    fm = window.detail.residents.fontMetrics()
    widest = max(fm.horizontalAdvance(vocab_label(r)) for r in Relation)
    assert window.detail.residents.horizontalHeader().sectionSize(3) >= widest


# -- Qt's own strings in Chinese -------------------------------------------------------------
def test_qt_translations_loaded_in_chinese_mode(qapp) -> None:
    before = QLocale()
    translators = install_translations(qapp, "zh_CN")
    try:
        assert translators, "Qt's zh_CN catalogue was not found"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
        box.deleteLater()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        QLocale.setDefault(before)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


# -- the photo dialog's folder --------------------------------------------------------------
def test_file_dialog_starts_in_pictures_or_home_never_the_program_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "program"
    program.mkdir()
    monkeypatch.chdir(program)
    where = QStandardPaths.StandardLocation.PicturesLocation
    pictures = [p for p in QStandardPaths.standardLocations(where) if Path(p).is_dir()]
    default = start_folder(None)
    assert default == (pictures[0] if pictures else QDir.homePath())
    assert Path(default) != program
    assert start_folder(tmp_path / "gone") == default  # a folder since removed

    photos = tmp_path / "camera"
    photos.mkdir()
    assert start_folder(str(photos)) == str(photos)
    assert last_folder() == default  # nothing remembered yet
    remember_folder(str(photos / "IMG_0001.jpg"))
    assert last_folder() == str(photos)


def test_photo_dialog_opens_in_the_remembered_folder(
    qtbot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from gridworker.ui import photo_strip
    from gridworker.ui.photo_strip import PhotoStrip

    photos = tmp_path / "camera"
    photos.mkdir()
    picked = photos / "a.jpg"
    asked: list[str] = []

    def fake_dialog(_parent, _title, folder, _filter):
        asked.append(folder)
        return [str(picked)], ""

    monkeypatch.setattr(photo_strip.QFileDialog, "getOpenFileNames", staticmethod(fake_dialog))
    strip = PhotoStrip(workspace, tasks)
    qtbot.addWidget(strip)
    monkeypatch.setattr(strip, "add_paths", lambda paths: None)
    strip.pick_files()
    strip.pick_files()
    assert asked[0] == start_folder(None) and asked[1] == str(photos)
