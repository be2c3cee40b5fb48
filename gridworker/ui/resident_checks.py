"""The resident editor's checks while typing: the ID number (GB 11643; a valid one fills in
and locks birth date and sex), the phone, the birth date and the ethnic group (a unique
partial name is accepted).

A mixin of :class:`~gridworker.ui.resident_editor.ResidentEditor`."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from ..domain.citizen_id import InvalidCitizenId, parse_citizen_id
from ..domain.phone import normalize_optional_phone
from ..domain.vocab import Sex
from .fields import check_field, mark_invalid, select_code, vocab_label
from .messages import error_text
from .resident_values import ResidentEditorState


class ResidentChecks(ResidentEditorState):
    """Validates the resident editor's fields as they are typed and left."""

    _id_locks: bool

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
        sex = Sex(parsed.sex)  # a Sex already; CitizenId (the shared rule's) types it str
        self.citizen_id_message.show_hint(self._derived_text(parsed.birth_date, sex))
        self.birth_date.setText(parsed.birth_date.isoformat())
        select_code(self.sex, sex.value)
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
