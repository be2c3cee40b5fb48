"""The main window's status bar and its side of sync: signing in and out, what a finished,
failed or cancelled sync refreshes, and the conflict centre it opens.

A mixin of :class:`~gridworker.ui.main_window.MainWindow`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from ..api import Binding, SyncReport
from .errors import readable
from .main_state import MainWindowState
from .quarantine_dialog import show_quarantined
from .sign_in import SignInDialog
from .sync_controller import SyncPhase
from .sync_status import SyncStatus

if TYPE_CHECKING:
    from .conflict_centre import ConflictCentre


class WindowSync(MainWindowState):
    """The status bar, the sync controller's signals and the sign-in dialog."""

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        bar.addPermanentWidget(self.counts_label)
        self.sync_status = SyncStatus(self.sync, bar, self)
        self.sync_label = self.sync_status.sync_label
        self.sync_status.details_requested.connect(self.show_error)
        self.sync_status.open_requested.connect(self.show_conflict_centre)
        self.sync_status.quarantine_requested.connect(
            lambda: show_quarantined(self, self.tasks, self.workspace)  # type: ignore[arg-type]
        )
        self.operator_label = QLabel(
            self.tr("操作员：{0}").format(self.workspace.actor.display_name), self
        )
        self.operator_label.setObjectName("operatorLabel")
        bar.addPermanentWidget(self.operator_label)

        self.sync.phase_changed.connect(self._sync_phase_changed)
        self.sync.synced.connect(self._synced)
        self.sync.index_finished.connect(self._index_finished)
        self.sync.sync_failed.connect(self._sync_failed)
        self.sync.cancelled.connect(self._sync_cancelled)
        self.sync.sign_in_needed.connect(self.sign_in)
        self.sync.signed_out.connect(self._signed_out)
        self.sync.binding_changed.connect(self._binding_changed)

    def sync_now(self) -> None:
        self.sync.sync_now(manual=True)

    def show_conflict_centre(self, which: str = "conflicts") -> ConflictCentre:
        """Open (or raise) the non-modal conflict centre; ``which``: ``conflicts`` or
        ``rejected`` (the tab to show)."""
        if self._conflict_centre is None:
            from .conflict_centre import ConflictCentre  # loaded on first use

            centre = ConflictCentre(self.workspace, self.tasks, self.sync, self)
            centre.changed.connect(self._refresh_status)
            self._conflict_centre = centre
        from .conflict_centre import TAB_OPEN, TAB_REJECTED

        self._conflict_centre.open_tab(TAB_REJECTED if which == "rejected" else TAB_OPEN)
        return self._conflict_centre

    def sign_in(self, reason: str = "") -> SignInDialog:
        """Open the sign-in dialog (prefilled from the binding), saying ``reason`` if any."""
        dialog = self._sign_in_dialog
        if dialog is None:
            dialog = self._sign_in_dialog = SignInDialog(self.workspace, self.tasks, self)
            dialog.signed_in.connect(self._signed_in)
        dialog.prefill(self.sync.binding)
        dialog.set_reason(reason)
        if not dialog.isVisible():
            dialog.open()
        return dialog

    def _binding_changed(self, binding: Binding | None) -> None:
        dialog = self._sign_in_dialog
        if dialog is not None and dialog.isVisible() and not dialog.busy:
            dialog.prefill(binding)  # opened before the binding was known
            dialog.first_empty_field().setFocus()

    def _signed_in(self, binding: Binding) -> None:
        self.statusBar().showMessage(
            self.tr("已登录：{0}（{1}）").format(binding.display_name, binding.username), 5000
        )
        self._refresh_status()
        self.sync.signed_in(binding)

    def sign_out(self) -> None:
        self.sync.sign_out()

    def _signed_out(self) -> None:
        self.statusBar().showMessage(
            self.tr("已退出登录。本机数据都已保留，重新登录后继续同步。"), 6000
        )
        self._refresh_status()

    def _sync_phase_changed(self, phase: SyncPhase) -> None:
        self._update_sync_actions()
        error = self.sync.last_error
        if phase is SyncPhase.OFFLINE and self.sync.manual and error is not None:
            self.statusBar().showMessage(readable(error), 8000)  # asked for, so say why not

    def _update_sync_actions(self) -> None:
        busy = self.sync.busy
        self.sync_action.setEnabled(not busy)
        self.cancel_sync_action.setEnabled(busy)
        self.sign_out_action.setEnabled(self.sync.can_sync)
        self.toolbar_sign_in_action.setVisible(not self.sync.can_sync)

    def _synced(self, report: SyncReport) -> None:
        if report.nothing_happened:
            self._refresh_status()
        else:
            self.refresh()  # list, open household and status: rows may have arrived
            if self._visit_view is not None and self._visit_view.isVisible():
                self._visit_view.reload()  # a colleague's correction, or ours now sent

    def _index_finished(self, complete: bool) -> None:
        if complete:
            self.search.refresh()  # hits shown while the index was missing lacked pinyin

    def _sync_failed(self, exc: BaseException) -> None:
        self._refresh_status()
        if self.sync.manual:
            self.show_error(exc)

    def _sync_cancelled(self) -> None:
        self.statusBar().showMessage(
            self.tr("同步已取消。已完成的部分已保存，下次同步会从中断处继续。"), 6000
        )
        self.refresh()  # what was pushed or pulled before the cancel changes rows' states

