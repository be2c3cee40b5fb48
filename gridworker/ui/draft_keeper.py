"""Keeps a form's half-typed content as a draft, so a crash or a flat battery loses nothing.

    keeper = DraftKeeper(workspace.drafts, tasks, collect=self._draft_payload, parent=self)
    keeper.watch(summary_edit, type_combo, ...)
    keeper.load("visit:<household>", on_loaded=self._apply_draft)   # when the form opens
    keeper.discard()                                                # after a successful save

Cancelling is the form's business, but it goes through one helper so every form asks the
same question (see :mod:`gridworker.ui.draft_prompt`)::

    def reject(self):                                   # 取消 / Esc / the window's close box
        if confirm_cancel(self, self.keeper, on_discard=self._reset):
            super().reject()

and a restored draft is always shown as such (``DraftBanner.show_restored(keeper.restored_at)``
in ``on_loaded``), never refilled silently. The keeper's part of that contract:

* :meth:`has_unsaved_edits` -- the form holds something a draft would keep (``collect()`` is
  not ``None``): typed since it opened, or restored from a draft and not yet saved;
* :meth:`discard` -- forget the draft (and a pending write);
* :meth:`flush` -- write the draft now (what "keep the draft" means);
* :meth:`detach` -- stop keeping drafts for the current key while the form loads another
  record (nothing is "unsaved" until the next :meth:`load`);
* :attr:`restored_at` -- when the draft that :meth:`load` found was last written.

``collect`` decides what a draft holds. A form that edits a stored record puts in only what
the worker changed, never values pre-filled from the record (a masked ID number or phone
above all): drafts are plain JSON in the workspace database.

Saving is throttled rather than purely debounced: the first change starts a ~400 ms timer
and later changes do not restart it, so a person who types without pausing still has a draft
at most ~0.4 s old (a pure debounce would never save during continuous typing). Every save,
load and discard goes through the TaskRunner's serial queue, so they reach the database in
the order they were asked for: a draft saved while closing a form is on disk before the
same form, reopened, loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
)

from ..api import Draft
from .tasks import TaskRunner

DEFAULT_DELAY_MS = 400

Payload = dict[str, Any]


def bound_to(
    owner: QObject, fn: Callable[..., Any], fallback: Callable[..., Any] | None = None
) -> Callable[..., Any]:
    """``fn``, but once ``owner`` is destroyed ``fallback`` (or nothing) is called instead.

    Background results arrive later; the form that asked may have been closed and deleted by
    then, and touching a deleted widget raises.
    """

    def call(*args: Any) -> Any:
        if shiboken6.isValid(owner):
            return fn(*args)
        if fallback is not None:
            return fallback(*args)
        return None

    return call


class DraftStore(Protocol):
    """What :class:`gridworker.services.drafts.DraftService` offers (``Workspace.drafts``)."""

    def save(self, key: str, payload: Payload) -> None: ...
    def entry(self, key: str) -> Draft | None: ...
    def discard(self, key: str) -> None: ...


class DraftKeeper(QObject):
    """Watches a form's fields and saves ``collect()`` under ``key`` shortly after changes.

    ``collect`` returns the JSON-serialisable payload, or ``None`` when the form holds
    nothing worth keeping (then the stored draft is discarded instead).
    """

    draft_saved = Signal()  # a draft write reached the disk (for a quiet "已自动保存" cue)

    def __init__(
        self,
        store: DraftStore,
        tasks: TaskRunner,
        collect: Callable[[], Payload | None],
        parent: QObject | None = None,
        delay_ms: int = DEFAULT_DELAY_MS,
    ):
        super().__init__(parent)
        self._store, self._tasks, self._collect = store, tasks, collect
        self.key: str | None = None
        self.restored_at: datetime | None = None  # when the draft load() found was written
        self._paused = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._on_error: Callable[[BaseException], None] | None = None
        self.saves = 0  # drafts written (for tests and diagnostics)

    def set_error_handler(self, handler: Callable[[BaseException], None]) -> None:
        """Where a failed draft write is reported (default: the runner's on_error)."""
        self._on_error = handler

    # -- watching --------------------------------------------------------------------------
    def watch(self, *sources: QObject) -> None:
        """Connect each widget's (or item model's) change signal to :meth:`touch`."""
        for source in sources:
            if isinstance(source, QPlainTextEdit | QTextEdit | QLineEdit):
                source.textChanged.connect(self.touch)
            elif isinstance(source, QComboBox):
                source.currentIndexChanged.connect(self.touch)
                if source.isEditable():
                    source.editTextChanged.connect(self.touch)
            elif isinstance(source, QAbstractButton):
                source.toggled.connect(self.touch)
            elif isinstance(source, QDateTimeEdit):  # also QDateEdit
                source.dateTimeChanged.connect(self.touch)
            elif isinstance(source, QSpinBox):
                source.valueChanged.connect(self.touch)
            elif isinstance(source, QAbstractItemModel):
                source.dataChanged.connect(self.touch)
                source.rowsInserted.connect(self.touch)
                source.rowsRemoved.connect(self.touch)
                source.modelReset.connect(self.touch)
            else:
                raise TypeError(f"DraftKeeper cannot watch {type(source).__name__}")

    def touch(self, *_args: object) -> None:
        """Something changed: save within ``delay_ms`` (unless paused or keyless)."""
        if self._paused or self.key is None:
            return
        if not self._timer.isActive():
            self._timer.start()

    @property
    def pending(self) -> bool:
        """Whether a change is waiting for its draft save."""
        return self._timer.isActive()

    def pause(self) -> None:
        """Ignore changes (while the form fills itself in, or while saving for real)."""
        self._paused += 1
        self._timer.stop()

    def resume(self) -> None:
        self._paused = max(0, self._paused - 1)

    # -- storing ---------------------------------------------------------------------------
    def flush(self) -> None:
        """Save now if a change is pending (closing the form, the window, the app)."""
        self._timer.stop()
        key = self.key
        if key is None:
            return
        payload = self._collect()
        store = self._store
        self.saves += 1
        if payload is None:
            self._tasks.run(lambda: store.discard(key), on_failure=self._failure_handler())
        else:
            self._tasks.run(
                lambda: store.save(key, payload),
                on_success=bound_to(self, lambda _result: self.draft_saved.emit()),
                on_failure=self._failure_handler(),
            )

    def flush_if_pending(self) -> None:
        if self._timer.isActive():
            self.flush()

    def has_unsaved_edits(self) -> bool:
        """Whether closing now would leave something behind: the form holds what a draft
        keeps (typed since it opened, or restored from a draft and not saved since)."""
        return self.key is not None and self._collect() is not None

    def load(self, key: str, on_loaded: Callable[[Payload | None], None]) -> None:
        """Switch to ``key`` and fetch its draft in the background.

        A pending change for the previous key is saved first (same serial queue, so the
        write lands before the read).
        """
        self.flush_if_pending()
        self.key = key
        self.restored_at = None
        store = self._store

        def loaded(entry: Draft | None) -> None:
            if entry is not None and self.key == key:
                self.restored_at = entry.saved_at
            on_loaded(entry.payload if entry is not None else None)

        self._tasks.run(
            lambda: store.entry(key),
            on_success=bound_to(self, loaded),
            on_failure=self._failure_handler(),
        )

    def detach(self) -> None:
        """Save a pending change, then keep no drafts until the next :meth:`load` (while the
        form fills itself with another record, nothing in it is the worker's)."""
        self.flush_if_pending()
        self.key = None
        self.restored_at = None

    def discard(self, key: str | None = None) -> None:
        """Drop the draft (after a successful save, or when the worker discards it); a
        pending change is forgotten."""
        self._timer.stop()
        key = key or self.key
        if key == self.key:
            self.restored_at = None
        if key is None:
            return
        store = self._store
        self._tasks.run(lambda: store.discard(key), on_failure=self._failure_handler())

    def _failure_handler(self) -> Callable[[BaseException], None]:
        # A draft that could not be written must not fail silently, even after the form
        # that owned it is gone: then the app's one error handler hears about it.
        tasks = self._tasks

        def orphaned(exc: BaseException) -> None:
            if tasks.on_error is not None:
                tasks.on_error(exc)

        return bound_to(self, self._failed, fallback=orphaned)

    def _failed(self, exc: BaseException) -> None:
        handler = self._on_error or self._tasks.on_error
        if handler is None:
            raise exc
        handler(exc)
