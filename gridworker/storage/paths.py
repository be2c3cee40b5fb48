"""Where a workspace lives: one folder per workspace, resolved in one place.

Order: an explicit ``--data-dir``, then ``GRIDWORKER_DATA_DIR``, then the platform's user data
folder (platformdirs), e.g. ``~/.local/share/gridworker/local`` on Linux and
``%LOCALAPPDATA%\\gridworker\\local`` on Windows.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "GRIDWORKER_DATA_DIR"
DATABASE_NAME = "gridworker.sqlite3"
PHOTOS_DIR = "photos"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser().resolve()
    return Path(platformdirs.user_data_dir("gridworker", appauthor=False)) / "local"


LOG_FILE_NAME = "gridworker.log"
LOGS_DIR = "logs"


def resolve_log_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the support log goes: beside a workspace chosen with ``--data-dir`` or
    ``GRIDWORKER_DATA_DIR`` (``<data dir>/logs``, so a workspace on a USB stick or a test's
    folder keeps its own log), else the platform's user log folder (platformdirs), e.g.
    ``~/.local/state/gridworker/log`` on Linux and ``%LOCALAPPDATA%\\gridworker\\Logs`` on
    Windows."""
    if explicit or os.environ.get(ENV_VAR):
        return resolve_data_dir(explicit) / LOGS_DIR
    return Path(platformdirs.user_log_dir("gridworker", appauthor=False))
