"""Fixtures for the desktop UI tests: a throw-away demo workspace and a background runner.

Every test gets its own workspace under ``tmp_path`` (never the user's data folder) and its
own :class:`TaskRunner`, which is drained at teardown so no worker thread outlives its test.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from support.gui import SYNC_TIMEOUT
from support.server import gridcenter  # noqa: F401  (a real gridcenter, for the sync UI tests)

from gridworker.api import Workspace
from gridworker.app import install_translations, translations_dir
from gridworker.sync.client import RetryPolicy
from gridworker.sync.credentials import MemoryStore
from gridworker.ui.main_window import MainWindow
from gridworker.ui.sync_controller import SyncController
from gridworker.ui.tasks import TaskRunner

DEMO_HOUSEHOLDS = 40
DEMO_SEED = 3


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings (language choice, window state) go to a temporary folder, not the user's."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("settings"))
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


@pytest.fixture
def english(qapp: Any) -> Iterator[None]:
    """The English translation installed for the test (removed afterwards)."""

    translators = install_translations(qapp, "en")
    try:
        assert translators, f"could not load {translations_dir() / 'gridworker_en.qm'}"
        yield
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        assert QCoreApplication.translate("errors", "出错了") == "出错了"


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A temporary workspace holding a small demo village (40 households, seed 3)."""
    ws = Workspace.open(tmp_path / "ws")
    ws.load_demo(households=DEMO_HOUSEHOLDS, seed=DEMO_SEED)
    try:
        yield ws
    finally:
        ws.close()


@pytest.fixture
def tasks(qapp: object) -> Iterator[TaskRunner]:
    """The UI's background runner; waits for every submitted job before the test ends."""
    runner = TaskRunner()
    try:
        yield runner
    finally:
        finished = runner.wait(30000)
        QCoreApplication.processEvents()  # deliver results still queued for the UI thread
        runner.deleteLater()
        assert finished, "background work still running at teardown"


# -- the main window against a real gridcenter ---------------------------------------------


@pytest.fixture(autouse=True)
def _no_environment_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test signs in from the developer's environment by accident."""
    from gridworker.api import ENV_PASSWORD, ENV_SERVER

    monkeypatch.delenv(ENV_PASSWORD, raising=False)
    monkeypatch.delenv(ENV_SERVER, raising=False)


@pytest.fixture
def store() -> MemoryStore:
    """Tokens in memory: like a machine without a keyring, and never the user's keyring."""
    return MemoryStore()


@pytest.fixture
def open_ws(tmp_path: Path, store: MemoryStore) -> Iterator[Callable[..., Workspace]]:
    """``open_ws(name="client", credentials=None, **engine_options)``: an empty workspace
    (not signed in) whose client does not sleep between retries; tokens go to ``store``
    unless other ``credentials`` are given."""
    opened: list[Workspace] = []

    def open_(
        name: str = "client", *, credentials: MemoryStore | None = None, **engine: int
    ) -> Workspace:
        ws = Workspace.open(tmp_path / name, credentials=credentials or store)
        ws.sync_service.client_options = {
            "sleeper": lambda _s: None, "retry": RetryPolicy(attempts=2)
        }
        ws.sync_service.engine_options = dict(engine)
        opened.append(ws)
        return ws

    yield open_
    for ws in opened:
        ws.close()


@pytest.fixture
def signed_in(open_ws: Callable[..., Workspace]) -> Callable[..., Workspace]:
    """``signed_in(server, user, name, sync=True)``: a workspace of its own (own token store,
    like another laptop) signed in to ``server`` as ``user`` and, unless told not to, synced."""

    def make(server: Any, user: str, name: str, *, sync: bool = True) -> Workspace:
        ws = open_ws(name, credentials=MemoryStore())
        ws.login(server.url, user, server.password)
        if sync:
            ws.sync()
        return ws

    return make


@pytest.fixture
def make_window(qtbot: Any, tasks: TaskRunner) -> Iterator[Callable[..., MainWindow]]:
    """``make_window(ws, wait_for_sync=False, debounce_ms=300, probe_ms=300,
    period_ms=600_000)``: the main window shown and started (its first list page on screen),
    with short sync timers; ``wait_for_sync``: also wait for its start-up sync to finish."""
    windows: list[MainWindow] = []

    def make(ws: Workspace, *, wait_for_sync: bool = False, **timing: int) -> MainWindow:
        controller = SyncController(
            ws, tasks, debounce_ms=timing.get("debounce_ms", 300),
            probe_ms=timing.get("probe_ms", 300), period_ms=timing.get("period_ms", 600_000),
            network_hint=False,
        )  # fmt: skip
        window = MainWindow(ws, tasks, sync=controller)
        qtbot.addWidget(window)
        window.show()  # painted first: the first paint (fonts, layout) is not the sync's
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.ready, timeout=10_000):
            window.start()
        windows.append(window)
        if wait_for_sync:
            qtbot.waitUntil(
                lambda: window.sync.last_report is not None and not window.sync.busy,
                timeout=SYNC_TIMEOUT,
            )
        return window

    yield make
    for window in windows:  # stop syncing before the workspaces close
        window.close()
    tasks.wait(30_000)
