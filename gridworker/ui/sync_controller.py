"""When to sync, in the background: on demand, after local changes, periodically, and when
the network comes back. The window shows what this object says; it never touches widgets.

Every sync is one ``Workspace.sync`` run on the TaskRunner's serial worker, so it queues
behind (and ahead of) the window's other database work instead of racing it. Before a sync
the controller asks the centre a cheap ``GET /hello`` on the network pool: while offline the
serial worker is never held up by connection timeouts and retries, and household pages keep
loading. While offline the probe repeats every ``probe_ms`` (sooner when Qt's network
reachability reports a change) and a sync follows the first answer.

A first sync (or any large pull) writes its rows without search index upkeep. The controller
asks for the sync without the index rebuild (``Workspace.sync(index=False)``), so ``synced``
comes, and the window shows the rows, as soon as they are committed; the rebuild then runs on
the parallel pool (``indexing``, ``index_progressed``, ``index_finished``), where it does not
hold up household pages on the serial worker. Search works without the index meanwhile
(slower, no pinyin; the search box says so). A sync asked for during the rebuild waits for it.

A session that ended (refresh token spent or revoked, expired while offline) turns into
``sign_in_needed``: the window asks for the password, the outbox waits, nothing is lost.
With ``GRIDWORKER_PASSWORD`` set (``make run``, scripts) the controller signs in again by
itself, as the CLI does.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..api import (
    ENV_PASSWORD,
    AuthFailed,
    Binding,
    Cancelled,
    ProtocolMismatch,
    ServerUnreachable,
    SyncReport,
    Workspace,
)
from .errors import SESSION_ENDED
from .tasks import Task, TaskRunner

DEBOUNCE_MS = 5_000  # after the last local save
PERIOD_MS = 5 * 60_000  # while signed in and online
PROBE_MS = 30_000  # while offline
PROBE_TIMEOUT = 3.0  # seconds; the probe runs on the network pool, never the serial worker
PAGE_ROWS = 1000
"""Rows per pull page. Decoding a page's JSON is one C call that holds the interpreter lock
(a 4,600-row page stalled the window ~0.3 s on a loaded machine); smaller pages keep each
hold short, for a few more requests on a first sync."""
_INT_MAX = 2**31 - 1  # the TaskRunner's progress signal carries C ints


def freeze_long_lived() -> None:
    """Move every object alive now out of the cycle collector's reach (``gc.freeze()``).

    The pinyin tables add ~200,000 tracked objects; every full collection then walked them
    while holding the interpreter lock, a ~0.3 s freeze of the window in the middle of a
    sync (measured: one such collection was the longest UI stall). What is alive once the
    window and the tables are loaded lives as long as the app, so it need not be walked.
    Cheap (it splices lists), and harmless to repeat."""
    gc.freeze()


class SyncPhase(Enum):
    LOCAL_ONLY = "local_only"
    """Never signed in: everything stays on this computer."""
    SIGNED_OUT = "signed_out"
    """Bound to a centre, but no session: sign in to sync."""
    IDLE = "idle"
    """Signed in; the last sync (if any) finished."""
    CHECKING = "checking"
    """Asking the centre whether it answers, before a sync."""
    SYNCING = "syncing"
    OFFLINE = "offline"
    """The centre did not answer; probing until it does."""
    FAILED = "failed"
    """The last sync failed for another reason (``last_error``)."""


@dataclass(frozen=True, slots=True)
class SyncProgress:
    phase: str
    """``push`` (entries), ``pull`` (rows), ``upload`` (photo bytes)."""
    done: int
    total: int | None


class SyncController(QObject):
    phase_changed = Signal(object)  # SyncPhase
    progressed = Signal(object)  # SyncProgress
    synced = Signal(object)  # SyncReport of a finished run
    sync_failed = Signal(object)  # an exception other than offline / cancelled / sign-in
    cancelled = Signal()
    sign_in_needed = Signal(str)  # why, in plain words (empty: simply not signed in)
    index_progressed = Signal(int, int)  # entries tokenized, of total (search index rebuild)
    index_finished = Signal(bool)  # True: the index is complete; False: stopped or failed
    signed_out = Signal()
    binding_changed = Signal(object)  # Binding | None

    def __init__(
        self,
        workspace: Workspace,
        tasks: TaskRunner,
        parent: QObject | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        period_ms: int = PERIOD_MS,
        probe_ms: int = PROBE_MS,
        network_hint: bool = True,
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.tasks = tasks
        self.binding: Binding | None = None
        self.phase = SyncPhase.LOCAL_ONLY
        self.last_error: BaseException | None = None
        self.last_report: SyncReport | None = None
        self.sync_thread: str | None = None
        """Name of the thread the last sync ran on (tests check it is not the UI thread)."""
        self._cancel: threading.Event | None = None
        self._index_cancel: threading.Event | None = None
        self.indexing = False
        """The search index is being rebuilt after a large pull (the rows are shown)."""
        self._again = False  # a change arrived during a sync: sync once more afterwards
        self._manual = False  # the running attempt was asked for by the user
        self._paused = False  # the app is too old for the centre: only a manual sync retries
        self._signing_out = False
        self._stopped = False
        self._warm = False  # the pinyin tables are loaded and frozen

        self.debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self.debounce.timeout.connect(lambda: self.sync_now(manual=False))
        self.periodic = QTimer(self, interval=period_ms)
        self.periodic.timeout.connect(self._periodic)
        self.probe_timer = QTimer(self, interval=probe_ms)
        self.probe_timer.timeout.connect(self._probe_while_offline)
        self._network_hint = network_hint

    # -- state ---------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.phase in (SyncPhase.CHECKING, SyncPhase.SYNCING)

    @property
    def can_sync(self) -> bool:
        return self.phase not in (SyncPhase.LOCAL_ONLY, SyncPhase.SIGNED_OUT)

    def _set_phase(self, phase: SyncPhase) -> None:
        self._arm_timers(phase)
        if phase is not self.phase:
            self.phase = phase
            self.phase_changed.emit(phase)

    def _arm_timers(self, phase: SyncPhase) -> None:
        """Probe while offline; sync periodically while signed in; nothing once stopped."""
        if self._stopped or phase in (SyncPhase.LOCAL_ONLY, SyncPhase.SIGNED_OUT):
            for timer in (self.debounce, self.periodic, self.probe_timer):
                timer.stop()
            return
        if phase is SyncPhase.OFFLINE:
            if not self.probe_timer.isActive():
                self.probe_timer.start()
        else:
            self.probe_timer.stop()
        if not self.periodic.isActive():
            self.periodic.start()

    # -- start-up and sign-in ------------------------------------------------------------
    def start(self) -> None:
        """Learn the binding and session off the UI thread, then sync if signed in (signing
        in first with ``GRIDWORKER_PASSWORD`` when set)."""
        workspace = self.workspace
        self.tasks.run(
            lambda: (workspace.binding, workspace.signed_in()), on_success=self._started
        )
        if self._network_hint:
            self._watch_network()

    def _started(self, result: tuple[Binding | None, bool]) -> None:
        binding, signed_in = result
        self._set_binding(binding)
        if binding is None:
            self._set_phase(SyncPhase.LOCAL_ONLY)
            return
        if signed_in or os.environ.get(ENV_PASSWORD):
            self._set_phase(SyncPhase.IDLE)
        else:
            self._set_phase(SyncPhase.SIGNED_OUT)
        # signs in with the environment password if needed
        self._warm_up_then(lambda: self.sync_now(manual=False))

    def _warm_up_then(self, then: Callable[[], None]) -> None:
        """A bound workspace will index pulled names: load the pinyin tables once, off the
        UI thread, and freeze what is alive then (see ``freeze_long_lived``) before syncing."""
        if self._warm:
            then()
            return

        def warmed(_result: object) -> None:
            self._warm = True
            freeze_long_lived()
            if self.phase is SyncPhase.IDLE:
                then()

        self.tasks.run(
            self.workspace.warm_up,
            parallel=True,
            on_success=warmed,
            on_failure=lambda _exc: warmed(None),  # indexing will load them itself
        )

    def _set_binding(self, binding: Binding | None) -> None:
        if binding != self.binding:
            self.binding = binding
            self.binding_changed.emit(binding)

    def signed_in(self, binding: Binding) -> None:
        """The sign-in dialog succeeded: sync now (the outbox kept everything)."""
        self._set_binding(binding)
        self._paused = False
        self.last_error = None
        self._set_phase(SyncPhase.IDLE)
        self._warm_up_then(lambda: self.sync_now(manual=True))

    def sign_out(self) -> Task:
        """Revoke the session (when reachable) and forget it; local data stays."""
        self.cancel()
        self._signing_out = True

        def done(_result: object) -> None:
            self._signing_out = False
            self._set_phase(SyncPhase.SIGNED_OUT if self.binding else SyncPhase.LOCAL_ONLY)
            self.signed_out.emit()

        def failed(exc: BaseException) -> None:
            self._signing_out = False
            if self.tasks.on_error is not None:
                self.tasks.on_error(exc)

        return self.tasks.run(self.workspace.logout, on_success=done, on_failure=failed)

    def stop(self) -> None:
        """The window closes: no new syncs; a running one stops at its next request."""
        for timer in (self.debounce, self.periodic, self.probe_timer):
            timer.stop()
        self._stopped = True
        for cancel in (self._cancel, self._index_cancel):
            if cancel is not None:
                cancel.set()

    # -- triggers ------------------------------------------------------------------------
    def local_change(self) -> None:
        """A local save: sync ``debounce_ms`` after the last one (a burst of edits is one)."""
        if not self.can_sync or self._paused:
            return
        if self.busy:
            self._again = True
        elif self.phase is not SyncPhase.OFFLINE:  # offline: the probe syncs on return
            self.debounce.start()

    def _periodic(self) -> None:
        if self.phase in (SyncPhase.IDLE, SyncPhase.FAILED) and not self._paused:
            self.sync_now(manual=False)

    def sync_now(self, manual: bool = True) -> None:
        """Check the centre answers, then sync. ``manual``: asked for by the user (errors
        are shown at once, and a paused controller tries again)."""
        self.debounce.stop()
        if self._stopped or self._signing_out:
            return
        if self.busy or self.indexing:
            if not manual or self.indexing:
                self._again = True  # after the rebuild: it would only wait for its lock
            return
        if not self.can_sync:
            if manual:
                self.sign_in_needed.emit("")
            return
        if self._paused and not manual:
            return
        self._manual = manual
        self._again = False
        self._set_phase(SyncPhase.CHECKING)
        self._probe(then_sync=True)

    def _probe_while_offline(self) -> None:
        if self.phase is SyncPhase.OFFLINE:
            self._probe(then_sync=True)

    def network_changed(self) -> None:
        """Qt says reachability changed: do not wait for the next probe tick."""
        if self.phase is SyncPhase.OFFLINE:
            self._probe(then_sync=True)

    def _watch_network(self) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        try:
            loaded = QNetworkInformation.loadBackendByFeatures(
                QNetworkInformation.Feature.Reachability
            )
        except Exception:  # no backend on this system: the probe alone decides
            return
        info = QNetworkInformation.instance() if loaded else None
        if info is not None:
            info.reachabilityChanged.connect(self._reachability_changed)

    def _reachability_changed(self, _reachability: object) -> None:
        self.network_changed()

    # -- probe and sync ------------------------------------------------------------------
    def _probe(self, then_sync: bool) -> None:
        workspace = self.workspace
        server = self.binding.server if self.binding else None

        def probe() -> dict[str, Any]:
            return workspace.probe(server, timeout=PROBE_TIMEOUT)

        def answered(_hello: object) -> None:
            if then_sync and self.phase in (SyncPhase.CHECKING, SyncPhase.OFFLINE):
                self._run_sync()

        self.tasks.run(probe, on_success=answered, on_failure=self._failed, parallel=True)

    def _run_sync(self) -> None:
        binding = self.binding
        if binding is None:
            self._set_phase(SyncPhase.LOCAL_ONLY)
            return
        self._set_phase(SyncPhase.SYNCING)
        cancel = self._cancel = threading.Event()
        workspace = self.workspace
        password = os.environ.get(ENV_PASSWORD) or None

        def work(task: Task) -> SyncReport:
            self.sync_thread = threading.current_thread().name

            def progress(phase: str, done: int, total: int | None) -> None:
                # The UI thread gets it through the runner's queued signal.
                task.report(min(done, _INT_MAX), -1 if total is None else min(total, _INT_MAX),
                            phase)

            if password and not workspace.signed_in():
                workspace.login(binding.server, binding.username, password)
            try:
                return workspace.sync(
                    progress=progress, cancel=cancel, page_rows=PAGE_ROWS, index=False
                )
            except AuthFailed as exc:
                if exc.code not in SESSION_ENDED or not password:
                    raise
                workspace.login(binding.server, binding.username, password)
                return workspace.sync(
                    progress=progress, cancel=cancel, page_rows=PAGE_ROWS, index=False
                )

        self.tasks.run(
            work,
            pass_task=True,
            on_success=self._finished,
            on_failure=self._failed,
            on_progress=self._progress,
        )

    def cancel(self) -> None:
        """Stop the running sync between two requests; what finished stays finished."""
        if self._cancel is not None:
            self._cancel.set()
        if self.phase is SyncPhase.CHECKING:  # nothing written yet: just do not sync
            self._set_phase(SyncPhase.IDLE)
            self.cancelled.emit()

    def _progress(self, done: int, total: int, phase: str) -> None:
        if self.phase is SyncPhase.SYNCING:
            self.progressed.emit(SyncProgress(phase, done, None if total < 0 else total))

    def _finished(self, report: SyncReport) -> None:
        self._cancel = None
        self.last_report = report
        self.last_error = None
        self._set_phase(SyncPhase.IDLE)
        self.synced.emit(report)
        if not report.index_ready and not self._stopped:
            self._rebuild_index()
        elif self._again:
            self._again = False
            self.debounce.start()

    # -- search index --------------------------------------------------------------------
    def _rebuild_index(self) -> None:
        """Rebuild the search index a large pull left stale, on the parallel pool."""
        if self.indexing:
            return
        self.indexing = True
        cancel = self._index_cancel = threading.Event()
        workspace = self.workspace

        def work(task: Task) -> int:
            def progress(done: int, total: int) -> None:
                task.report(min(done, _INT_MAX), min(total, _INT_MAX), "indexing")

            return workspace.rebuild_search_index(progress=progress, cancel=cancel)

        def ended(complete: bool) -> None:
            self.indexing = False
            self._index_cancel = None
            self.index_finished.emit(complete)
            if self._again and not self._stopped:
                self._again = False
                self.debounce.start()

        def failed(exc: BaseException) -> None:
            ended(False)
            # Stopped, or failed (a full disk): the index stays stale and search keeps
            # working without it; the next sync tries again. Shown like a failed sync.
            if not isinstance(exc, Cancelled) and self.tasks.on_error is not None:
                self.tasks.on_error(exc)

        def start(_nothing: object = None) -> None:
            if cancel.is_set():
                ended(False)
                return
            self.tasks.run(
                work,
                pass_task=True,
                parallel=True,
                on_success=lambda _entries: ended(True),
                on_failure=failed,
                on_progress=lambda done, total, _phase: self.index_progressed.emit(done, total),
            )

        self.index_progressed.emit(0, 0)
        # Start once the serial worker has done what is queued before this (the window's
        # refresh for the new rows, queued by ``synced``) and its result has reached the UI
        # thread: tokenizing holds the interpreter lock in 5 ms turns, so running alongside
        # the list refresh made the window stall (139 ms measured), after it nothing does.
        self.tasks.run(lambda: None, on_success=start, on_failure=lambda _exc: start())

    def _failed(self, exc: BaseException) -> None:
        self._cancel = None
        if self.phase is SyncPhase.IDLE and not isinstance(exc, ServerUnreachable):
            return  # a probe that came back after the user cancelled the check
        if isinstance(exc, Cancelled):
            self._set_phase(SyncPhase.IDLE)
            self.cancelled.emit()
            return
        self.last_error = exc
        if isinstance(exc, ServerUnreachable):
            self._set_phase(SyncPhase.OFFLINE)
            return
        if isinstance(exc, AuthFailed):
            self._set_phase(SyncPhase.SIGNED_OUT if self.binding else SyncPhase.LOCAL_ONLY)
            from .errors import sync_text

            self.sign_in_needed.emit(sync_text(exc))
            return
        if isinstance(exc, ProtocolMismatch):
            self._paused = True  # repeating cannot help until the app is updated
        self._set_phase(SyncPhase.FAILED)
        self.sync_failed.emit(exc)

    @property
    def manual(self) -> bool:
        """The running (or last) attempt was asked for by the user."""
        return self._manual
