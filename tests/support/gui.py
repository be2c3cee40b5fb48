"""Helpers for GUI tests that drive the main window against a real gridcenter (the fixtures
that use them are in tests/ui/conftest.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

SYNC_TIMEOUT = 60_000
"""How long a GUI test waits for a sync to finish (generous: no test fails on timing)."""


def type_chinese(widget: QWidget, text: str) -> None:
    """Commit text as a Chinese input method does (QTest cannot type CJK)."""
    for ch in text:
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)


def message_boxes() -> list[QMessageBox]:
    """The message boxes on screen, oldest first."""
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]  # fmt: skip


class BoxAnswerer:
    """Answers the next modal message box, which ``exec()`` would otherwise leave waiting
    for a person forever: clicks the button whose text contains ``button``, or presses
    ``key`` in it (Esc, Enter: what its escape and default buttons do). ``asked`` lists the
    texts of the boxes answered (at most one); polling stops after ``timeout_ms``."""

    def __init__(self, button: str | None = None, key: Qt.Key | None = None,
                 timeout_ms: int = 10_000) -> None:  # fmt: skip
        assert (button is None) != (key is None), "a button text or a key"
        self.button, self.key = button, key
        self.asked: list[str] = []
        self.buttons: list[str] = []  # the answered box's button texts
        self._left = max(1, timeout_ms // 10)
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        self._left -= 1
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            self._timer.stop()
            self.asked.append(box.text())
            self.buttons = [b.text() for b in box.buttons()]
            if self.key is not None:
                QTest.keyClick(box, self.key)
            else:
                (chosen,) = [b for b in box.buttons() if self.button in b.text()]
                chosen.click()
        elif self._left <= 0:
            self._timer.stop()

    def stop(self) -> None:
        self._timer.stop()
