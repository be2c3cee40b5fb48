"""Window geometry: every form usable on a township laptop, the window where it was last time.

The offscreen platform has one 800×800 screen for the whole test session, so the laptops'
screens are played by replacing ``window_geometry.available_area`` (what the windows ask
for their screen's available area) with 1366×768, 1280×720 or 1024×768 less a 40 px
taskbar. The new window must open inside that area; then it is set to fill the area
exactly (the worst case: the window as big as it can be there, no bigger) and every input
field of the visit form and of the resident editor must be on screen, directly or after
its scroll area scrolled to it, with 保存 and 取消/关闭 and the status bar on screen without
scrolling. The app's stylesheet is applied, and one household has a long address (the
form titles show it).

(``QT_QPA_PLATFORM=offscreen:configfile=screens.json`` could give the session a 1366×768
screen, but only one size per process and with no taskbar.) Qt's own ``restoreGeometry``
still checks against the real 800×800 screen, so the remembering tests save geometries
inside it and play a smaller screen only for the restore.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTextEdit,
    QWidget,
)

from gridworker.api import Workspace
from gridworker.app import _load_stylesheet, install_translations
from gridworker.domain.entities import Resident
from gridworker.domain.vocab import ResidentStatus
from gridworker.ui import window_geometry
from gridworker.ui.main_window import MainWindow
from gridworker.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui

TASKBAR = 40
# 详细地址 may be 200 characters; rural ones say how to find the door.
LONG_ADDRESS = "童周岭村委会东侧自建房二单元三楼（原五里界供销社职工宿舍），沿水泥路到底左转第三户"
INPUTS = (
    QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton,
    QAbstractItemView,
)  # fmt: skip


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[None]:
    """The app's own stylesheet (paddings, the 18 px title), as the real app has it."""
    _load_stylesheet(qapp)
    try:
        yield
    finally:
        qapp.setStyleSheet("")


def play_screen(monkeypatch: pytest.MonkeyPatch, area: QRect) -> None:
    monkeypatch.setattr(window_geometry, "available_area", lambda _widget: QRect(area))


def frame_of(window: QWidget) -> QRect:
    return window.frameGeometry()


def fill(window: QWidget, area: QRect) -> QSize:
    """Make ``window``, frame included, exactly as big as ``area``; returns its inner size."""
    room = area.marginsRemoved(window_geometry.frame_margins(window))
    window.setGeometry(room)
    QApplication.processEvents()
    assert frame_of(window) == area
    return room.size()


def settle() -> None:
    for _ in range(3):  # layout requests post further layout requests
        QApplication.processEvents()


