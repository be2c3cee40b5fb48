"""The visit form's values: what is sent to ``Workspace.log_visit``, what its draft keeps
(and how a draft fills the form back in) and the blank form's defaults.

A mixin of :class:`~gridworker.ui.visit_form.VisitForm` (the fields are the form's)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from ..domain.vocab import VisitType
from .draft_keeper import DraftKeeper
from .draft_prompt import DraftBanner
from .fields import FindingsEditor, OutcomeEditor, select_code
from .photo_strip import PhotoStrip

if TYPE_CHECKING:

    class _Host:
        """For the type checker: the form's method the values' reset calls. (Declared here,
        not in an ``if`` block in the class: lupdate would lose that class's context.)"""

        def _clear_errors(self) -> None: ...  # VisitForm

else:
    _Host = object

DRAFT_VERSION = 1


class VisitFormValues(_Host):
    """Reads, fills and resets the visit form's fields."""

    keeper: DraftKeeper
    visit_type: QComboBox
    started_at: QDateTimeEdit
    duration: QSpinBox
    people_met: QLineEdit
    summary: QPlainTextEdit
    findings_editor: FindingsEditor
    outcome: OutcomeEditor
    resolved: QCheckBox
    follow_up: QCheckBox
    follow_up_date: QDateEdit
    photos: PhotoStrip
    restored_note: DraftBanner
    draft_status: QLabel
    _finding_checks: dict[str, QCheckBox]
    _finding_texts: dict[str, QLineEdit]
    _save_when_photos_ready: bool

    def _started(self) -> datetime:
        started: datetime = self.started_at.dateTime().toPython()  # type: ignore[assignment]
        return started.replace(second=0, microsecond=0)

    def _values(self) -> dict[str, Any]:
        started = self._started()
        minutes = self.duration.value()
        findings = self.findings_editor.values()
        follow = self.outcome.follow_up_on()
        return {
            "summary": self.summary.toPlainText().strip(),
            "visit_type": self.visit_type.currentData(),
            "started_at": started,
            "ended_at": started + timedelta(minutes=minutes) if minutes else None,
            "people_met": self.people_met.text().strip(),
            "findings": findings,
            "resolved_on_spot": self.resolved.isChecked(),
            "follow_up_date": follow,
        }

    def _draft_payload(self) -> dict[str, Any] | None:
        findings = {
            code: {"checked": check.isChecked(), "text": self._finding_texts[code].text()}
            for code, check in self._finding_checks.items()
            if check.isChecked() or self._finding_texts[code].text()
        }
        payload: dict[str, Any] = {
            "version": DRAFT_VERSION,
            "visit_type": self.visit_type.currentData(),
            "started_at": self._started().isoformat(),
            "duration_minutes": self.duration.value(),
            "people_met": self.people_met.text(),
            "summary": self.summary.toPlainText(),
            "findings": findings,
            "resolved_on_spot": self.resolved.isChecked(),
            "follow_up": self.follow_up.isChecked(),
            "follow_up_date": self.follow_up_date.date().toString(Qt.DateFormat.ISODate),
            "photos": self.photos.sources(),
        }
        blank = (
            not payload["summary"].strip()
            and not payload["people_met"].strip()
            and not findings
            and not payload["photos"]
            and payload["visit_type"] == VisitType.ROUTINE.value
            and payload["resolved_on_spot"]
            and not payload["follow_up"]
            and not payload["duration_minutes"]
        )
        return None if blank else payload

    def _apply_draft(self, payload: dict[str, Any]) -> None:
        select_code(self.visit_type, payload.get("visit_type"))
        started = QDateTime.fromString(str(payload.get("started_at", "")), Qt.DateFormat.ISODate)
        if started.isValid():
            self.started_at.setDateTime(started)
        self.duration.setValue(int(payload.get("duration_minutes") or 0))
        self.people_met.setText(str(payload.get("people_met", "")))
        self.summary.setPlainText(str(payload.get("summary", "")))
        findings = payload.get("findings") or {}
        for code, check in self._finding_checks.items():
            entry = findings.get(code) or {}
            check.setChecked(bool(entry.get("checked")))
            self._finding_texts[code].setText(str(entry.get("text", "")))
        self.resolved.setChecked(bool(payload.get("resolved_on_spot", True)))
        follow = QDate.fromString(str(payload.get("follow_up_date", "")), Qt.DateFormat.ISODate)
        if follow.isValid():
            self.follow_up_date.setDate(follow)
        self.follow_up.setChecked(bool(payload.get("follow_up")))
        sources = [str(p) for p in payload.get("photos") or []]
        if sources:
            self.photos.add_paths(sources)

    def _reset(self) -> None:
        self.keeper.pause()
        try:
            self._clear_errors()
            self.restored_note.clear_message()
            self.draft_status.clear()
            select_code(self.visit_type, VisitType.ROUTINE.value)
            now = QDateTime.currentDateTime()
            now.setTime(QTime(now.time().hour(), now.time().minute()))
            self.started_at.setDateTime(now)
            self.duration.setValue(0)
            self.people_met.clear()
            self.summary.clear()
            for code, check in self._finding_checks.items():
                check.setChecked(False)
                self._finding_texts[code].clear()
            self.resolved.setChecked(True)
            self.follow_up.setChecked(False)
            self.follow_up_date.setDate(QDate.currentDate().addDays(7))
            self.photos.clear()
            self._save_when_photos_ready = False
        finally:
            self.keeper.resume()
