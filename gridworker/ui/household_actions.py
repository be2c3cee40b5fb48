"""What the 户 menu and the resident context menu do beyond editing a resident: add and edit
a household, set its state (moved out 已迁出, vacant 空置, back to normal), and remove a
resident entered by mistake.

Every change goes through a ``Workspace`` service, which writes the row and its journal entry
(and, for a removal, the audit event with the reason) in one transaction; the window then
refreshes and asks the SyncController to sync, as after any other save.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..api import Household, InvalidInput, Resident, Workspace
from ..domain.vocab import DwellingType, HouseholdStatus
from .draft_keeper import bound_to
from .errors import show_error
from .fields import (
    InlineMessage,
    buddy_label,
    button_row,
    mark_invalid,
    show_field_errors,
    stacked,
    vocab_combo,
    vocab_label,
)
from .tasks import TaskRunner

if TYPE_CHECKING:
    from .household_editor import HouseholdEditor

NORMAL, VACANT, MOVED_OUT = "normal", "vacant", "moved_out"
_LIVED_IN = [d for d in DwellingType if d is not DwellingType.VACANT]


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class HouseholdStatusDialog(QDialog):
    """Choose 正常 / 空置 / 已迁出 for one household; says what each one means.

    空置 is the dwelling type (the household stays on the roster and is still visited);
    已迁出 is the household's status (kept with its history, no more visit reminders).
    """

    def __init__(self, household: Household, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("householdStatusDialog")
        self.household = household
        self.setWindowTitle(self.tr("户状态"))
        heading = _bold(QLabel(household.address or self.tr("（未填写地址）"), self))
        self.current = QLabel(self.tr("当前：{0}").format(self._state_text()), self)

        self.normal = QRadioButton(self.tr("正常在册，有人居住(&N)"), self)
        self.vacant = QRadioButton(self.tr("房屋空置(&V)"), self)
        self.moved_out = QRadioButton(self.tr("全户已迁出(&O)"), self)
        self.choices = QButtonGroup(self)
        for button, code in ((self.normal, NORMAL), (self.vacant, VACANT),
                             (self.moved_out, MOVED_OUT)):
            button.setProperty("choice", code)
            self.choices.addButton(button)
        self.dwelling = vocab_combo(DwellingType, self, members=_LIVED_IN)
        self.dwelling_label = buddy_label(self.tr("房屋类型(&T)："), self.dwelling, self)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setObjectName("statusExplanation")

        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = QPushButton(self.tr("确认修改"), self)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)

        dwelling_row = QFormLayout()
        dwelling_row.setContentsMargins(24, 0, 0, 0)
        dwelling_row.addRow(self.dwelling_label, self.dwelling)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.current)
        layout.addSpacing(6)
        layout.addWidget(self.normal)
        layout.addLayout(dwelling_row)
        layout.addWidget(self.vacant)
        layout.addWidget(self.moved_out)
        layout.addSpacing(6)
        layout.addWidget(self.explanation)
        layout.addStretch(1)
        layout.addLayout(button_row((), (self.cancel_button, self.ok_button)))

        buttons: dict[str | None, QRadioButton] = {
            NORMAL: self.normal, VACANT: self.vacant, MOVED_OUT: self.moved_out
        }
        buttons.get(self.current_choice(), self.normal).setChecked(True)
        self.choices.buttonToggled.connect(lambda *_: self._update())
        self._update()
        self.resize(480, self.sizeHint().height())

    def _state_text(self) -> str:
        h = self.household
        if h.status is not HouseholdStatus.ACTIVE:
            return vocab_label(h.status)
        return self.tr("在册 · {0}").format(vocab_label(h.dwelling_type))

    def current_choice(self) -> str | None:
        h = self.household
        if h.status is HouseholdStatus.MOVED_OUT:
            return MOVED_OUT
        if h.status is not HouseholdStatus.ACTIVE:
            return None  # 已注销 (the centre's): none of the three
        return VACANT if h.dwelling_type is DwellingType.VACANT else NORMAL

    def choice(self) -> str:
        button = self.choices.checkedButton()
        return str(button.property("choice")) if button else NORMAL

    def changes(self) -> tuple[HouseholdStatus | None, DwellingType | None]:
        """(new status, new dwelling type); None where nothing changes."""
        h, choice = self.household, self.choice()
        if choice == MOVED_OUT:
            return (None if h.status is HouseholdStatus.MOVED_OUT else HouseholdStatus.MOVED_OUT,
                    None)
        status = None if h.status is HouseholdStatus.ACTIVE else HouseholdStatus.ACTIVE
        if choice == VACANT:
            return status, None if h.dwelling_type is DwellingType.VACANT else DwellingType.VACANT
        dwelling = None
        if h.dwelling_type is DwellingType.VACANT:
            dwelling = DwellingType(self.dwelling.currentData())
        return status, dwelling

    def _update(self) -> None:
        choice = self.choice()
        from_vacant = self.household.dwelling_type is DwellingType.VACANT
        self.dwelling.setVisible(choice == NORMAL and from_vacant)
        self.dwelling_label.setVisible(choice == NORMAL and from_vacant)
        self.explanation.setText({
            NORMAL: self.tr("有人居住，按期走访。"),
            VACANT: self.tr("房屋暂时无人居住：户仍在册，走访提醒照常（可上门查看房屋情况）。"),
            MOVED_OUT: self.tr(
                "全户已迁走：户、居民和走访记录都保留，不再提醒走访。"
                "居民的状态不会自动改变，需要时请在“编辑居民”中逐一标记迁出。"
            ),
        }[choice])
        self.ok_button.setEnabled(self.changes() != (None, None))


class RemoveResidentDialog(QDialog):
    """Remove a resident entered by mistake: says what happens, requires a reason.

    Not for someone who moved away or died: those keep their record (迁出 / 死亡 in the
    resident editor, which 改为迁出或死亡… opens).
    """

    removed = Signal(str, str)  # household id, resident id
    mark_instead = Signal(str)  # resident id: open the resident editor instead

    def __init__(
        self, workspace: Workspace, tasks: TaskRunner, resident: Resident,
        parent: QWidget | None = None, *, is_head: bool = False,
    ):
        super().__init__(parent)
        self.setObjectName("removeResidentDialog")
        self._workspace, self._tasks, self.resident = workspace, tasks, resident
        self.setWindowTitle(self.tr("删除误录居民"))
        heading = _bold(QLabel(self.tr("删除“{0}”的登记记录？").format(resident.name), self))
        self.what = QLabel(self.tr(
            "只用于录入错误，例如重复登记、登记到了别的户。删除后本机立即移除此人，"
            "下次同步时平台上也会删除；谁在何时以什么理由删除，记入审计日志。"
        ), self)
        self.what.setWordWrap(True)
        self.not_for = QLabel(self.tr(
            "如果此人是迁走或去世，请不要删除：改为标记“迁出”或“死亡”，保留其记录和走访历史。"
        ), self)
        self.not_for.setWordWrap(True)
        self.not_for.setStyleSheet("color: #8a5a00;")
        self.head_note = QLabel(self.tr(
            "此人登记为本户户主：删除后本户暂无户主，可在“编辑户”中另选一位。"
        ), self)
        self.head_note.setWordWrap(True)
        self.head_note.setVisible(is_head)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("removeReason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("如 与三组5号重复登记"))
        self.reason_message = InlineMessage(self)
        self.general_message = InlineMessage(self)

        self.mark_button = QPushButton(self.tr("改为迁出或死亡(&M)…"), self)
        self.mark_button.setToolTip(self.tr("打开居民信息，标记迁出或死亡"))
        self.mark_button.clicked.connect(self._mark_instead)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.clicked.connect(self.reject)
        self.delete_button = QPushButton(self.tr("删除(&D)"), self)
        self.delete_button.setDefault(True)  # the reason is the safeguard, not the button
        self.delete_button.clicked.connect(self.remove)

        form = QFormLayout()
        form.addRow(buddy_label(self.tr("删除原因(&R)："), self.reason, self),
                    stacked(self.reason, self.reason_message))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.what)
        layout.addWidget(self.not_for)
        layout.addWidget(self.head_note)
        layout.addLayout(form)
        layout.addWidget(self.general_message)
        layout.addStretch(1)
        layout.addLayout(
            button_row((self.mark_button,), (self.cancel_button, self.delete_button))
        )
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(520, self.sizeHint().height())

    def remove(self) -> None:
        self.reason_message.clear_message()
        self.general_message.clear_message()
        mark_invalid(self.reason, False)
        workspace, resident, reason = self._workspace, self.resident, self.reason.text()
        self.delete_button.setEnabled(False)
        self._tasks.run(
            lambda: workspace.delete_resident(resident.id, reason),
            on_success=bound_to(self, lambda _none: self._removed()),
            on_failure=bound_to(self, self._failed, fallback=self._tasks.on_error),
        )

    def _removed(self) -> None:
        self.accept()
        self.removed.emit(self.resident.household_id, self.resident.id)

    def _failed(self, exc: BaseException) -> None:
        self.delete_button.setEnabled(True)
        if not isinstance(exc, InvalidInput):
            show_error(self, exc, self.tr("未能删除"))
            return
        targets = {"reason": (self.reason_message, self.reason)}
        if show_field_errors(exc.errors, targets, self.general_message) is not None:
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def _mark_instead(self) -> None:
        self.reject()
        self.mark_instead.emit(self.resident.id)


class HouseholdActions(QObject):
    """The household use cases behind the window's actions (one editor, reused)."""

    saved = Signal(str, bool)  # household id, open the resident editor for its first resident
    resident_removed = Signal(str)  # household id
    edit_resident_requested = Signal(str)  # resident id

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget):
        super().__init__(parent)
        self._workspace, self._tasks, self._window = workspace, tasks, parent
        self._editor: HouseholdEditor | None = None
        self.status_dialog: HouseholdStatusDialog | None = None
        self.remove_dialog: RemoveResidentDialog | None = None

    def editor(self) -> HouseholdEditor:
        if self._editor is None:
            from .household_editor import HouseholdEditor  # loaded on first use

            self._editor = HouseholdEditor(self._workspace, self._tasks, self._window)
            self._editor.saved.connect(self.saved)
            self._editor.status_requested.connect(self.change_status)
        return self._editor

    def new_household(self, grid_id: str | None = None) -> HouseholdEditor:
        editor = self.editor()
        editor.new_household(grid_id)
        return editor

    def edit_household(self, household_id: str) -> HouseholdEditor:
        editor = self.editor()
        editor.edit_household(household_id)
        return editor

    def change_status(self, household_id: str) -> None:
        """Read the household, then ask (window-modal) which state it is in now."""
        workspace = self._workspace
        self._tasks.run(
            lambda: workspace.household(household_id).household,
            on_success=bound_to(self, self._ask_status),
        )

    def _ask_status(self, household: Household) -> None:
        editor = self._editor
        parent = editor if editor is not None and editor.isVisible() else self._window
        dialog = HouseholdStatusDialog(household, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply_status(household.id, *dialog.changes()))
        self.status_dialog = dialog
        dialog.open()

    def _apply_status(
        self, household_id: str, status: HouseholdStatus | None, dwelling: DwellingType | None
    ) -> None:
        workspace = self._workspace

        def work() -> Household:
            if dwelling is not None:
                workspace.update_household(household_id, dwelling_type=dwelling.value)
            if status is not None:
                workspace.set_household_status(household_id, status)
            return workspace.household(household_id).household

        self._tasks.run(work, on_success=bound_to(self, self._status_set))

    def _status_set(self, household: Household) -> None:
        editor = self._editor
        if editor is not None and editor.household_id == household.id:
            editor.show_status(household.status, household.dwelling_type)
        self.saved.emit(household.id, False)

    def remove_resident(self, resident_id: str) -> None:
        """Read the resident, then ask (window-modal) for the reason of the removal."""
        workspace = self._workspace

        def read() -> tuple[Resident, bool]:
            resident = workspace.resident(resident_id)
            head = workspace.household(resident.household_id).household.head_resident_id
            return resident, head == resident.id

        self._tasks.run(read, on_success=bound_to(self, lambda r: self._ask_removal(*r)))

    def _ask_removal(self, resident: Resident, is_head: bool) -> None:
        dialog = RemoveResidentDialog(
            self._workspace, self._tasks, resident, self._window, is_head=is_head
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.removed.connect(lambda household_id, _rid: self.resident_removed.emit(household_id))
        dialog.mark_instead.connect(self.edit_resident_requested)
        self.remove_dialog = dialog
        dialog.open()


__all__ = ["HouseholdActions", "HouseholdStatusDialog", "RemoveResidentDialog"]
