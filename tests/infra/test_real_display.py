"""`make run` on a real X display: Qt's xcb plugin finds every library, and the window opens.

`make test` runs offscreen, which never loads the xcb platform plugin, so a machine missing one
of its libraries passed every test while `make run` aborted when it opened the window. These
tests check the plugin's dependencies against ``resources/system/qt-xcb-libraries.txt`` (the list
``scripts/system-deps.sh`` installs) and run `make run`'s script under Xvfb with
``QT_QPA_PLATFORM=xcb`` until the main window is mapped.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gridworker.app import (
    display_libraries_message,
    missing_libraries,
    uses_xcb,
    xcb_libraries,
)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "run_demo.py"
IN_CI = os.environ.get("CI", "").lower() == "true"
WINDOW_TITLE = "网格员工作台"
X_LIBRARY = re.compile(r"^(libX|libxcb|libxkbcommon)")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is Linux's")


def _qt_dir() -> Path:
    import PySide6

    return Path(PySide6.__file__).resolve().parent / "Qt"


def _xcb_binaries() -> list[Path]:
    qt = _qt_dir()
    found = [qt / "plugins" / "platforms" / "libqxcb.so"]
    found += sorted((qt / "lib").glob("libQt6XcbQpa.so*"))[:1]
    found += sorted((qt / "plugins" / "xcbglintegrations").glob("*.so"))
    return [p for p in found if p.exists()]


def _ldd(path: Path) -> dict[str, str | None]:
    """soname -> resolved path (None: not found), as the dynamic loader sees it."""
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=True).stdout
    libs: dict[str, str | None] = {}
    for line in out.splitlines():
        match = re.match(r"\s*(\S+) => (not found|\S+)", line)
        if match:
            libs[match.group(1)] = None if match.group(2) == "not found" else match.group(2)
    return libs


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is missing: scripts/system-deps.sh installs it (make test runs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def test_xcb_plugin_finds_every_library() -> None:
    _need("ldd")
    binaries = _xcb_binaries()
    assert binaries, "PySide6 ships no xcb platform plugin"
    listed = {soname for soname, _package in xcb_libraries()}
    packages = dict(xcb_libraries())
    for binary in binaries:
        libs = _ldd(binary)
        missing = sorted(name for name, where in libs.items() if where is None)
        assert not missing, (
            f"{binary.name} cannot load {missing}; install "
            f"{sorted({packages.get(m, '?') for m in missing})} (scripts/system-deps.sh)"
        )
        unlisted = sorted(
            name for name in libs if X_LIBRARY.match(name) and name not in listed
        )
        assert not unlisted, (
            f"{binary.name} needs {unlisted}, which resources/system/qt-xcb-libraries.txt "
            "does not list (so system-deps.sh does not install them): add them"
        )


def test_the_list_is_what_this_machine_loads() -> None:
    assert len(xcb_libraries()) >= 20
    assert missing_libraries(xcb_libraries()) == []


def test_a_missing_library_is_named_with_its_package() -> None:
    libraries = [("libxcb.so.1", "libxcb1"), ("libgridworker-absent.so.9", "gridworker-absent9")]
    assert missing_libraries(libraries) == [("libgridworker-absent.so.9", "gridworker-absent9")]
    message = display_libraries_message(missing_libraries(libraries))
    assert "libgridworker-absent.so.9" in message
    assert "sudo apt-get install gridworker-absent9" in message
    assert "libxcb-cursor0" not in message  # Qt's own message sends newcomers there


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DISPLAY": ":0"}, True),
        ({}, False),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, False),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "x11"}, True),
    ],
)
def test_when_the_check_runs(env: dict[str, str], expected: bool) -> None:
    assert uses_xcb(env) is expected


def _start_xvfb(log: Path) -> tuple[subprocess.Popen, str]:
    xvfb = _need("Xvfb")
    read, write = os.pipe()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [xvfb, "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
            pass_fds=(write,), stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    os.close(write)
    number = b""
    deadline = time.monotonic() + 30
    while not number.endswith(b"\n") and time.monotonic() < deadline:
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    if not number.strip():
        proc.kill()
        pytest.fail("Xvfb did not start: " + log.read_text(errors="replace"))
    return proc, ":" + number.decode().strip()


def _window_titles(display: str) -> str:
    result = subprocess.run(
        [_need("xwininfo"), "-root", "-tree", "-display", display],
        capture_output=True, text=True, errors="replace", check=False,
    )
    return result.stdout


@pytest.mark.slow
def test_make_run_opens_the_window_on_a_real_display(tmp_path: Path) -> None:
    _need("xwininfo")
    xvfb, display = _start_xvfb(tmp_path / "xvfb.log")
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "PYTHON_KEYRING_BACKEND": "support.fake_keyring.FileKeyring",
        "GRIDWORKER_TEST_KEYRING_FILE": str(tmp_path / "keyring.json"),
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT / "tests"), os.environ.get("PYTHONPATH")) if p
        ),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # window state, language: not the user's
    }
    for name in ("GRIDWORKER_PASSWORD", "GRIDWORKER_SERVER", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    output = tmp_path / "run.log"
    with output.open("wb") as out:
        run = subprocess.Popen(
            [sys.executable, str(SCRIPT), "--demo-dir", str(tmp_path / "demo"), "--port", "0"],
            env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        titles = ""
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and run.poll() is None:
            titles = _window_titles(display)
            if WINDOW_TITLE in titles:
                break
            time.sleep(0.5)
        log = output.read_text(errors="replace")
        assert run.poll() is None, f"make run's script ended ({run.returncode}):\n{log}"
        assert WINDOW_TITLE in titles, f"no main window mapped on {display}:\n{titles}\n{log}"
        time.sleep(3)  # the window stays up: sign-in, first page and status bar
        log = output.read_text(errors="replace")
        assert run.poll() is None, f"the app died after opening:\n{log}"
        assert "Could not load the Qt platform plugin" not in log
        assert "客户端异常退出" not in log
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGTERM)
            try:
                run.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait(10)
        os.killpg(xvfb.pid, signal.SIGTERM)
        xvfb.wait(10)
    log = output.read_text(errors="replace")
    assert "演示服务器已停止" in log, log
