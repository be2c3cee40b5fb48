"""The one way to run disk and network work off the UI thread.

    tasks.run(lambda: workspace.search(text), on_success=self.show_hits)

Work functions never touch widgets; their result (or exception) comes back to the UI thread
through a queued signal. Database work goes to a single serial worker, so writes from the UI
keep their order and never contend with each other; ``parallel=True`` uses the shared pool
(for CPU work such as photo processing, or network calls).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..domain.errors import GridworkerError

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a work function that checked ``task.cancelled`` and gave up."""


class _Signals(QObject):
    # Kept on a separate QObject: QRunnable and QObject do not mix as base classes.
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


def _no_progress(done: int, total: int, phase: str) -> None:
    """Progress of a task not yet handed to a runner: nobody listens."""


class Task:
    """A handle on submitted work: cancel it, or ask whether it finished."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self.done = False
        self.report: Callable[[int, int, str], None] = _no_progress
        """``report(done, total, phase)`` from the work function: the runner's progress signal
        (``on_progress`` gets it on the UI thread)."""

    def cancel(self) -> None:
        """Ignore the result from now on; cooperative work functions may also stop early."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: _Signals, task: Task, wants_task: bool):
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._signals, self._task, self._wants_task = fn, signals, task, wants_task

    def run(self) -> None:
        try:
            result = self._fn(self._task) if self._wants_task else self._fn()
        except BaseException as exc:  # handed to the UI thread, which decides what to show
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


def _log_failure(fn: Callable[..., Any], exc: BaseException) -> None:
    """Faults with their traceback; our own errors (a refused input, a server out of reach)
    by type and code only: their messages may quote what was typed."""
    what = getattr(fn, "__qualname__", type(fn).__name__)
    if isinstance(exc, GridworkerError):
        log.info("task %s failed: %s (%s)", what, type(exc).__name__, exc.code)
    else:
        log.error("task %s failed", what, exc_info=(type(exc), exc, exc.__traceback__))


class TaskRunner(QObject):
    """Owns the worker threads. Create one per application window (tests create their own)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._serial = QThreadPool(self)
        self._serial.setMaxThreadCount(1)
        self._parallel = QThreadPool(self)
        self._parallel.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self._live: set[_Signals] = set()
        self.on_error: Callable[[BaseException], None] | None = None

    def run(
        self,
        fn: Callable[..., Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        parallel: bool = False,
        pass_task: bool = False,
    ) -> Task:
        """Run ``fn()`` (or ``fn(task)`` with ``pass_task``) in the background.

        ``on_failure`` defaults to the runner's ``on_error`` (the app's one error handler).
        A cancelled task's callbacks are not called.
        """
        task = Task()
        signals = _Signals()
        self._live.add(signals)

        def finish() -> None:
            task.done = True
            self._live.discard(signals)

        def succeeded(result: Any) -> None:
            finish()
            if not task.cancelled and on_success is not None:
                on_success(result)

        def failed(exc: BaseException) -> None:
            finish()
            if task.cancelled or isinstance(exc, Cancelled):
                return
            _log_failure(fn, exc)
            handler = on_failure or self.on_error
            if handler is None:
                raise exc
            handler(exc)

        signals.succeeded.connect(succeeded)
        signals.failed.connect(failed)
        if on_progress is not None:
            signals.progressed.connect(on_progress)
        task.report = signals.progressed.emit
        pool = self._parallel if parallel else self._serial
        pool.start(_Job(fn, signals, task, pass_task))
        return task

    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until all work finished (shutdown and tests)."""
        return self._serial.waitForDone(msecs) and self._parallel.waitForDone(msecs)
