"""The main window's editors and views: the visit form and saved visits, the resident editor,
the household actions, and what the window refreshes after each of them saves.

A mixin of :class:`~gridworker.ui.main_window.MainWindow`; each dialog is built on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..api import HouseholdSummary
from .main_state import MainWindowState

if TYPE_CHECKING:
    from .resident_editor import ResidentEditor
    from .visit_view import VisitView


class WindowDialogs(MainWindowState):
    """Opening the editors and views for the selected household or resident."""

    def new_visit(self) -> None:
        if self.detail.detail is None:
            self.statusBar().showMessage(self.tr("请先在左侧选择一户"), 4000)
            return
        self.show_households()  # the form opens beside the list, not behind 今日
        self.detail.start_visit()

    def _visit_saved(self, household_id: str, _visit_id: str) -> None:
        self.statusBar().showMessage(self.tr("走访已保存"), 4000)
        self.detail.show_household(household_id)  # its `loaded` updates the list row
        self._refresh_status()
        self.sync.local_change()

    def visit_view(self) -> VisitView:
        if self._visit_view is None:
            from .visit_view import VisitView  # loaded on first use

            view = VisitView(self.workspace, self.tasks, self)
            view.amended.connect(self._visit_amended)
            self._visit_view = view
        return self._visit_view

    def open_visit(self, visit_id: str, amend: bool = False) -> VisitView:
        """The saved visit in full (photos, corrections); ``amend``: its 更正 form at once."""
        view = self.visit_view()
        view.show_visit(visit_id, amend=amend)
        return view

    def _visit_amended(self, household_id: str, _visit_id: str) -> None:
        self.statusBar().showMessage(self.tr("更正已保存"), 4000)
        if self.detail.household_id == household_id:
            self.detail.show_household(household_id)
        self._refresh_status()
        self.sync.local_change()

    def _refresh_status(self) -> None:
        workspace = self.workspace
        self.tasks.run(lambda: (workspace.grids(), workspace.status()), on_success=self._status)
        if self._today is not None:
            self._today.refresh()

    def resident_editor(self) -> ResidentEditor:
        if self._resident_editor is None:
            from .resident_editor import ResidentEditor  # loaded on first use

            editor = ResidentEditor(self.workspace, self.tasks, self)
            editor.saved.connect(self._resident_saved)
            editor.finished.connect(lambda _result: self.detail.refresh_drafts())  # kept?
            self._resident_editor = editor
        return self._resident_editor

    def new_resident(self) -> None:
        household_id = self.detail.household_id
        if household_id is None:
            self.statusBar().showMessage(self.tr("请先在左侧选择一户"), 4000)
            return
        self.resident_editor().new_resident(household_id)

    def edit_selected_resident(self) -> None:
        resident_id = self.detail.current_resident_id()
        if resident_id is None:
            self.statusBar().showMessage(self.tr("请先在居民列表中选择一人"), 4000)
            return
        self.edit_resident(resident_id)

    def edit_resident(self, resident_id: str) -> None:
        self.resident_editor().edit_resident(resident_id)

    def _resident_saved(self, resident_id: str) -> None:
        self.statusBar().showMessage(self.tr("居民信息已保存"), 4000)
        household_id = self.detail.household_id
        if household_id:
            self.detail.show_household(household_id, focus_resident=resident_id)
        self._refresh_status()
        self.sync.local_change()

    def edit_household(self) -> None:
        if self.detail.household_id is None:
            self.statusBar().showMessage(self.tr("请先在左侧选择一户"), 4000)
            return
        self.household_actions.edit_household(self.detail.household_id)

    def change_household_status(self) -> None:
        if self.detail.household_id is None:
            self.statusBar().showMessage(self.tr("请先在左侧选择一户"), 4000)
            return
        self.household_actions.change_status(self.detail.household_id)

    def remove_selected_resident(self) -> None:
        resident_id = self.detail.current_resident_id()
        if resident_id is None:
            self.statusBar().showMessage(self.tr("请先在居民列表中选择一人"), 4000)
            return
        self.household_actions.remove_resident(resident_id)

    def _household_saved(self, household_id: str, add_resident: bool) -> None:
        """Reload the list (a new household joins it), open the household, sync."""
        self.statusBar().showMessage(self.tr("户信息已保存"), 4000)

        def arrived(rows: list[HouseholdSummary]) -> None:
            self._households_arrived(rows, keep=household_id)
            self.select_household(household_id)

        self.tasks.run(self.workspace.households, on_success=arrived)
        self._refresh_status()
        self.sync.local_change()
        if add_resident:
            self.resident_editor().new_resident(household_id)

    def _resident_removed(self, household_id: str) -> None:
        self.statusBar().showMessage(self.tr("已删除误录的居民"), 4000)
        self.detail.show_household(household_id)
        self._refresh_status()
        self.sync.local_change()

