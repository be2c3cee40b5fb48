"""The conflict centre's lists and boxes: read-only tree lists filled from snapshots (the
current row kept across a refill), the framed value boxes and the choice buttons."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from .columns import size_columns

ID_ROLE = Qt.ItemDataRole.UserRole


def when(moment: datetime | None) -> str:
    """Stored times are naive local time: shown as date and HH:MM."""
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "—"


def list_tree(parent: QWidget, name: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    tree.header().setStretchLastSection(False)
    tree.header().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return tree


def size_tree_columns(tree: QTreeWidget, samples: dict[int, str], stretch: int) -> None:
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


def refill(tree: QTreeWidget, rows: list[tuple[str, list[str]]]) -> None:
    """Replace the rows, keeping the current one where it still exists."""
    current = tree.currentItem()
    keep = current.data(0, ID_ROLE) if current is not None else None
    row_before = tree.indexOfTopLevelItem(current) if current is not None else 0
    tree.blockSignals(True)
    try:
        tree.clear()
        chosen = None
        for key, texts in rows:
            item = QTreeWidgetItem(texts)
            item.setData(0, ID_ROLE, key)
            for column, text in enumerate(texts):
                item.setToolTip(column, text)
            tree.addTopLevelItem(item)
            if key == keep:
                chosen = item
        if chosen is None and tree.topLevelItemCount():
            chosen = tree.topLevelItem(min(max(row_before, 0), tree.topLevelItemCount() - 1))
        if chosen is not None:
            tree.setCurrentItem(chosen)
    finally:
        tree.blockSignals(False)
