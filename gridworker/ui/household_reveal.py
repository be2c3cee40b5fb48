"""The household pane's audited reveals: a resident's full ID number or phone, or the
household's phone when it is a resident's own number. Each asks why first and goes through
``Workspace.reveal``, which records it.

A mixin of :class:`~gridworker.ui.household_detail.HouseholdDetailPane` (the tables and
labels are the pane's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit

from ..api import HouseholdDetail, Workspace
from .household_tables import ResidentTableModel
from .tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    class _Host(QWidget):
        """For the type checker the mixin is the pane (a QWidget); at run time a plain
        class. (Declarations stay out of the class bodies that call ``tr``: lupdate loses
        their translation context after an ``if`` block there.)"""

        def current_resident_id(self) -> str | None: ...  # HouseholdDetailPane

else:
    _Host = object


class HouseholdReveals(_Host):
    """Reveals masked numbers in the household pane."""

    _workspace: Workspace
    _tasks: TaskRunner
    _detail: HouseholdDetail | None
    _phone_owner: str | None
    residents_model: ResidentTableModel
    phone_label: QLabel

    # -- reveal --------------------------------------------------------------------------
    def reveal_selected(self, field: str) -> None:
        resident_id = self.current_resident_id()
        if resident_id is not None:
            self.reveal(resident_id, field)

    def reveal(self, resident_id: str, field: str) -> None:
        """Ask why, then fetch the full value through the audited ``Workspace.reveal``."""
        row = self.residents_model.row_of(resident_id)
        if row < 0:
            return
        resident = self.residents_model.resident(row)
        what = self.tr("身份证号码") if field == "citizen_id" else self.tr("联系电话")
        if not (resident.citizen_id if field == "citizen_id" else resident.phone):
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("查看完整信息"),
            self.tr("查看{0}的完整{1}需要说明理由（将记入审计日志）：").format(resident.name, what),
            QLineEdit.EchoMode.Normal,
            "",
        )
        if not ok:
            return
        workspace = self._workspace
        self._tasks.run(
            lambda: workspace.reveal(resident_id, field, reason=reason),
            on_success=lambda value: self.residents_model.reveal(resident_id, field, value),
        )

    def _reveal_household_phone(self) -> None:
        owner_id = self._phone_owner
        if self._detail is None or owner_id is None:
            return
        workspace = self._workspace
        reason, ok = QInputDialog.getText(
            self,
            self.tr("查看完整信息"),
            self.tr("查看本户联系电话需要说明理由（将记入审计日志）："),
            QLineEdit.EchoMode.Normal,
            "",
        )
        if not ok:
            return
        self._tasks.run(
            lambda: workspace.reveal(owner_id, "phone", reason=reason),
            on_success=lambda value: self.phone_label.setText(
                self.tr("联系电话：{0}").format(value)
            ),
        )
