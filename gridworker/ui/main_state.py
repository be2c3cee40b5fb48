"""What the main window's parts share, declared for the type checker.

:class:`~gridworker.ui.main_window.MainWindow` is built from mixins (:mod:`.main_menus`,
:mod:`.main_dialogs`, :mod:`.main_sync`) that use the window's attributes and each other's
methods. They derive from :class:`MainWindowState`: at run time a plain class that only holds
annotations (the attributes one part uses from another); for mypy also a :class:`QMainWindow`
(``tr``, ``statusBar`` …) that declares the methods one part calls on another. The definitions
are the window's and the mixins'; mypy checks them against these declarations, so the two
cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow

    from ..api import HouseholdSummary, Workspace, WorkspaceStatus
    from ..domain.entities import Grid
    from .conflict_centre import ConflictCentre
    from .household_actions import HouseholdActions
    from .household_detail import HouseholdDetailPane
    from .resident_editor import ResidentEditor
    from .search_box import SearchPanel
    from .sign_in import SignInDialog
    from .sync_controller import SyncController
    from .tasks import TaskRunner
    from .today_view import TodayView
    from .visit_view import VisitView

    class _Host(QMainWindow):
        """For the type checker the parts are the window (a QMainWindow) and know the methods
        one part calls on another. (Declared here, not in an ``if`` block in a class body:
        lupdate loses that class's translation context after one.)"""

        # MainWindow
        def refresh(self) -> None: ...
        def show_today(self) -> None: ...
        def show_households(self) -> None: ...
        def search_households(self) -> None: ...
        def select_household(self, household_id: str) -> None: ...
        def set_language(self, code: str) -> None: ...
        def show_error(self, exc: BaseException) -> None: ...
        def _update_actions(self) -> None: ...
        def _status(self, result: tuple[list[Grid], WorkspaceStatus]) -> None: ...
        def _households_arrived(
            self, rows: list[HouseholdSummary], keep: str | None = None
        ) -> None: ...

        # WindowDialogs
        def new_visit(self) -> None: ...
        def new_resident(self) -> None: ...
        def edit_selected_resident(self) -> None: ...
        def edit_household(self) -> None: ...
        def change_household_status(self) -> None: ...
        def remove_selected_resident(self) -> None: ...
        def _refresh_status(self) -> None: ...

        # WindowSync
        def sync_now(self) -> None: ...
        def show_conflict_centre(self, which: str = "conflicts") -> ConflictCentre: ...
        def sign_in(self, reason: str = "") -> SignInDialog: ...
        def sign_out(self) -> None: ...
        def _update_sync_actions(self) -> None: ...

else:
    _Host = object


class MainWindowState(_Host):
    """The main window's attributes that its parts use from one another."""

    workspace: Workspace
    tasks: TaskRunner
    sync: SyncController
    search: SearchPanel
    detail: HouseholdDetailPane
    household_actions: HouseholdActions
    # built on first use
    _sign_in_dialog: SignInDialog | None
    _conflict_centre: ConflictCentre | None
    _resident_editor: ResidentEditor | None
    _visit_view: VisitView | None
    _today: TodayView | None
    # the actions (built by WindowMenus) that the window's sync side enables
    sync_action: QAction
    cancel_sync_action: QAction
    sign_out_action: QAction
    toolbar_sign_in_action: QAction
