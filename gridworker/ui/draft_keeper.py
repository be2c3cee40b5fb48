"""Keeps a form's half-typed content as a draft, so a crash or a flat battery loses nothing.

    keeper = DraftKeeper(workspace.drafts, tasks, collect=self._draft_payload, parent=self)
    keeper.watch(summary_edit, type_combo, ...)
    keeper.load("visit:<household>", on_loaded=self._apply_draft)   # when the form opens
    keeper.discard()                                                # after a successful save

Saving is throttled rather than purely debounced: the first change starts a ~400 ms timer
and later changes do not restart it, so a person who types without pausing still has a draft
at most ~0.4 s old (a pure debounce would never save during continuous typing). Every save,
load and discard goes through the TaskRunner's serial queue, so they reach the database in
the order they were asked for: a draft saved while closing a form is on disk before the
same form, reopened, loads it.
"""

from __future__ import annotations

from collections.abc import Callable
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
    def load(self, key: str) -> Payload | None: ...
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

    def load(self, key: str, on_loaded: Callable[[Payload | None], None]) -> None:
        """Switch to ``key`` and fetch its draft in the background.

        A pending change for the previous key is saved first (same serial queue, so the
        write lands before the read).
        """
        self.flush_if_pending()
        self.key = key
        store = self._store
        self._tasks.run(
            lambda: store.load(key),
            on_success=bound_to(self, on_loaded),
            on_failure=self._failure_handler(),
        )

    def discard(self, key: str | None = None) -> None:
        """Drop the draft (after a successful save); a pending change is forgotten."""
        self._timer.stop()
        key = key or self.key
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
