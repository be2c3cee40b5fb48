"""Adding and editing a resident 居民.

The ID number is checked as it is typed (GB 11643 check digit, birth date) and fills in the
birth date and sex, which then follow the number. When editing, the ID number and phone stay
masked (GB/T 35273 §7.2) until the worker gives a reason to change them; that reveal is
audited by the service. Management categories 特殊人群 are only shown to roles that need them
(PIPL Art. 28). What is typed is kept as a draft until saved; 取消 / Esc / the close box ask
whether to keep or discard it when there is one, and a form filled from a draft says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ..api import InvalidInput, Resident, Workspace, resident_draft_key
from ..domain.citizen_id import InvalidCitizenId, parse_citizen_id
from ..domain.masking import mask_citizen_id, mask_phone
from ..domain.phone import normalize_optional_phone
from ..domain.vocab import (
    CareCategory,
    Ethnicity,
    ManagementCategory,
    PopulationType,
    Relation,
    ResidenceStatus,
    ResidentStatus,
    Sex,
)
from .draft_keeper import DraftKeeper, bound_to
from .errors import show_error
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
from .messages import error_text
from .tasks import TaskRunner

SECRET_FIELDS = ("citizen_id", "phone")
_TEXT_FIELDS = ("name", "former_name", "birth_date", "note", "citizen_id", "phone")


class ResidentEditor(FormDialog):
    """Non-modal dialog: ``new_resident(household_id)`` or ``edit_resident(resident_id)``."""

    saved = Signal(str)  # the resident's id

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(workspace, tasks, parent)
        self._household_id: str | None = None
        self._resident_id: str | None = None
        self._masked: set[str] = set()
        self._id_locks = False  # birth date and sex follow a valid ID number
        self._show_management = workspace.privacy.can_see_management_categories()
        self._build()
        self.keeper = DraftKeeper(workspace.drafts, tasks, self._draft_payload, parent=self)
        self.keeper.watch(
            self.name, self.former_name, self.sex, self.ethnicity, self.citizen_id,
            self.birth_date, self.phone, self.relation, self.population_type,
            self.residence_status, self.care_model, self.management_model, self.note,
        )

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.name = QLineEdit(self)
        self.name.setMaxLength(50)
        self.name_message = InlineMessage(self)
        self.former_name = QLineEdit(self)
        self.former_name.setMaxLength(50)

        self.citizen_id = QLineEdit(self)
        self.citizen_id.setMaxLength(18)
        self.citizen_id.setPlaceholderText(self.tr("18位，末位可为X；出生日期和性别自动填写"))
        self.citizen_id.textChanged.connect(self._citizen_id_changed)
        self.citizen_id.editingFinished.connect(self._citizen_id_left)
        self.reveal_id_button = QPushButton(self.tr("修改(&I)…"), self)
        self.reveal_id_button.setToolTip(self.tr("说明理由后查看并修改完整号码（记入审计日志）"))
        self.reveal_id_button.clicked.connect(lambda: self._reveal("citizen_id"))
        self.citizen_id_message = InlineMessage(self)

        self.sex = vocab_combo(Sex, self)
        self.sex_message = InlineMessage(self)
        self.birth_date = QLineEdit(self)
        self.birth_date.setPlaceholderText(self.tr("如 1950-03-02（无身份证号码时填写）"))
        self.birth_date.editingFinished.connect(self._birth_date_left)
        self.birth_date_message = InlineMessage(self)

        self.ethnicity = vocab_combo(Ethnicity, self)
        self.ethnicity.setEditable(True)  # type to search among the 58 entries
        self.ethnicity.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.ethnicity.model(), self.ethnicity)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.ethnicity.setCompleter(completer)
        self.ethnicity.lineEdit().editingFinished.connect(self._ethnicity_left)
        self.ethnicity_message = InlineMessage(self)

        self.phone = QLineEdit(self)
        self.phone.setMaxLength(30)
        self.phone.setPlaceholderText(self.tr("手机或带区号的固定电话"))
        self.phone.textChanged.connect(self._phone_changed)
        self.phone.editingFinished.connect(self._phone_left)
        self.reveal_phone_button = QPushButton(self.tr("修改(&H)…"), self)
        self.reveal_phone_button.setToolTip(self.tr("说明理由后查看并修改完整号码（记入审计日志）"))
        self.reveal_phone_button.clicked.connect(lambda: self._reveal("phone"))
        self.phone_message = InlineMessage(self)

        self.relation = vocab_combo(Relation, self)
        self.population_type = vocab_combo(PopulationType, self)
        self.residence_status = vocab_combo(ResidenceStatus, self)
        self.care_model = VocabCheckModel(CareCategory, self)
        self.care = CheckListView(self.care_model, self, rows=4)
        self.care.setAccessibleName(self.tr("关爱对象"))
        self.management_model = VocabCheckModel(ManagementCategory, self)
        self.management = CheckListView(self.management_model, self, rows=3)
        self.management.setAccessibleName(self.tr("特殊人群"))
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

        self.moved_out_button = QPushButton(self.tr("迁出(&O)…"), self)
        self.moved_out_button.clicked.connect(lambda: self._mark(ResidentStatus.MOVED_OUT))
        self.deceased_button = QPushButton(self.tr("死亡(&D)…"), self)
        self.deceased_button.clicked.connect(lambda: self._mark(ResidentStatus.DECEASED))

        def labelled(text: str, buddy: QWidget) -> QLabel:
            return buddy_label(text, buddy, self)

        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        left.addRow(labelled(self.tr("姓名(&N)："), self.name),
                    stacked(self.name, self.name_message))
        left.addRow(labelled(self.tr("曾用名："), self.former_name), self.former_name)
        left.addRow(
            labelled(self.tr("公民身份号码(&C)："), self.citizen_id),
            stacked(with_button(self.citizen_id, self.reveal_id_button),
                    self.citizen_id_message),
        )
        left.addRow(labelled(self.tr("性别(&X)："), self.sex),
                    stacked(self.sex, self.sex_message))
        left.addRow(labelled(self.tr("出生日期(&B)："), self.birth_date),
                    stacked(self.birth_date, self.birth_date_message))
        left.addRow(labelled(self.tr("民族(&E)："), self.ethnicity),
                    stacked(self.ethnicity, self.ethnicity_message))
        left.addRow(
            labelled(self.tr("联系电话(&P)："), self.phone),
            stacked(with_button(self.phone, self.reveal_phone_button), self.phone_message),
        )

        right = QFormLayout()
        right.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        right.addRow(labelled(self.tr("与户主关系(&R)："), self.relation), self.relation)
        right.addRow(labelled(self.tr("人口类型(&T)："), self.population_type),
                     self.population_type)
        right.addRow(labelled(self.tr("人户状态(&S)："), self.residence_status),
                     self.residence_status)
        care_label = labelled(self.tr("关爱对象(&G)："), self.care)
        care_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        right.addRow(care_label, self.care)
        self.management_label = labelled(self.tr("特殊人群(&M)："), self.management)
        self.management_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.management_label.setToolTip(self.tr("敏感个人信息，仅限有需要的岗位查看"))
        right.addRow(self.management_label, self.management)
        self.management_label.setVisible(self._show_management)
        self.management.setVisible(self._show_management)

        columns = QGridLayout()
        columns.setHorizontalSpacing(24)
        columns.addLayout(left, 0, 0)
        columns.addLayout(right, 0, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        note_row = QFormLayout()
        note_label = labelled(self.tr("备注(&K)："), self.note)
        note_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        note_row.addRow(note_label, self.note)

        # The ID number comes before sex and birth date: typing it fills them in.
        self._lay_out([columns, note_row], [self.moved_out_button, self.deceased_button], [
            self.name, self.former_name, self.citizen_id, self.reveal_id_button, self.sex,
            self.birth_date, self.ethnicity, self.phone, self.reveal_phone_button,
            self.relation, self.population_type, self.residence_status, self.care,
            self.management, self.note,
        ])  # fmt: skip
        self._fit_to_contents(860)

    # -- public API ----------------------------------------------------------------------
    def new_resident(self, household_id: str) -> None:
        self._begin(household_id=household_id, resident_id=None)
        self.setWindowTitle(self.tr("新增居民"))
        self.heading.setText(self.tr("新增居民"))
        generation = self._generation
        workspace = self._workspace
        self._tasks.run(
            lambda: workspace.household(household_id).household.head_resident_id,
            on_success=bound_to(self, lambda head: self._default_relation(generation, head)),
            on_failure=bound_to(self, self._unreadable),
        )
        self._load_draft(generation)
        self._present()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def edit_resident(self, resident_id: str) -> None:
        self._begin(household_id=None, resident_id=resident_id)
        self.setWindowTitle(self.tr("编辑居民信息"))
        self.heading.setText(self.tr("正在读取…"))
        self._set_form_enabled(False)
        generation = self._generation
        workspace = self._workspace
        self._tasks.run(
            lambda: workspace.resident(resident_id),
            on_success=bound_to(self, lambda r: self._resident_loaded(generation, r)),
            on_failure=bound_to(self, self._unreadable),
        )
        self._present()

    @property
    def resident_id(self) -> str | None:
        return self._resident_id

    def save(self) -> None:
        if self._saving or (self._household_id is None and self._resident_id is None):
            return
        self._clear_errors()
        # Problems already shown while typing are not sent again; fix them first.
        for message, widget in (
            (self.citizen_id_message, self.citizen_id),
            (self.phone_message, self.phone),
            (self.birth_date_message, self.birth_date),
        ):
            self._recheck(widget)
            if message.is_error:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        values = self._values()
        if values is None:
            return
        workspace, household_id, resident_id = (
            self._workspace, self._household_id, self._resident_id
        )
        self._submit(
            values,
            None if resident_id else lambda v: workspace.add_resident(household_id, **v),
            lambda changes: workspace.update_resident(resident_id, **changes),
        )

    # -- loading -------------------------------------------------------------------------
    def _key(self) -> str:
        return resident_draft_key(resident_id=self._resident_id, household_id=self._household_id)

    def _reopen(self) -> None:
        if self._resident_id is not None:
            self.edit_resident(self._resident_id)
        elif self._household_id is not None:
            self.new_resident(self._household_id)

    def _begin(self, *, household_id: str | None, resident_id: str | None) -> None:
        self._next_generation()
        self._household_id, self._resident_id = household_id, resident_id
        self._original, self._masked = {}, set()
        self.keeper.pause()
        try:
            self._clear_errors()
            self.restored_note.clear_message()
            self.status_note.clear_message()
            for edit in (self.name, self.former_name, self.citizen_id, self.birth_date,
                         self.phone):
                edit.clear()
                edit.setReadOnly(False)
            self.note.clear()
            for combo, default in (
                (self.sex, Sex.UNKNOWN), (self.ethnicity, Ethnicity.HAN),
                (self.relation, Relation.OTHER), (self.population_type, PopulationType.REGISTERED),
                (self.residence_status, ResidenceStatus.CONSISTENT),
            ):
                select_code(combo, default.value)
            self.care_model.set_checked_codes(())
            self.management_model.set_checked_codes(())
            self._lock_id_derived(False)
        finally:
            self.keeper.resume()
        editing = resident_id is not None
        self.reveal_id_button.setVisible(False)
        self.reveal_phone_button.setVisible(False)
        self.moved_out_button.setVisible(editing)
        self.deceased_button.setVisible(editing)
        self._set_form_enabled(True)

    def _default_relation(self, generation: int, head_resident_id: str | None) -> None:
        if generation == self._generation and head_resident_id is None:
            with QSignalBlocker(self.relation):
                select_code(self.relation, Relation.HEAD.value)

    def _resident_loaded(self, generation: int, resident: Resident) -> None:
        if generation != self._generation:
            return
        self.heading.setText(self.tr("编辑居民：{0}").format(resident.name))
        self._original = {
            "name": resident.name,
            "former_name": resident.former_name,
            "sex": resident.sex.value,
            "ethnicity": resident.ethnicity.value,
            "birth_date": resident.birth_date.isoformat() if resident.birth_date else "",
            "relation": resident.relation.value,
            "population_type": resident.population_type.value,
            "residence_status": resident.residence_status.value,
            "care_categories": sorted(c.value for c in resident.care_categories),
            "management_categories": sorted(c.value for c in resident.management_categories),
            "note": resident.note,
        }
        self.keeper.pause()
        try:
            self._apply_values(self._original)
            # Masked until revealed with a reason; an empty field has nothing to hide.
            self._set_masked("citizen_id", mask_citizen_id(resident.citizen_id))
            self._set_masked("phone", mask_phone(resident.phone))
            self._lock_id_derived(bool(resident.citizen_id))
        finally:
            self.keeper.resume()
        self._show_status(resident.status)
        self._set_form_enabled(True)
        self._load_draft(generation)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _unreadable(self, exc: BaseException) -> None:
        self._load_failed(self.tr("无法读取居民信息"), exc)

    def _set_masked(self, field: str, masked: str) -> None:
        edit = self.citizen_id if field == "citizen_id" else self.phone
        button = self.reveal_id_button if field == "citizen_id" else self.reveal_phone_button
        if masked:
            self._masked.add(field)  # before setText: a mask is not something to validate
            edit.setText(masked)
            mark_invalid(edit, False)
            edit.setReadOnly(True)
            edit.setPlaceholderText("")
            button.setVisible(True)
        else:
            # Nothing stored: the worker may simply fill it in; the original is "".
            edit.clear()
            self._original[field] = ""
            edit.setReadOnly(False)
            button.setVisible(False)

    def _apply_draft(self, payload: dict[str, Any]) -> None:
        self._apply_values(payload)
        for field in SECRET_FIELDS:
            if field in payload:  # typed by the worker after a reveal (or newly)
                self._masked.discard(field)
                edit = self.citizen_id if field == "citizen_id" else self.phone
                edit.setReadOnly(False)
                edit.setText(str(payload[field]))
                (self.reveal_id_button if field == "citizen_id"
                 else self.reveal_phone_button).setVisible(False)

    def _apply_values(self, values: dict[str, Any]) -> None:
        for field in ("name", "former_name", "birth_date"):
            if field in values:
                getattr(self, field).setText(str(values[field] or ""))
        if "note" in values:
            self.note.setPlainText(str(values["note"] or ""))
        for field in ("sex", "relation", "population_type", "residence_status"):
            if field in values:
                select_code(getattr(self, field), values[field])
        if "ethnicity" in values and not select_code(self.ethnicity, values["ethnicity"]):
            self.ethnicity.setEditText(str(values.get("ethnicity_text", "")))
        if "care_categories" in values:
            self.care_model.set_checked_codes(values["care_categories"] or ())
        if "management_categories" in values:
            self.management_model.set_checked_codes(values["management_categories"] or ())

    # -- values --------------------------------------------------------------------------
    def _ethnicity_code(self) -> str | None:
        text = self.ethnicity.currentText().strip()
        index = self.ethnicity.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            return None
        return str(self.ethnicity.itemData(index))

    def _values(self) -> dict[str, Any] | None:
        """What to send to the service; ``None`` (with inline messages) if it cannot be."""
        ethnicity = self._ethnicity_code()
        if ethnicity is None:
            self.ethnicity_message.show_error(self.tr("请从列表中选择民族"))
            mark_invalid(self.ethnicity, True)
            self.ethnicity.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        values = self._form_values()
        values["ethnicity"] = ethnicity
        return values

    def _form_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "name": self.name.text().strip(),
            "former_name": self.former_name.text().strip(),
            "sex": self.sex.currentData(),
            "ethnicity": self._ethnicity_code() or "",
            "birth_date": self.birth_date.text().strip(),
            "relation": self.relation.currentData(),
            "population_type": self.population_type.currentData(),
            "residence_status": self.residence_status.currentData(),
            "care_categories": sorted(self.care_model.checked_codes()),
            "note": self.note.toPlainText().strip(),
        }
        if self._show_management:
            values["management_categories"] = sorted(self.management_model.checked_codes())
        for field in SECRET_FIELDS:
            if field not in self._masked:  # a masked field was not touched: never sent
                edit = self.citizen_id if field == "citizen_id" else self.phone
                values[field] = edit.text().strip()
        return values

    def _draft_payload(self) -> dict[str, Any] | None:
        values = self._form_values()
        values["ethnicity_text"] = self.ethnicity.currentText()
        if self._resident_id is None:
            blank = not any(values[f] for f in _TEXT_FIELDS if f in values) and not (
                values["care_categories"] or values.get("management_categories")
            )
            return None if blank else values
        # Editing: keep only what differs from the stored record. A revealed secret that was
        # not changed is left out, so the draft never holds a number the worker did not type.
        changed = {k: v for k, v in values.items()
                   if k != "ethnicity_text" and self._original.get(k) != v}
        if not changed:
            return None
        return {**changed, "ethnicity_text": values["ethnicity_text"]}

    # -- live validation -----------------------------------------------------------------
    def _derived_text(self, birth: date, sex: Sex) -> str:
        return self.tr("出生日期 {0} · {1}").format(birth.isoformat(), vocab_label(sex))

    def _citizen_id_changed(self, text: str) -> None:
        if "citizen_id" in self._masked:
            return
        value = text.strip()
        mark_invalid(self.citizen_id, False)
        if not value:
            self.citizen_id_message.clear_message()
            self._lock_id_derived(False)
            return
        if len(value) not in (15, 18):
            self.citizen_id_message.clear_message()  # still typing
            self._lock_id_derived(False)
            return
        self._check_citizen_id(value)

    def _citizen_id_left(self) -> None:
        if "citizen_id" in self._masked:
            return
        value = self.citizen_id.text().strip()
        if value:
            self._check_citizen_id(value)

    def _check_citizen_id(self, value: str) -> None:
        try:
            parsed = parse_citizen_id(value, today=date.today())
        except InvalidCitizenId as exc:
            self.citizen_id_message.show_error(error_text(exc))
            mark_invalid(self.citizen_id, True)
            self._lock_id_derived(False)
            return
        self.citizen_id_message.show_hint(self._derived_text(parsed.birth_date, parsed.sex))
        self.birth_date.setText(parsed.birth_date.isoformat())
        select_code(self.sex, parsed.sex.value)
        self.birth_date_message.clear_message()
        self.sex_message.clear_message()
        self._lock_id_derived(True)

    def _lock_id_derived(self, locked: bool) -> None:
        """Birth date and sex come from a valid ID number and cannot disagree with it."""
        self._id_locks = locked
        self.birth_date.setReadOnly(locked)
        self.sex.setEnabled(not locked)
        tip = self.tr("由公民身份号码确定") if locked else ""
        self.birth_date.setToolTip(tip)
        self.sex.setToolTip(tip)

    def _phone_changed(self, _text: str) -> None:
        if self.phone_message.is_error:  # fixing a shown error: say so as soon as it is fixed
            self._phone_left()

    def _phone_left(self) -> None:
        if "phone" not in self._masked:
            check_field(self.phone, self.phone_message, normalize_optional_phone)

    def _birth_date_left(self) -> None:
        if self._id_locks:
            return
        text = self.birth_date.text().strip()
        if len(text) == 8 and text.isdigit():  # 19500302 -> 1950-03-02
            text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
            self.birth_date.setText(text)
        if not text:
            self.birth_date_message.clear_message()
            mark_invalid(self.birth_date, False)
            return
        try:
            born = date.fromisoformat(text)
        except ValueError:
            self.birth_date_message.show_error(self.tr("出生日期格式应为 YYYY-MM-DD"))
            mark_invalid(self.birth_date, True)
            return
        if born > date.today():
            self.birth_date_message.show_error(self.tr("出生日期不能晚于今天"))
            mark_invalid(self.birth_date, True)
            return
        self.birth_date_message.clear_message()
        mark_invalid(self.birth_date, False)

    def _ethnicity_left(self) -> None:
        text = self.ethnicity.currentText().strip()
        if not text or self._ethnicity_code() is not None:
            self.ethnicity_message.clear_message()
            mark_invalid(self.ethnicity, False)
            return
        # "苗" -> 苗族: accept a unique partial match.
        hits = [i for i in range(self.ethnicity.count()) if text in self.ethnicity.itemText(i)]
        if len(hits) == 1:
            self.ethnicity.setCurrentIndex(hits[0])
            self.ethnicity_message.clear_message()
            mark_invalid(self.ethnicity, False)

    def _recheck(self, widget: QWidget) -> None:
        if widget is self.citizen_id:
            self._citizen_id_left()
        elif widget is self.phone:
            self._phone_left()
        elif widget is self.birth_date:
            self._birth_date_left()

    # -- reveal and status ---------------------------------------------------------------
    def _reveal(self, field: str) -> None:
        resident_id = self._resident_id
        if resident_id is None or field not in self._masked:
            return
        label = self.tr("公民身份号码") if field == "citizen_id" else self.tr("联系电话")
        reason, ok = QInputDialog.getText(
            self,
            self.tr("修改{0}").format(label),
            self.tr("查看完整{0}需要说明理由（将记入审计日志）：").format(label),
        )
        if not ok:
            return
        message = self.citizen_id_message if field == "citizen_id" else self.phone_message
        workspace = self._workspace
        generation = self._generation

        def revealed(value: str) -> None:
            if generation != self._generation:
                return
            self._original[field] = value
            self._masked.discard(field)
            edit = self.citizen_id if field == "citizen_id" else self.phone
            button = self.reveal_id_button if field == "citizen_id" else self.reveal_phone_button
            self.keeper.pause()
            try:
                edit.setReadOnly(False)
                edit.setText(value)
            finally:
                self.keeper.resume()
            button.setVisible(False)
            message.clear_message()
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
            edit.selectAll()

        def refused(exc: BaseException) -> None:
            if isinstance(exc, InvalidInput):
                message.show_error(error_text(exc))
            else:
                show_error(self, exc)

        self._tasks.run(
            lambda: workspace.reveal(resident_id, field, reason=reason),
            on_success=bound_to(self, revealed),
            on_failure=bound_to(self, refused, fallback=self._tasks.on_error),
        )

    def _mark(self, status: ResidentStatus) -> None:
        resident_id = self._resident_id
        if resident_id is None:
            return
        name = self.name.text().strip() or self._original.get("name", "")
        if status == ResidentStatus.MOVED_OUT:
            title = self.tr("标记为迁出")
            prompt = self.tr("确认将“{0}”标记为迁出？\n可填写备注（可选），如迁往何处：")
            action = self._workspace.mark_moved_out
        else:
            title = self.tr("标记为死亡")
            prompt = self.tr("确认将“{0}”标记为死亡？\n可填写备注（可选），如死亡日期：")
            action = self._workspace.mark_deceased
        note, ok = QInputDialog.getText(self, title, prompt.format(name))
        if not ok:
            return

        def done(resident: Resident) -> None:
            # The service appended the note to the stored remark; show it unless the worker
            # is in the middle of editing the remark (then their text wins on save).
            if self.note.toPlainText().strip() == self._original.get("note", ""):
                self.keeper.pause()
                try:
                    self.note.setPlainText(resident.note)
                finally:
                    self.keeper.resume()
            self._original["note"] = resident.note
            self._show_status(resident.status)
            self.saved.emit(resident.id)

        self._tasks.run(
            lambda: action(resident_id, note),
            on_success=bound_to(self, done),
            on_failure=bound_to(self, lambda exc: show_error(self, exc),
                                fallback=self._tasks.on_error),
        )

    def _show_status(self, status: ResidentStatus) -> None:
        active = status == ResidentStatus.ACTIVE
        self.moved_out_button.setEnabled(active)
        self.deceased_button.setEnabled(active)
        if active:
            self.status_note.clear_message()
        else:
            self.status_note.show_hint(self.tr("当前状态：{0}").format(vocab_label(status)))

    # -- saving --------------------------------------------------------------------------
    def _set_form_enabled(self, enabled: bool) -> None:
        for widget in (self.name, self.former_name, self.citizen_id, self.sex,
                       self.birth_date, self.ethnicity, self.phone, self.relation,
                       self.population_type, self.residence_status, self.care,
                       self.management, self.note, self.save_button):
            widget.setEnabled(enabled)
        if enabled:
            self.sex.setEnabled(not self._id_locks)

    def _saved(self, resident: Resident) -> None:
        self.saved.emit(resident.id)
        self.accept()

    def _not_saved_title(self) -> str:
        return self.tr("居民信息未能保存")

    def _error_targets(self) -> Mapping[str, tuple[InlineMessage, QWidget]]:
        return {
            "name": (self.name_message, self.name),
            "citizen_id": (self.citizen_id_message, self.citizen_id),
            "sex": (self.sex_message, self.sex),
            "birth_date": (self.birth_date_message, self.birth_date),
            "ethnicity": (self.ethnicity_message, self.ethnicity),
            "phone": (self.phone_message, self.phone),
        }

    def _clear_errors(self) -> None:
        for message in (self.name_message, self.sex_message, self.ethnicity_message,
                        self.general_message):
            message.clear_message()
        for widget in (self.name, self.sex, self.ethnicity):
            mark_invalid(widget, False)
        for message in (self.citizen_id_message, self.phone_message, self.birth_date_message):
            if message.is_error:
                message.clear_message()
        for widget in (self.citizen_id, self.phone, self.birth_date):
            mark_invalid(widget, False)
