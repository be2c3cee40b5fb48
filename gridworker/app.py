"""Start the desktop app: QApplication, translations, error handler, workspace, main window.

Source strings are Chinese, so zh_CN needs no translation file; English loads
``resources/translations/gridworker_en.qm`` (a missing file leaves the app in Chinese).
Heavy modules (the database layer, the main window) are imported only once the application
object exists, so the first frame appears as early as possible.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from gridrules.resources import resources_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from .api import Workspace
    from .ui.main_window import MainWindow

APP_NAME = "gridworker"


def translations_dir() -> Path:
    """``resources/translations`` in a source checkout or inside a PyInstaller bundle."""
    return resources_dir() / "translations"


def xcb_libraries() -> list[tuple[str, str]]:
    """(soname, package) of every library Qt's xcb platform plugin needs (one home: the file)."""
    path = resources_dir() / "system" / "qt-xcb-libraries.txt"
    pairs: list[tuple[str, str]] = []
    with contextlib.suppress(OSError):
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if len(fields) == 2 and not line.startswith("#"):
                pairs.append((fields[0], fields[1]))
    return pairs


def uses_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will open its windows through X11 (xcb) in this environment."""
    if not sys.platform.startswith("linux"):
        return False
    platform = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if platform:
        return platform == "xcb"
    wayland = environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland"
    return bool(environ.get("DISPLAY")) and not wayland


def missing_libraries(libraries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The ``(soname, package)`` pairs that the dynamic loader cannot load here."""
    import ctypes

    missing = []
    for soname, package in libraries:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append((soname, package))
    return missing


def display_libraries_message(missing: list[tuple[str, str]]) -> str:
    """What to tell a newcomer instead of Qt's own abort (which names the wrong library)."""
    names = ", ".join(soname for soname, _package in missing)
    packages = " ".join(sorted({package for _soname, package in missing}))
    return (
        f"无法打开窗口：缺少 Qt 在 X11 桌面上需要的系统库：{names}\n"
        f"请安装（Debian/Ubuntu/统信 UOS/麒麟）：sudo apt-get install {packages}\n"
        f"Cannot open the window: the system lacks libraries Qt needs on an X11 display "
        f"({names}). Install them: sudo apt-get install {packages}"
    )


def choose_language(requested: str | None) -> str:
    """``--lang`` wins, then the saved choice (语言 menu), then the system locale."""
    from PySide6.QtCore import QLocale

    from .ui.main_window import SETTINGS_LANGUAGE, app_settings

    if requested:
        return requested
    saved = str(app_settings().value(SETTINGS_LANGUAGE, "") or "")
    if saved:
        return saved
    return "en" if QLocale.system().language() == QLocale.Language.English else "zh_CN"


def install_translations(app: QApplication, language: str) -> list[object]:
    """Install the translators for ``language``; returns them (they must stay alive)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    installed: list[object] = []
    if language == "en":
        ours = QTranslator(app)
        if ours.load(str(translations_dir() / "gridworker_en.qm")):
            app.installTranslator(ours)
            installed.append(ours)
        return installed  # Qt's own strings are English already
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # 确定 / 取消, the file dialog, the shortcut names: Qt's own strings. qt_zh_CN is the
    # older catalogue some builds ship instead of qtbase_zh_CN.
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        if qt.load(name, qt_dir):
            app.installTranslator(qt)
            installed.append(qt)
            break
    return installed


def build_main_window(workspace: Workspace) -> MainWindow:
    """The main window over ``workspace``, already loading its household list.

    Connect to ``window.ready`` to learn when the first page of households is on screen.
    """
    from .ui.main_window import MainWindow

    window = MainWindow(workspace)
    window.start()
    return window


def _load_stylesheet(app: QApplication) -> None:
    path = translations_dir().parent / "style.qss"
    with contextlib.suppress(OSError):  # without it: the plain Qt style, still usable
        app.setStyleSheet(path.read_text(encoding="utf-8"))


def run_gui(data_dir: str | None, lang: str | None) -> int:
    import os

    if uses_xcb(os.environ):
        missing = missing_libraries(xcb_libraries())
        if missing:  # Qt would abort with "could not load xcb", naming another library
            print(display_libraries_message(missing), file=sys.stderr)
            return 1

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    from . import logs

    logs.setup(data_dir, program="gui")
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName("")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationDisplayName(QCoreApplication.translate("app", "网格员工作台"))
    translators = install_translations(app, choose_language(lang))
    _load_stylesheet(app)

    from .domain.errors import GridworkerError
    from .ui.errors import install_excepthook, readable

    window: MainWindow | None = None
    install_excepthook(lambda: window)
    try:
        from .api import Workspace

        workspace = Workspace.open(data_dir)
    except (GridworkerError, OSError) as exc:
        QMessageBox.critical(
            None, QCoreApplication.translate("app", "无法打开工作区"), readable(exc)
        )
        return 1

    try:
        window = build_main_window(workspace)
        window.show()
        return app.exec()
    finally:
        if window is not None:
            window.tasks.wait(30000)
        workspace.close()
        del translators
