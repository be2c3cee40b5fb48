"""Adding and editing a household 户: address, head of household, phone, dwelling, tags.

A new household goes into one of the worker's grids (a choice only when there are several).
Its head of household 户主 is the first resident added with the relation 户主 (the resident
editor offers that right after saving); later the head is chosen among the household's active
residents. The stored phone stays masked: the worker may replace it, never read it here (the
household pane reveals it, audited). What is typed is kept as a draft until saved; cancelling
with unsaved edits asks whether to keep or discard it (see :mod:`.form_dialog`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..api import Grid, Household, HouseholdDetail, Workspace, household_draft_key
from ..domain.codes import UnknownCode
from ..domain.masking import mask_phone
from ..domain.phone import normalize_optional_phone
from ..domain.vocab import DwellingType, HouseholdStatus, HouseholdTag, ResidentStatus
from .draft_keeper import DraftKeeper, bound_to
from .fields import (
    CheckListView,
    InlineMessage,
    VocabCheckModel,
    buddy_label,
    check_field,
    mark_invalid,
    select_code,
    stacked,
    vocab_combo,
    vocab_label,
    with_button,
)
from .form_dialog import FormDialog
from .tasks import TaskRunner

_TEXT_FIELDS = ("group_name", "door_number", "address_detail", "phone")


class HouseholdEditor(FormDialog):
    """Non-modal dialog: ``new_household()`` or ``edit_household(household_id)``.

    ``saved(household_id, add_resident)``: after a save; ``add_resident`` when a new
    household was saved with 保存后新增第一位居民 ticked. ``status_requested(household_id)``:
    the 户状态 button (moved out, vacant, back to normal), handled by the caller.
    """

    saved = Signal(str, bool)
    status_requested = Signal(str)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(workspace, tasks, parent)
        self._household_id: str | None = None
        self._opened_in: str | None = None  # the grid new_household() was asked for
        self._phone_masked = False
        self.setObjectName("householdEditor")
        self._build()
        self.keeper = DraftKeeper(workspace.drafts, tasks, self._draft_payload, parent=self)
        self.keeper.watch(
            self.grid, self.group_name, self.door_number, self.address_detail, self.head,
            self.phone, self.dwelling_type, self.tags_model,
        )  # fmt: skip

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.grid = QComboBox(self)
        self.grid.setObjectName("gridChoice")
        self.grid_message = InlineMessage(self)
        self.group_name = QLineEdit(self)
        self.group_name.setMaxLength(50)
        self.group_name.setPlaceholderText(self.tr("如 三组、幸福小区2栋"))
        self.door_number = QLineEdit(self)
        self.door_number.setMaxLength(50)
        self.door_number.setPlaceholderText(self.tr("如 12号、2单元301"))
        self.door_message = InlineMessage(self)
        self.address_detail = QLineEdit(self)
        self.address_detail.setMaxLength(200)
        self.address_detail.setPlaceholderText(self.tr("组别和门牌号之外的说明，如 村委会东侧"))

        self.head = QComboBox(self)
        self.head.setObjectName("headChoice")
        self.head_hint = QLabel(
            self.tr("保存后新增第一位居民，“与户主关系”选“户主”即登记为户主"), self
        )
        self.head_hint.setWordWrap(True)
        self.head_hint.setStyleSheet("color: palette(mid);")
        self.head_message = InlineMessage(self)

        self.phone = QLineEdit(self)
        self.phone.setMaxLength(30)
        self.phone.textChanged.connect(self._phone_changed)
        self.phone.editingFinished.connect(self._phone_left)
        self.replace_phone_button = QPushButton(self.tr("更换号码(&H)"), self)
        self.replace_phone_button.setToolTip(
            self.tr("清空已登记的号码，输入新号码（留空则不再登记电话）")
        )
        self.replace_phone_button.clicked.connect(self._replace_phone)
        self.phone_message = InlineMessage(self)

        self.dwelling_type = vocab_combo(DwellingType, self)
        self.tags_model = VocabCheckModel(HouseholdTag, self)
        self.tags = CheckListView(self.tags_model, self, rows=2)
        self.tags.setAccessibleName(self.tr("户标签"))

        self.add_resident_next = QCheckBox(self.tr("保存后新增第一位居民(&F)"), self)
        self.add_resident_next.setChecked(True)
        self.status_button = QPushButton(self.tr("户状态(&U)…"), self)
        self.status_button.setToolTip(self.tr("标为已迁出、空置，或恢复正常"))
        self.status_button.clicked.connect(self._status_clicked)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.grid_label = buddy_label(self.tr("网格(&W)："), self.grid, self)
        form.addRow(self.grid_label, stacked(self.grid, self.grid_message))
        form.addRow(buddy_label(self.tr("组别(&G)："), self.group_name, self), self.group_name)
        form.addRow(buddy_label(self.tr("门牌号(&D)："), self.door_number, self),
                    stacked(self.door_number, self.door_message))
        form.addRow(buddy_label(self.tr("详细地址(&A)："), self.address_detail, self),
                    self.address_detail)
        head_column = stacked(self.head, self.head_message)
        head_column.addWidget(self.head_hint)
        form.addRow(buddy_label(self.tr("户主(&Z)："), self.head, self), head_column)
        form.addRow(buddy_label(self.tr("联系电话(&P)："), self.phone, self),
                    stacked(with_button(self.phone, self.replace_phone_button),
                            self.phone_message))
        form.addRow(buddy_label(self.tr("房屋类型(&T)："), self.dwelling_type, self),
                    self.dwelling_type)
        tags_label = buddy_label(self.tr("户标签(&L)："), self.tags, self)
        tags_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow(tags_label, self.tags)
        form.addRow("", self.add_resident_next)

        self._lay_out([form], [self.status_button], [
            self.grid, self.group_name, self.door_number, self.address_detail, self.head,
            self.phone, self.replace_phone_button, self.dwelling_type, self.tags,
            self.add_resident_next,
        ])  # fmt: skip
        self._fit_to_contents(560)

    # -- public API ----------------------------------------------------------------------
    @property
    def household_id(self) -> str | None:
        return self._household_id

    def _key(self) -> str:
        return household_draft_key(self._household_id)

    def _reopen(self) -> None:
        if self._household_id is not None:
            self.edit_household(self._household_id)
        else:
            self.new_household(self._opened_in)

    def new_household(self, grid_id: str | None = None) -> None:
        """Open empty (or with the draft of an unsaved new household) in ``grid_id``, or the
        worker's first grid."""
        self._begin(None)
        self._opened_in = grid_id
        self.setWindowTitle(self.tr("新增户"))
        self.heading.setText(self.tr("新增户"))
        generation = self._generation
        self._set_form_enabled(False)
        self._tasks.run(
            self._workspace.grids,
            on_success=bound_to(self, lambda grids: self._grids_loaded(generation, grids,
                                                                       grid_id)),
            on_failure=bound_to(self, self._unreadable),
        )
        self._present()

    def edit_household(self, household_id: str) -> None:
        self._begin(household_id)
        self.setWindowTitle(self.tr("编辑户信息"))
        self.heading.setText(self.tr("正在读取…"))
        self._set_form_enabled(False)
        generation = self._generation
        workspace = self._workspace
        self._tasks.run(
            lambda: (workspace.household(household_id), workspace.grids()),
            on_success=bound_to(self, lambda r: self._household_loaded(generation, *r)),
            on_failure=bound_to(self, self._unreadable),
        )
        self._present()

    def save(self) -> None:
        if self._saving or not self.save_button.isEnabled():
            return
        self._clear_errors()
        if not self._phone_masked and not self._phone_left():
            self.phone.setFocus(Qt.FocusReason.OtherFocusReason)
            return  # already said under the field; fix it first
        workspace, household_id = self._workspace, self._household_id
        grid_id = self.grid.currentData()
        if household_id is None and not grid_id:
            self.grid_message.show_error(
                self.tr("本机还没有网格：请先登录网格管理平台并同步，再新增户")
            )
            return

        def update(changes: dict[str, Any]) -> Any:
            assert household_id is not None  # _submit updates only an existing household
            return workspace.update_household(household_id, **changes)

        self._submit(
            self._form_values(),
            None if household_id else lambda values: workspace.add_household(grid_id, **values),
            update,
        )

    # -- loading -------------------------------------------------------------------------
    def _begin(self, household_id: str | None) -> None:
        self._next_generation()
        self._household_id = household_id
        self._original, self._phone_masked = {}, False
        self.keeper.pause()
        try:
            self._clear_errors()
            for message in (self.restored_note, self.status_note, self.grid_message):
                message.clear_message()
            for edit in (self.group_name, self.door_number, self.address_detail, self.phone):
                edit.clear()
                edit.setReadOnly(False)
            self.phone.setPlaceholderText(self.tr("手机或带区号的固定电话（可不填）"))
            self.grid.clear()
            self.head.clear()
            select_code(self.dwelling_type, DwellingType.OWNER_OCCUPIED.value)
            self.tags_model.set_checked_codes(())
        finally:
            self.keeper.resume()
        creating = household_id is None
        self.replace_phone_button.setVisible(False)
        self.head.setVisible(not creating)
        self.head_hint.setVisible(creating)
        self.add_resident_next.setVisible(creating)
        self.status_button.setVisible(not creating)

    def _fill_grids(self, grids: list[Grid], selected: str | None) -> None:
        for grid in grids:
            self.grid.addItem(self.tr("{0}（{1}）").format(grid.name, grid.code), grid.id)
        if selected:
            select_code(self.grid, selected)

    def _grids_loaded(self, generation: int, grids: list[Grid], grid_id: str | None) -> None:
        if generation != self._generation:
            return
        self.keeper.pause()
        try:
            self._fill_grids(grids, grid_id)
        finally:
            self.keeper.resume()
        self._set_form_enabled(True)
        self.grid.setEnabled(len(grids) > 1)
        if not grids:
            self.grid_message.show_error(
                self.tr("本机还没有网格：请先登录网格管理平台并同步，再新增户")
            )
            self.save_button.setEnabled(False)
        self._load_draft(generation)
        (self.grid if self.grid.isEnabled() else self.group_name).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    def _household_loaded(
        self, generation: int, detail: HouseholdDetail, grids: list[Grid]
    ) -> None:
        if generation != self._generation:
            return
        h = detail.household
        self.heading.setText(self.tr("编辑户：{0}").format(h.address or self.tr("（未填写地址）")))
        self._original = {
            "group_name": h.group_name,
            "door_number": h.door_number,
            "address_detail": h.address_detail,
            "dwelling_type": h.dwelling_type.value,
            "tags": sorted(t.value for t in h.tags),
            "head_resident_id": h.head_resident_id,
            "phone": h.phone,
        }
        self.keeper.pause()
        try:
            self._fill_grids(grids, h.grid_id)
            if self.grid.findData(h.grid_id) < 0:
                self.grid.addItem(h.grid_id, h.grid_id)
            self.head.addItem(self.tr("（未登记户主）"), None)
            for r in detail.residents:
                if r.status is ResidentStatus.ACTIVE or r.id == h.head_resident_id:
                    self.head.addItem(
                        self.tr("{0}（{1}）").format(r.name, vocab_label(r.relation)), r.id
                    )
            self.head.setCurrentIndex(max(0, self.head.findData(h.head_resident_id)))
            self._apply_values(self._original)
            if h.phone:
                self._phone_masked = True
                self.phone.setText(mask_phone(h.phone))
                self.phone.setReadOnly(True)
                self.replace_phone_button.setVisible(True)
        finally:
            self.keeper.resume()
        self._set_form_enabled(True)
        self.grid.setEnabled(False)  # moving a household to another grid is the centre's
        self.show_status(h.status, h.dwelling_type)
        self._load_draft(generation)
        self.group_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_status(
        self, status: HouseholdStatus | UnknownCode, dwelling: DwellingType | UnknownCode
    ) -> None:
        """The 当前状态 line (after a status change made from the 户状态 dialog too)."""
        if status is not HouseholdStatus.ACTIVE:
            self.status_note.show_hint(self.tr("当前状态：{0}").format(vocab_label(status)))
        elif dwelling is DwellingType.VACANT:
            self.status_note.show_hint(self.tr("当前状态：房屋空置"))
        else:
            self.status_note.clear_message()
        if self._original:
            self._original["dwelling_type"] = dwelling.value
            if not self.keeper.pending:
                self.keeper.pause()
                try:
                    select_code(self.dwelling_type, dwelling.value)
                finally:
                    self.keeper.resume()

    def _unreadable(self, exc: BaseException) -> None:
        self._load_failed(self.tr("无法读取户信息"), exc)

    def _apply_draft(self, payload: dict[str, Any]) -> None:
        self._apply_values(payload)
        if "phone" in payload:  # typed by the worker, never the stored number
            self._phone_masked = False
            self.phone.setReadOnly(False)
            self.phone.setText(str(payload["phone"]))
            self.replace_phone_button.setVisible(False)

    def _apply_values(self, values: dict[str, Any]) -> None:
        for field in ("group_name", "door_number", "address_detail"):
            if field in values:
                getattr(self, field).setText(str(values[field] or ""))
        if "grid_id" in values:
            select_code(self.grid, values["grid_id"])
        if "dwelling_type" in values:
            select_code(self.dwelling_type, values["dwelling_type"])
        if "head_resident_id" in values:
            self.head.setCurrentIndex(max(0, self.head.findData(values["head_resident_id"])))
        if "tags" in values:
            self.tags_model.set_checked_codes(values["tags"] or ())

    # -- values --------------------------------------------------------------------------
    def _form_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "group_name": self.group_name.text().strip(),
            "door_number": self.door_number.text().strip(),
            "address_detail": self.address_detail.text().strip(),
            "dwelling_type": self.dwelling_type.currentData(),
            "tags": self.tags_model.checked_codes(),
        }
        if not self._phone_masked:  # the masked number was not touched: never sent
            values["phone"] = self.phone.text().strip()
        if self._household_id is not None:
            values["head_resident_id"] = self.head.currentData() or None
        return values

    def _draft_payload(self) -> dict[str, Any] | None:
        values = self._form_values()
        if self._household_id is None:
            if not any(values.get(f) for f in _TEXT_FIELDS) and not values["tags"]:
                return None
            return {**values, "grid_id": self.grid.currentData()}
        changed = {k: v for k, v in values.items() if self._original.get(k) != v}
        return changed or None

    # -- phone ---------------------------------------------------------------------------
    def _replace_phone(self) -> None:
        self._phone_masked = False
        self.phone.setReadOnly(False)
        self.phone.clear()  # the draft keeps "" (no phone) until a new number is typed
        self.phone.setPlaceholderText(self.tr("输入新号码；留空则不再登记电话"))
        self.replace_phone_button.setVisible(False)
        self.phone.setFocus(Qt.FocusReason.OtherFocusReason)

    def _phone_changed(self, _text: str) -> None:
        if self.phone_message.is_error:  # fixing a shown error: say so once it is fixed
            self._phone_left()

    def _phone_left(self) -> bool:
        if self._phone_masked:
            return True
        return check_field(self.phone, self.phone_message, normalize_optional_phone)

    # -- status and saving ---------------------------------------------------------------
    def _status_clicked(self) -> None:
        if self._household_id is not None:
            self.status_requested.emit(self._household_id)

    def _set_form_enabled(self, enabled: bool) -> None:
        for widget in (self.grid, self.group_name, self.door_number, self.address_detail,
                       self.head, self.phone, self.dwelling_type, self.tags,
                       self.save_button, self.status_button):
            widget.setEnabled(enabled)

    def _saved(self, household: Household) -> None:
        created = self._household_id is None
        self.accept()
        self.saved.emit(household.id, created and self.add_resident_next.isChecked())

    def _not_saved_title(self) -> str:
        return self.tr("户信息未能保存")

    def _error_targets(self) -> Mapping[str, tuple[InlineMessage, QWidget]]:
        return {
            "door_number": (self.door_message, self.door_number),
            "phone": (self.phone_message, self.phone),
            "head_resident_id": (self.head_message, self.head),
        }

    def _clear_errors(self) -> None:
        for message in (self.door_message, self.head_message, self.general_message):
            message.clear_message()
        for widget in (self.door_number, self.head):
            mark_invalid(widget, False)
        if self.phone_message.is_error:
            self.phone_message.clear_message()
        mark_invalid(self.phone, False)
