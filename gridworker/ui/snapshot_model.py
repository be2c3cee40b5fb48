"""The shared base of the small table models over immutable row snapshots.

A subclass names its column ``HEADERS``, holds its snapshots in ``self._rows`` (replaced
whole by ``set_rows``, or between ``beginResetModel``/``endResetModel``), returns a
translated header from ``header_text`` and implements ``data``. Counting rows and columns,
answering header requests and replacing the rows is the same for all of them, so it lives
here once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class SnapshotTableModel(QAbstractTableModel):
    HEADERS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Iterable[Any]) -> None:
        """Show ``rows`` (snapshots) instead of what the model held."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def header_text(self, section: int) -> str:
        """The translated header of column ``section``. Subclasses write it as
        ``_tr(<context>, self.HEADERS[section])`` so the translation script can see it."""
        raise NotImplementedError

    def has_row(self, index: Index) -> bool:
        return index.isValid() and 0 <= index.row() < len(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.header_text(section)
        return None
