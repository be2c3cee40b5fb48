"""Start-up to an interactive main window with 50,000 residents, and its memory.

Each run is a fresh process, timed from launch until the main window has shown its first page
of households and the event loop is idle (``MainWindow.ready``), as a person would wait.
The same-run baseline is a bare PySide6 process that shows an empty QMainWindow: the part
of start-up that is Qt's and the interpreter's, not ours.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import record

HOUSEHOLDS = int(os.environ.get("BENCH_HOUSEHOLDS", "15200"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))

# ru_maxrss survives exec on Linux (a child would report the parent's peak): read VmHWM.
PEAK_RSS = """
def peak_rss_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

APP_CHILD = PEAK_RSS + """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from gridworker.api import Workspace
from gridworker.app import build_main_window
ws = Workspace.open(sys.argv[1])
window = build_main_window(ws)
window.resize(1280, 800)
window.show()
def done():
    rss_mb = peak_rss_mb()
    print(f"READY {rss_mb:.1f}", flush=True)
    app.quit()
window.ready.connect(lambda: QTimer.singleShot(0, done))
app.exec()
"""

BASELINE_CHILD = PEAK_RSS + """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
def done():
    rss_mb = peak_rss_mb()
    print(f"READY {rss_mb:.1f}", flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def _launch(code: str, *args: str) -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - started
            rss = float(line.split()[1])
            proc.wait(timeout=60)
            return elapsed, rss
    raise RuntimeError(f"child never became ready: {proc.stderr.read() if proc.stderr else ''}")


def main() -> None:
    from gridworker.api import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "ws"
        built = time.perf_counter()
        with Workspace.open(data_dir) as ws:
            ws.load_demo(households=HOUSEHOLDS, seed=11)
            status = ws.status()
        build_s = time.perf_counter() - built
        _launch(APP_CHILD, str(data_dir))  # warm the OS file cache once, unmeasured
        app_runs = [_launch(APP_CHILD, str(data_dir)) for _ in range(RUNS)]
        base_runs = [_launch(BASELINE_CHILD) for _ in range(RUNS)]
    app_s = statistics.median(t for t, _ in app_runs)
    base_s = statistics.median(t for t, _ in base_runs)
    record(
        "startup",
        {
            "households": status.households,
            "residents": status.residents,
            "visits": status.visits,
            "demo_build_s": round(build_s, 2),
            "startup_to_interactive_s_median": round(app_s, 3),
            "startup_s_runs": [round(t, 3) for t, _ in app_runs],
            "rss_mb_max": max(r for _, r in app_runs),
            "baseline_empty_qt_window_s_median": round(base_s, 3),
            "baseline_rss_mb": max(r for _, r in base_runs),
            "ours_beyond_baseline_s": round(app_s - base_s, 3),
            "target_startup_s": 1.5,
            "target_rss_mb": 300,
        },
    )


if __name__ == "__main__":
    main()