def on_screen_part(widget: QWidget, window: QWidget) -> tuple[QRect, QRect]:
    """``widget``'s rectangle in ``window``'s coordinates, and the part of the window that
    its ancestors (scroll viewports, splitter panes, the window itself) leave visible."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    visible = window.rect()
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        visible = visible.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect, visible


def fully_shown(widget: QWidget, window: QWidget) -> bool:
    rect, visible = on_screen_part(widget, window)
    return visible.contains(rect)


def scroll_areas_of(widget: QWidget, window: QWidget) -> list[QScrollArea]:
    """The scroll areas ``widget`` is inside, innermost first."""
    found = []
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            found.append(parent)
        parent = parent.parentWidget()
    return found


def scroll_to(area: QScrollArea, field: QWidget) -> None:
    """Scroll until all of ``field`` shows (``ensureWidgetVisible`` only brings a text
    field's cursor into view, not the field)."""
    contents = area.widget()
    rect = QRect(field.mapTo(contents, QPoint(0, 0)), field.size())
    centre = rect.center()
    area.ensureVisible(centre.x(), centre.y(), rect.width() // 2 + 1, rect.height() // 2 + 1)


def input_fields(form: QWidget, window: QWidget) -> list[QWidget]:
    """Every input on ``form`` the user can see (not the parts inside a combo or spin box)."""
    fields = []
    for widget in form.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or not widget.isVisibleTo(window):
            continue
        parent = widget.parentWidget()
        inner = False
        while parent is not None and parent is not form:
            inner = inner or isinstance(parent, INPUTS)
            parent = parent.parentWidget()
        if not inner:
            fields.append(widget)
    return fields


def describe(widget: QWidget, window: QWidget) -> str:
    text = getattr(widget, "text", None)
    name = widget.objectName() or widget.accessibleName() or (text() if callable(text) else "")
    rect, visible = on_screen_part(widget, window)
    return f"{type(widget).__name__} {name!r} at {rect.getRect()}, visible part {visible.getRect()}"


def unreachable(form: QWidget, window: QWidget) -> list[str]:
    """The inputs of ``form`` that are not on screen even after scrolling to them."""
    missing = []
    fields = input_fields(form, window)
    assert len(fields) >= 8, "the form's inputs were not found"
    for field in fields:
        for area in scroll_areas_of(field, window):
            scroll_to(area, field)
        if not fully_shown(field, window):
            missing.append(describe(field, window))
    return missing


def fits(size: QSize, room: QSize) -> bool:
    return size.width() <= room.width() and size.height() <= room.height()


def assert_fixed_and_shown(widgets: list[QWidget], window: QWidget) -> None:
    """Buttons and status bar: on screen and outside any scroll area (never scrolled away)."""
    for widget in widgets:
        assert widget.isVisibleTo(window), describe(widget, window)
        assert not scroll_areas_of(widget, window), f"scrolls away: {describe(widget, window)}"
        assert fully_shown(widget, window), f"off screen: {describe(widget, window)}"


def a_resident(workspace: Workspace, household_id: str) -> Resident:
    """A resident of the household with an ID number and a phone (both masked in the form)."""
    residents = workspace.household(household_id).residents
    return next(
        r for r in residents if r.citizen_id and r.phone and r.status is ResidentStatus.ACTIVE
    )


def a_household(workspace: Workspace) -> str:
    for summary in workspace.households():
        residents = workspace.household(summary.id).residents
        if any(r.citizen_id and r.phone and r.status is ResidentStatus.ACTIVE for r in residents):
            workspace.update_household(summary.id, address_detail=LONG_ADDRESS)
            return summary.id
    raise AssertionError("the demo village has no household with a phone on file")


@pytest.mark.parametrize(
    ("width", "height", "language"),
    [
        pytest.param(1366, 768, "zh_CN", id="1366x768"),
        pytest.param(1280, 720, "zh_CN", id="1280x720"),
        pytest.param(1280, 720, "en", id="1280x720-english"),
        pytest.param(1024, 768, "zh_CN", id="1024x768"),
        pytest.param(1024, 768, "en", id="1024x768-english"),
    ],
)
def test_forms_fit_a_laptop_screen(
    qtbot, qapp, monkeypatch, styled, workspace: Workspace, tasks: TaskRunner,
    width: int, height: int, language: str,
) -> None:  # fmt: skip
    area = QRect(0, 0, width, height - TASKBAR)
    play_screen(monkeypatch, area)
    translators = install_translations(qapp, language) if language == "en" else []
    try:
        household_id = a_household(workspace)
        resident = a_resident(workspace, household_id)
        window = MainWindow(workspace, tasks)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.ready, timeout=10_000):
            window.start()
        assert area.contains(frame_of(window)), (
            f"opens at {frame_of(window).getRect()} on a screen of {area.getRect()}"
        )
        bar = window.statusBar()
        assert area.contains(QRect(bar.mapToGlobal(QPoint(0, 0)), bar.size())), "status bar"

        room = fill(window, area)
        window.select_household(household_id)
        qtbot.waitUntil(lambda: window.detail.household_id == household_id, timeout=5000)
        window.new_visit_action.trigger()
        form = window.detail.visit_form()
        qtbot.waitUntil(form.isVisible)
        settle()
        assert fits(window.minimumSizeHint(), room), window.minimumSizeHint()
        assert frame_of(window) == area, "the visit form made the window bigger than the screen"
        assert_fixed_and_shown([form.save_button, form.close_button, window.statusBar()], window)
        assert unreachable(form, window) == []
        form.close_form()

        window.edit_resident(resident.id)
        editor = window.resident_editor()
        qtbot.waitUntil(lambda: editor.isVisible() and editor.name.text() == resident.name)
        settle()
        assert area.contains(frame_of(editor)), (
            f"editor at {frame_of(editor).getRect()} on a screen of {area.getRect()}"
        )
        assert fits(editor.minimumSizeHint(), area.size()), editor.minimumSizeHint()
        assert frame_of(window) == area, "the editor made the window bigger than the screen"
        assert_fixed_and_shown([editor.save_button, editor.cancel_button], editor)
        assert unreachable(editor, editor) == []
        editor.close()

        centre = window.show_conflict_centre()
        settle()
        assert area.contains(frame_of(centre)), f"conflict centre at {frame_of(centre).getRect()}"
        centre.close()
        window.close()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def open_window(qtbot, workspace: Workspace, tasks: TaskRunner) -> MainWindow:
    window = MainWindow(workspace, tasks)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def detail_splitter(window: MainWindow) -> QSplitter:
    return window.detail.findChild(QSplitter, "detailListsSplitter")


def test_geometry_and_splitters_are_remembered(qtbot, workspace: Workspace, tasks: TaskRunner):
    household_id = workspace.households()[0].id
    first = open_window(qtbot, workspace, tasks)
    first.setGeometry(QRect(11, 33, 780, 560))  # inside the offscreen 800×800 screen
    first.select_household(household_id)
    qtbot.waitUntil(lambda: first.detail.household_id == household_id, timeout=5000)
    settle()
    defaults = first.splitter.sizes(), detail_splitter(first).sizes()
    for splitter in (first.splitter, detail_splitter(first)):
        total = sum(splitter.sizes())
        splitter.setSizes([total // 3, total - total // 3])  # dragged by the worker
    settle()
    sizes, lists = first.splitter.sizes(), detail_splitter(first).sizes()
    assert sizes != defaults[0] and lists != defaults[1]
    first.close()

    again = open_window(qtbot, workspace, tasks)
    again.select_household(household_id)
    qtbot.waitUntil(lambda: again.detail.household_id == household_id, timeout=5000)
    settle()
    assert again.geometry() == QRect(11, 33, 780, 560)
    assert again.splitter.sizes() == sizes
    assert detail_splitter(again).sizes() == lists
    again.close()


@pytest.mark.parametrize(
    "area",
    [QRect(0, 0, 640, 460), QRect(120, 90, 640, 460)],
    ids=["smaller-screen", "other-origin"],
)
def test_a_saved_geometry_too_big_for_this_screen_is_clamped(
    qtbot, monkeypatch, workspace: Workspace, tasks: TaskRunner, area: QRect
):
    first = open_window(qtbot, workspace, tasks)
    first.setGeometry(QRect(4, 30, 780, 760))  # saved on a bigger screen
    settle()
    first.close()

    play_screen(monkeypatch, area)  # now the laptop alone
    again = open_window(qtbot, workspace, tasks)
    settle()
    assert area.contains(frame_of(again)), f"{frame_of(again).getRect()} in {area.getRect()}"
    assert frame_of(again).width() >= area.width() - 20  # as big as it can, not tiny
    again.close()


def test_first_start_uses_the_designed_size_where_it_fits(
    qtbot, monkeypatch, workspace: Workspace, tasks: TaskRunner
):
    area = QRect(0, 0, 1920, 1040)
    play_screen(monkeypatch, area)
    window = open_window(qtbot, workspace, tasks)
    assert window.size() == window_geometry.PREFERRED_SIZE
    assert area.contains(frame_of(window))
    window.close()


def test_resident_editor_scrolls_on_a_short_screen(
    qtbot, monkeypatch, styled, workspace: Workspace, tasks: TaskRunner
):
    """Shorter than the editor (a netbook, or a bigger font): it shrinks to the screen, the
    fields scroll, 保存 and 取消 stay put."""
    area = QRect(0, 0, 1024, 330)
    play_screen(monkeypatch, area)
    household_id = a_household(workspace)
    resident = a_resident(workspace, household_id)
    window = open_window(qtbot, workspace, tasks)
    window.edit_resident(resident.id)
    editor = window.resident_editor()
    qtbot.waitUntil(lambda: editor.isVisible() and editor.name.text() == resident.name)
    settle()
    assert area.contains(frame_of(editor)), f"{frame_of(editor).getRect()} in {area.getRect()}"
    scroll = editor.findChild(QScrollArea)
    assert scroll is not None and scroll.verticalScrollBar().isVisible()
    assert_fixed_and_shown([editor.save_button, editor.cancel_button], editor)
    assert not fully_shown(editor.note, editor)  # below the fold until scrolled to
    assert unreachable(editor, editor) == []
    editor.close()
    window.close()
