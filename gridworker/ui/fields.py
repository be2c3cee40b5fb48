"""Small field widgets shared by the forms: inline messages, vocabulary combos, check lists.

Forms never pop up a dialog for a bad field: the message appears in red right under it, in
the words the domain rules chose (see ``gridworker.domain.rules``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtWidgets import QComboBox, QLabel, QListView, QSizePolicy, QWidget

from ..domain.vocab import Vocabulary

ModelIndex = QModelIndex | QPersistentModelIndex


def vocab_label(member: Vocabulary) -> str:
    """The user-visible label of a vocabulary member, through Qt's translator (context
    ``vocab``, disambiguated by the vocabulary: 女 is Female as a Sex, Daughter as a
    Relation)."""
    return QCoreApplication.translate("vocab", member.label, type(member).__name__)


class InlineMessage(QLabel):
    """A one-line (wrapping) message under a field: red for errors, grey for hints.

    Hidden while empty, so an untouched form has no gaps between fields.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.is_error = False
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(text, error=True)

    def show_hint(self, text: str) -> None:
        self._show(text, error=False)

    def clear_message(self) -> None:
        self.is_error = False
        self.setText("")
        self.hide()

    def _show(self, text: str, *, error: bool) -> None:
        if not text:
            self.clear_message()
            return
        self.is_error = error
        self.setStyleSheet("color: #c62828;" if error else "color: palette(mid);")
        self.setText(text)
        self.show()


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Outline a field in red (a second cue besides the message, for colour-blind users too:
    the message itself always says what is wrong)."""
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet("[invalid=\"true\"] { border: 1px solid #c62828; }" if invalid else "")


def vocab_combo(kind: type[Vocabulary], parent: QWidget | None = None,
                members: Sequence[Vocabulary] | None = None) -> QComboBox:
    """A combo box of ``kind``'s members; item data is the stored code."""
    combo = QComboBox(parent)
    for member in members if members is not None else list(kind):
        combo.addItem(vocab_label(member), member.value)
    return combo


def select_code(combo: QComboBox, code: str | None) -> bool:
    """Select the item whose data is ``code``; False (selection unchanged) if there is none."""
    if code is None:
        return False
    index = combo.findData(str(code))
    if index < 0:
        return False
    combo.setCurrentIndex(index)
    return True


class VocabCheckModel(QAbstractListModel):
    """A checkable list of vocabulary members (关爱对象, 特殊人群 …).

    Display text is the translated label; ``Qt.UserRole`` is the stored code.
    """

    def __init__(self, members: Iterable[Vocabulary], parent: Any = None):
        super().__init__(parent)
        self._members = list(members)
        self._checked: set[str] = set()

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._members)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._members):
            return None
        member = self._members[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return vocab_label(member)
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = member.value in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.UserRole:
            return member.value
        return None

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        if not 0 <= index.row() < len(self._members):
            return False
        code = self._members[index.row()].value
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        if state == Qt.CheckState.Checked:
            self._checked.add(code)
        else:
            self._checked.discard(code)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    # -- plain API -------------------------------------------------------------------------
    def checked_codes(self) -> list[str]:
        """Checked codes, in vocabulary order."""
        return [m.value for m in self._members if m.value in self._checked]

    def set_checked_codes(self, codes: Iterable[str]) -> None:
        wanted = {str(c) for c in codes}
        if wanted == self._checked:
            return
        self._checked = wanted & {m.value for m in self._members}
        if self._members:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._members) - 1),
                [Qt.ItemDataRole.CheckStateRole],
            )


class CheckListView(QListView):
    """Shows a :class:`VocabCheckModel` as wrapping rows of check boxes.

    One tab stop for the whole list: arrow keys move, Space toggles.
    """

    def __init__(self, model: VocabCheckModel, parent: QWidget | None = None, rows: int = 2):
        super().__init__(parent)
        self.setModel(model)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # No selection highlight: a highlighted entry reads as "chosen"; the tick is the state.
        self.setSelectionMode(QListView.SelectionMode.NoSelection)
        self._rows = rows
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if model.rowCount():
            # Columns as wide as the longest label (严重精神障碍), so nothing is elided.
            widest = max(self.sizeHintForIndex(model.index(r)).width()
                         for r in range(model.rowCount()))
            self.setGridSize(QSize(widest + 12, self.sizeHintForRow(0) + 4))
            self.setCurrentIndex(model.index(0))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        row = self.gridSize().height() if self.model().rowCount() else 24
        frame = 2 * self.frameWidth()
        return QSize(hint.width(), row * self._rows + frame + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())
