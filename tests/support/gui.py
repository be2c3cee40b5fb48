"""Helpers for GUI tests that drive the main window against a real gridcenter (the fixtures
that use them are in tests/ui/conftest.py)."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
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
