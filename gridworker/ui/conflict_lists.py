"""The conflict centre's lists and boxes: read-only lists over the snapshot models of
``conflict_models`` (the current row kept across a refill), the framed value boxes and the
choice buttons."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeView,
    QWidget,
)

from .columns import size_columns
from .conflict_models import ID_ROLE, SnapshotListModel


class SnapshotList(QTreeView):
    """A read-only list of one :class:`SnapshotListModel`, one row selected at a time.
    ``current_changed`` is emitted when the worker moves to another row (not by ``refill``)."""

    current_changed = Signal()

    def __init__(self, parent: QWidget, name: str, model: SnapshotListModel):
        super().__init__(parent)
        self._refilling = False
        self.setObjectName(name)
        self.setModel(model)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.header().setStretchLastSection(False)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.header().setDefaultAlignment(left)

    def snapshots(self) -> SnapshotListModel:
        model = self.model()
        assert isinstance(model, SnapshotListModel)
        return model

    def current_key(self) -> str | None:
        """The id of the current row's snapshot, if there is a current row."""
        index = self.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def refill(self, rows: Iterable[Any]) -> None:
        """Replace the rows, keeping the current one where it still exists (else the row at
        the same place, else the first)."""
        model = self.snapshots()
        current = self.currentIndex()
        keep = current.data(ID_ROLE) if current.isValid() else None
        row_before = current.row() if current.isValid() else 0
        self._refilling = True
        try:
            model.set_rows(rows)
            row = model.row_of(keep) if keep is not None else -1
            if row < 0 and model.rowCount():
                row = min(max(row_before, 0), model.rowCount() - 1)
            if row >= 0:
                self.setCurrentIndex(model.index(row, 0))
        finally:
            self._refilling = False

    def currentChanged(
        self, current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:  # fmt: skip
        super().currentChanged(current, previous)
        if not self._refilling:
            self.current_changed.emit()


def size_tree_columns(tree: QTreeView, samples: dict[int, str], stretch: int) -> None:
    size_columns(tree, {column: [sample] for column, sample in samples.items()}, stretch)


def value_box(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setMargin(6)
    label.setMinimumWidth(150)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def choice_button(parent: QWidget, name: str, text: str, tip: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setAutoDefault(False)  # Enter in a list or field never decides anything
    return button
