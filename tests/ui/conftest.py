"""Fixtures for the desktop UI tests: a throw-away demo workspace and a background runner.

Every test gets its own workspace under ``tmp_path`` (never the user's data folder) and its
own :class:`TaskRunner`, which is drained at teardown so no worker thread outlives its test.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from support.server import gridcenter  # noqa: F401  (a real gridcenter, for the sync UI tests)

from gridworker.api import Workspace
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
