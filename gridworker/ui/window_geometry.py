"""Where a window opens and how big: within the screen it is on, and as it was last time.

A township laptop has 1366×768 (less the taskbar), an office monitor more, and a laptop
that used to sit beside a second monitor may not have it today. The main window opens at its
designed size where that fits and never larger than the screen's available area (without
the taskbar); its geometry and splitter positions are kept in the app's QSettings and come
back clamped into whatever screen there is now. Dialogs call :func:`keep_on_screen` when
they show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMargins,
    QObject,
    QPoint,
    QRect,
    QSettings,
    QSize,
    QTimer,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QSplitter, QWidget

PREFERRED_SIZE = QSize(1280, 800)
"""The main window's designed size, used where the screen has room for it."""

FRAME_GUESS = QMargins(8, 31, 8, 8)
"""Title bar and borders, assumed until the window system has framed the window (Windows 10
at 100 %: 31 px caption, 8 px (partly invisible) resize borders)."""


def available_area(widget: QWidget) -> QRect:
    """The available geometry (screen less taskbar and docks) of the screen ``widget`` is on,
    or opens on (the tests replace this to play a 1366×768 laptop)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_margins(window: QWidget) -> QMargins:
    """The window frame's thickness on each side: measured once shown, else a guess."""
    frame, inner = window.frameGeometry(), window.geometry()
    if window.isVisible() and frame != inner:
        return QMargins(
            inner.left() - frame.left(),
            inner.top() - frame.top(),
            frame.right() - inner.right(),
            frame.bottom() - inner.bottom(),
        )
    return QMargins(FRAME_GUESS)


def fit_into(rect: QRect, area: QRect) -> QRect:
    """``rect`` shrunk to fit ``area`` and moved into it, as little as possible."""
    size = rect.size().boundedTo(area.size())
    x = max(area.left(), min(rect.left(), area.left() + area.width() - size.width()))
    y = max(area.top(), min(rect.top(), area.top() + area.height() - size.height()))
    return QRect(QPoint(x, y), size)


def client_area(window: QWidget) -> QRect:
    """Where ``window``'s contents (inside its frame) may go on its screen."""
    return available_area(window).marginsRemoved(frame_margins(window))


def keep_on_screen(window: QWidget) -> None:
    """Shrink and move the top-level ``window``, frame included, into the available area."""
    if window.isMaximized() or window.isFullScreen():
        return
    geometry = window.geometry()
    fitted = fit_into(geometry, client_area(window))
    if fitted != geometry:
        window.setGeometry(fitted)


def first_geometry(window: QWidget, preferred: QSize = PREFERRED_SIZE) -> QRect:
    """The designed size where it fits, else as much as the screen has; centred."""
    area = client_area(window)
    rect = QRect(QPoint(0, 0), preferred.boundedTo(area.size()))
    rect.moveCenter(area.center())
    return fit_into(rect, area)


def natural_height(window: QWidget, scroll: QScrollArea) -> int:
    """``window``'s height with all of ``scroll``'s contents showing, no scroll bar."""
    contents = scroll.widget()
    assert contents is not None
    wanted = contents.sizeHint().height()
    if window.isVisible():
        return window.height() + wanted - scroll.viewport().height()
    # Not laid out yet: the window's own hint, with the scroll area's (capped) hint replaced.
    hint = window.sizeHint().height() - scroll.sizeHint().height()
    return hint + wanted + 2 * scroll.frameWidth()


class GrowWithContents(QObject):
    """Grows the top-level ``window`` when the contents of its ``scroll`` area grow (an
    inline message appears), as far as the screen allows: the scroll bar is for a small
    screen, not for a message under a field."""

    def __init__(self, window: QWidget, scroll: QScrollArea):
        super().__init__(window)
        self._window, self._scroll = window, scroll
        self._pending = False
        contents = scroll.widget()
        assert contents is not None
        contents.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._grow)  # once laid out; not if closed first
        return False

    def _grow(self) -> None:
        self._pending = False
        window = self._window
        if not window.isVisible() or window.isMaximized() or window.isFullScreen():
            return
        wanted = min(natural_height(window, self._scroll), client_area(window).height())
        if wanted > window.height():
            window.resize(window.width(), wanted)
            keep_on_screen(window)


class GeometryKeeper(QObject):
    """Gives ``window`` its geometry and its ``splitters`` their sizes (remembered under
    ``key`` in ``settings()``, else the first-start size) and saves them when it closes.

    Splitters are remembered by object name, so each needs a distinct one.
    """

    def __init__(
        self,
        window: QWidget,
        settings: Callable[[], QSettings],
        key: str,
        splitters: Sequence[QSplitter] = (),
        preferred: QSize = PREFERRED_SIZE,
    ):
        super().__init__(window)
        self._window, self._settings, self._key = window, settings, key
        self._splitters = list(splitters)
        self._preferred = preferred
        self._shown = False
        for splitter in self._splitters:
            assert splitter.objectName(), "a remembered splitter needs an object name"
        window.installEventFilter(self)
        self.restore()

    def _splitter_key(self, splitter: QSplitter) -> str:
        return f"{self._key}/splitter_{splitter.objectName()}"

    def restore(self) -> None:
        settings = self._settings()
        window = self._window
        saved = _bytes(settings.value(f"{self._key}/geometry"))
        if saved is not None and window.restoreGeometry(saved):
            keep_on_screen(window)  # saved on a bigger screen, or on one that is gone
        else:
            window.setGeometry(first_geometry(window, self._preferred))
        for splitter in self._splitters:
            state = _bytes(settings.value(self._splitter_key(splitter)))
            if state is not None:
                splitter.restoreState(state)

    def save(self) -> None:
        settings = self._settings()
        settings.setValue(f"{self._key}/geometry", self._window.saveGeometry())
        for splitter in self._splitters:
            settings.setValue(self._splitter_key(splitter), splitter.saveState())
        settings.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Show and not self._shown:
                self._shown = True
                keep_on_screen(self._window)  # now with the real frame
            elif event.type() == QEvent.Type.Close:
                self.save()
        return False


def _bytes(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, bytes | bytearray) and value:
        return QByteArray(bytes(value))
    return None


__all__ = [
    "GeometryKeeper",
    "GrowWithContents",
    "available_area",
    "first_geometry",
    "fit_into",
    "keep_on_screen",
    "natural_height",
]
