"""Small field widgets shared by the forms: inline messages, vocabulary combos, check lists.

Forms never pop up a dialog for a bad field: the message appears in red right under it, in
the words the domain rules chose (see ``gridworker.domain.rules``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListView,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.codes import UnknownCode
from ..domain.entities import Finding
from ..domain.errors import GridworkerError, ValidationError
from ..domain.vocab import FindingKind, Vocabulary
from .messages import error_text

ModelIndex = QModelIndex | QPersistentModelIndex


def vocab_label(member: Vocabulary | UnknownCode) -> str:
    """The user-visible label of a vocabulary member, through Qt's translator (context
    ``vocab``, disambiguated by the vocabulary: 女 is Female as a Sex, Daughter as a
    Relation); an unknown code is shown as itself."""
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


def check_field(edit: QLineEdit, message: InlineMessage, rule: Callable[[str], Any]) -> bool:
    """Run a domain rule (``normalize_optional_phone`` …) on the field's text: its message
    under the field and a red outline when it refuses, both cleared when it accepts."""
    try:
        rule(edit.text())
    except GridworkerError as exc:
        message.show_error(error_text(exc))
        mark_invalid(edit, True)
        return False
    message.clear_message()
    mark_invalid(edit, False)
    return True


def show_field_errors(
    errors: Mapping[str, ValidationError],
    targets: Mapping[str, tuple[InlineMessage, QWidget]],
    general: InlineMessage,
) -> QWidget | None:
    """A service's ``InvalidInput.errors`` under their fields (``targets``: field name ->
    (message, widget)); errors of other fields go to ``general``. Returns the first field
    marked, to put the focus on."""
    first: QWidget | None = None
    rest: list[str] = []
    for field, error in errors.items():
        if field in targets:
            message, widget = targets[field]
            message.show_error(error_text(error))
            mark_invalid(widget, True)
            first = first or widget
        else:
            rest.append(error_text(error))
    if rest:
        general.show_error("\n".join(rest))
    return first


def stacked(field: QWidget | QLayout, message: InlineMessage) -> QVBoxLayout:
    """A field with its message right under it (not in a spaced-out form row)."""
    column = QVBoxLayout()
    column.setSpacing(1)
    if isinstance(field, QWidget):
        column.addWidget(field)
    else:
        column.addLayout(field)
    column.addWidget(message)
    return column


def with_button(field: QWidget, button: QWidget) -> QHBoxLayout:
    """A field with a button (修改…, 更换…) at its right."""
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row


def button_row(left: Sequence[QWidget], right: Sequence[QWidget]) -> QHBoxLayout:
    """A dialog's buttons: ``left`` ones (迁出…, 户状态…) apart from ``right`` (取消, 保存)."""
    row = QHBoxLayout()
    for button in left:
        row.addWidget(button)
    row.addStretch(1)
    for button in right:
        row.addWidget(button)
    return row


def buddy_label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    """A form label whose mnemonic (``姓名(&N)：``) focuses ``buddy``."""
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


def vocab_combo(kind: type[Vocabulary], parent: QWidget | None = None,
                members: Sequence[Vocabulary] | None = None, *,
                blank: str | None = None) -> QComboBox:
    """A combo box of ``kind``'s members; item data is the stored code. ``blank``: the text
    of a first item meaning "not recorded" (code ""), for fields the schema lets be blank."""
    combo = QComboBox(parent)
    if blank is not None:
        combo.addItem(blank, "")
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


class FindingsEditor(QWidget):
    """发现事项: a check box per finding kind, each with an optional explanation, two per row
    (the visit form and the correction form). Typing an explanation ticks its box."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        self.checks: dict[str, QCheckBox] = {}
        self.texts: dict[str, QLineEdit] = {}
        for position, kind in enumerate(FindingKind):
            check = QCheckBox(vocab_label(kind), self)
            text = QLineEdit(self)
            text.setPlaceholderText(self.tr("说明（可选）"))
            text.setAccessibleName(self.tr("{0}说明").format(vocab_label(kind)))
            text.textEdited.connect(lambda value, c=check: value.strip() and c.setChecked(True))
            row, column = divmod(position, 2)
            grid.addWidget(check, row, column * 2)
            grid.addWidget(text, row, column * 2 + 1)
            self.checks[kind.value] = check
            self.texts[kind.value] = text
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.message = InlineMessage(self)
        grid.addWidget(self.message, grid.rowCount(), 0, 1, 4)

    def widgets(self) -> list[QWidget]:
        """In tab order: each box, then its explanation."""
        return [w for code in self.checks for w in (self.checks[code], self.texts[code])]

    def values(self) -> list[dict[str, str]]:
        """The ticked findings as ``{"kind", "text"}`` (what the visit services take)."""
        return [
            {"kind": code, "text": self.texts[code].text().strip()}
            for code, check in self.checks.items()
            if check.isChecked()
        ]

    def set_findings(self, findings: Iterable[Finding]) -> None:
        given = {f.kind.value: f.text for f in findings}
        for code, check in self.checks.items():
            check.setChecked(code in given)
            self.texts[code].setText(given.get(code, ""))


def duration_spin(parent: QWidget | None = None) -> QSpinBox:
    """A visit's duration in minutes, 0 shown as 未填 (not given)."""
    spin = QSpinBox(parent)
    spin.setRange(0, 24 * 60)
    spin.setSingleStep(5)
    spin.setSuffix(QCoreApplication.translate("fields", " 分钟"))
    spin.setSpecialValueText(QCoreApplication.translate("fields", "未填"))
    return spin


class OutcomeEditor(QWidget):
    """处理结果: 当场解决, and 需要跟进 with its date (enabled while ticked; ticking it moves a
    date in the past to a week from today)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.resolved = QCheckBox(self.tr("当场解决(&R)"), self)
        self.follow_up = QCheckBox(self.tr("需要跟进(&F)："), self)
        self.follow_up_date = QDateEdit(self)
        self.follow_up_date.setDisplayFormat("yyyy-MM-dd")
        self.follow_up_date.setCalendarPopup(True)
        self.follow_up_date.setEnabled(False)
        self.follow_up_date.setAccessibleName(self.tr("跟进日期"))
        self.follow_up.toggled.connect(self._toggled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.resolved)
        row.addSpacing(24)
        row.addWidget(self.follow_up)
        row.addWidget(self.follow_up_date)
        row.addStretch(1)

    def widgets(self) -> list[QWidget]:
        return [self.resolved, self.follow_up, self.follow_up_date]

    def follow_up_on(self) -> date | None:
        """The follow-up date when 需要跟进 is ticked, else None."""
        if not self.follow_up.isChecked():
            return None
        return self.follow_up_date.date().toPython()  # type: ignore[return-value]

    def set_outcome(self, resolved: bool, follow_up: date | None) -> None:
        """Show a saved outcome as it is (a follow-up date in the past stays)."""
        self.resolved.setChecked(resolved)
        self.follow_up.setChecked(follow_up is not None)
        if follow_up is not None:
            self.follow_up_date.setDate(QDate(follow_up.year, follow_up.month, follow_up.day))
        else:
            self.follow_up_date.setDate(QDate.currentDate().addDays(7))

    def _toggled(self, on: bool) -> None:
        self.follow_up_date.setEnabled(on)
        if on and self.follow_up_date.date() < QDate.currentDate():
            self.follow_up_date.setDate(QDate.currentDate().addDays(7))
