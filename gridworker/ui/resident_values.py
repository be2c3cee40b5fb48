"""The resident editor's values: what is sent to the service (a masked ID number or phone is
never sent unless the worker typed a new one), what its draft keeps (only what differs from
the stored record), and how stored values or a draft fill the form.

A mixin of :class:`~gridworker.ui.resident_editor.ResidentEditor` (the fields are the
editor's)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Qt

from .fields import mark_invalid, select_code

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QPushButton

    from ..domain.codes import UnknownCode
    from ..domain.vocab import ResidentStatus
    from .fields import InlineMessage, VocabCheckModel
    from .form_dialog import FormDialog

    class _Host(FormDialog):
        """For the type checker the parts are the editor (a FormDialog) and know the methods
        one part calls on another; at run time a plain class. (Declarations stay out of the
        class bodies that call ``tr``: lupdate loses their context after an ``if`` block.)"""

        def _ethnicity_code(self) -> str | None: ...  # ResidentFormValues
        def _apply_values(self, values: dict[str, Any]) -> None: ...  # ResidentFormValues
        def _show_status(  # ResidentRevealStatus
            self, status: ResidentStatus | UnknownCode
        ) -> None: ...

else:
    _Host = object

SECRET_FIELDS = ("citizen_id", "phone")
_TEXT_FIELDS = ("name", "former_name", "birth_date", "note", "citizen_id", "phone")


class ResidentEditorState(_Host):
    """What the resident editor's parts share on the editor (declared for type checkers):
    for mypy a :class:`~.form_dialog.FormDialog` (its workspace, task runner, load generation,
    stored values as loaded and draft keeper) knowing the methods one part uses from another;
    and the editor's fields and the fields still masked. At run time a plain class holding
    only these annotations."""

    saved: ClassVar[Signal]
    _resident_id: str | None
    _masked: set[str]
    _id_locks: bool
    name: QLineEdit
    former_name: QLineEdit
    citizen_id: QLineEdit
    birth_date: QLineEdit
    phone: QLineEdit
    sex: QComboBox
    ethnicity: QComboBox
    relation: QComboBox
    population_type: QComboBox
    residence_status: QComboBox
    education: QComboBox
    care_model: VocabCheckModel
    management_model: VocabCheckModel
    note: QPlainTextEdit
    citizen_id_message: InlineMessage
    phone_message: InlineMessage
    birth_date_message: InlineMessage
    sex_message: InlineMessage
    ethnicity_message: InlineMessage
    reveal_id_button: QPushButton
    reveal_phone_button: QPushButton
    moved_out_button: QPushButton
    deceased_button: QPushButton


class ResidentFormValues(ResidentEditorState):
    """Reads and fills the resident editor's fields."""

    _show_management: bool

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
        for field in ("sex", "relation", "population_type", "residence_status", "education"):
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
        if not text:
            return ""  # cleared: not recorded
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
            "education": self.education.currentData(),
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
