"""Rows that wrap onto the next line when the pane is too narrow for them.

Forms put several short fields on one line (走访类型 · 开始时间 · 时长); at 1024 px, or with
the longer English labels, that line would be wider than the pane. :class:`FlowLayout` lays
its items out left to right and starts a new line where the next one does not fit, so the
form never needs to be wider than its widest single item. :class:`WrappingLabel` does the
same for a heading's text (a 200-character address must not widen the window).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items left to right, wrapping; ``spacing`` between items, ``line_spacing`` between
    lines (both in pixels)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 12, line_spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_spacing = line_spacing
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout -------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        visible = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in visible) + self._spacing * max(
            len(visible) - 1, 0
        )
        height = max((i.sizeHint().height() for i in visible), default=0)
        return _grow(QSize(width, height), self.contentsMargins())

    def minimumSize(self) -> QSize:
        """One item a line: as narrow as the widest item."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        return _grow(size, self.contentsMargins())

    # -- placing -------------------------------------------------------------------------
    def _place(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in ``rect`` (only measure unless ``move``); returns the height."""
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint().boundedTo(item.maximumSize()).expandedTo(item.minimumSize())
            width = min(hint.width(), max(area.width(), item.minimumSize().width()))
            if x > area.x() and x + width > area.x() + area.width():
                x, y = area.x(), y + line_height + self._line_spacing
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


class WrappingLabel(QLabel):
    """Plain text on one line where there is room, wrapped where there is not.

    A word-wrapping QLabel asks for a width of its own guessing and wraps even with room to
    spare; this one asks for the width of its text on one line.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        margins = self.contentsMargins()
        one_line = (
            self.fontMetrics().horizontalAdvance(self.text())
            + margins.left() + margins.right() + 2 * self.margin() + 1
        )  # fmt: skip
        return QSize(max(hint.width(), one_line), hint.height())


def field_group(parent: QWidget, *widgets: QWidget, spacing: int = 4) -> QWidget:
    """``widgets`` side by side in one box that a :class:`FlowLayout` keeps together (a
    label stays with its field)."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(spacing)
    for widget in widgets:
        row.addWidget(widget)
    return box


def _grow(size: QSize, margins: QMargins) -> QSize:
    return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())


__all__ = ["FlowLayout", "WrappingLabel", "field_group"]
