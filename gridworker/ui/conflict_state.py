"""What the conflict centre's parts share, declared for the type checker.

:class:`~gridworker.ui.conflict_centre.ConflictCentre` is built from mixins
(:mod:`.conflict_decision`, :mod:`.conflict_rejections`) that use the centre's attributes and
each other's methods. They derive from :class:`ConflictCentreState`: at run time a plain class
that only holds annotations (the attributes one part uses from another); for mypy also a
:class:`QDialog` (``tr``, a parent for the widgets it builds …) that declares the methods one
part calls on another. The definitions are the centre's and the mixins'; mypy checks them
against these declarations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton, QStackedWidget

    from ..api import ConflictView, RejectedChange, Workspace
    from .conflict_lists import SnapshotList
    from .sync_controller import SyncController
    from .tasks import TaskRunner

    class _Host(QDialog):
        """For the type checker the parts are the centre (a QDialog) and know the methods
        one part calls on another. (Declared here, not in an ``if`` block in a class body:
        lupdate loses that class's translation context after one.)"""

        def refresh(self) -> None: ...  # ConflictCentre
        def _enable_choices(self, enabled: bool) -> None: ...  # ConflictDecision
        def current_rejection(self) -> RejectedChange | None: ...  # RejectedChanges

else:
    _Host = object


class ConflictCentreState(_Host):
    """The conflict centre's attributes that its parts use from one another."""

    changed: ClassVar[Signal]
    resolved: ClassVar[Signal]
    workspace: Workspace
    tasks: TaskRunner
    sync: SyncController | None
    busy: bool  # a decision or a refused change's handling is being written
    message: QLabel
    conflicts: dict[str, ConflictView]
    rejections: dict[str, RejectedChange]
    confirm_box: QMessageBox | None
    _decided_text: str  # the last decision, until the sync that carries it ends
    _decided_id: str
    # ConflictCentre's (the 待处理的冲突 tab)
    open_list: SnapshotList
    detail_stack: QStackedWidget
    # RejectedChanges' buttons, enabled with the decision's
    keep_copy_button: QPushButton
    discard_button: QPushButton
