"""Per-user settings, and the folder a file dialog opens in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QSettings, QStandardPaths

SETTINGS_LAST_FOLDER = "files/last_folder"


def app_settings() -> QSettings:
    """Per-user settings in an INI file (the same on Windows and Linux; tests redirect it)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "gridworker", "gridworker"
    )


def start_folder(remembered: object = None) -> str:
    """Where a file dialog opens: the folder used last if it still exists, else the user's
    Pictures folder, else home; never the working directory (the program's folder when
    started from a shortcut), which is what an empty start path gives."""
    candidates = [str(remembered or "")]
    candidates += QStandardPaths.standardLocations(QStandardPaths.StandardLocation.PicturesLocation)
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return candidate
    return QDir.homePath()


def last_folder() -> str:
    """:func:`start_folder` for the folder remembered in the settings."""
    return start_folder(app_settings().value(SETTINGS_LAST_FOLDER, ""))


def remember_folder(chosen_file: str) -> None:
    """Remember the folder of a file the user picked, for the next dialog."""
    if chosen_file:
        app_settings().setValue(SETTINGS_LAST_FOLDER, str(Path(chosen_file).parent))
