"""Column widths that fit the current language: the header text, and typical values.

Widths were once fixed numbers measured on Chinese text; an English header such as
"Relation to head" or a value such as "Grandchild" was then cut off. Every table sizes its
columns here instead, from the translated header and samples of what the column shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QTableView,
    QTreeView,
    QWidget,
)

CELL_PAD = 18
"""Room around a cell's text (the item's margins and the grid line)."""


def header_text(view: QTableView | QTreeView, column: int) -> str:
    model = view.model()
    if model is None:
        return ""
    value = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    return str(value or "")


def header_width(view: QTableView | QTreeView, column: int) -> int:
    """The width the header section needs to show its text whole: the text, the style's
    margins and, when the view sorts, the sort arrow."""
    header = _header(view)
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    arrow = 0
    if header.isSortIndicatorShown() or getattr(view, "isSortingEnabled", lambda: False)():
        arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
    text = header.fontMetrics().horizontalAdvance(header_text(view, column))
    return text + 2 * margin + arrow + 4


def widest(view: QTableView | QTreeView, samples: Iterable[str]) -> int:
    """The width of the widest sample in the view's font, with the cell's padding."""
    fm = view.fontMetrics()
    return max((fm.horizontalAdvance(s) for s in samples), default=0) + CELL_PAD


def size_columns(
    view: QTableView | QTreeView,
    widths: Mapping[int, int | Iterable[str]],
    stretch: int | None = None,
) -> None:
    """Give each column the larger of its header's width and its samples' (or a width in
    pixels); ``stretch`` takes the space left over, but never gets narrower than its own
    header and samples: when the view is too narrow for all columns it scrolls instead
    (Qt's Stretch mode would squeeze that column down to a few pixels)."""
    header = _header(view)
    for column, want in widths.items():
        width = want if isinstance(want, int) else widest(view, want)
        header.resizeSection(column, max(width, header_width(view, column)))
    if stretch is not None:
        header.setStretchLastSection(False)
        _StretchKeeper(view, header, stretch, header.sectionSize(stretch))


class _StretchKeeper(QObject):
    """Widens column ``stretch`` to fill the viewport whenever it or another column changes
    size, down to ``least`` pixels."""

    def __init__(self, view: QAbstractItemView, header: QHeaderView, stretch: int, least: int):
        super().__init__(view)
        self._view, self._header, self._stretch, self._least = view, header, stretch, least
        self._busy = False
        view.viewport().installEventFilter(self)
        header.sectionResized.connect(self._section_resized)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if column != self._stretch:
            self.fit()

    def fit(self) -> None:
        if self._busy:
            return
        header = self._header
        others = sum(
            header.sectionSize(c) for c in range(header.count())
            if c != self._stretch and not header.isSectionHidden(c)
        )  # fmt: skip
        room = self._view.viewport().width() - others
        self._busy = True
        try:
            header.resizeSection(self._stretch, max(self._least, room))
        finally:
            self._busy = False


def _header(view: QTableView | QTreeView) -> QHeaderView:
    return view.horizontalHeader() if isinstance(view, QTableView) else view.header()


def list_table(parent: QWidget, name: str, *, row_padding: int = 8) -> QTableView:
    """A read-only list: whole rows selected one at a time, no grid of editors, no row
    numbers, left-aligned headers; rows as tall as the font plus ``row_padding``."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + row_padding)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view

