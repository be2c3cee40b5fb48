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
