"""`make run` end to end: the real gridcenter and gridworker, without opening the window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "run_demo.py"


def _run(demo: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--no-gui", "--demo-dir", str(demo), *extra],
        env=env, capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
    )


@pytest.mark.slow
def test_make_run_demo_end_to_end(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        # A keyring in a file, shared by the login and sync processes; never the real one.
        "PYTHON_KEYRING_BACKEND": "support.fake_keyring.FileKeyring",
        "GRIDWORKER_TEST_KEYRING_FILE": str(tmp_path / "keyring.json"),
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT / "tests"), os.environ.get("PYTHONPATH")) if p
        ),
    }
    env.pop("GRIDWORKER_PASSWORD", None)
    env.pop("GRIDWORKER_SERVER", None)

    first = _run(demo, env, "--port", "0")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "演示密码 (demo only)：demo-pass-1" in first.stdout
    assert "演示服务器已停止" in first.stdout
    status = subprocess.run(
        [sys.executable, "-m", "gridworker", "--data-dir", str(demo / "client"), "status",
         "--json"],
        env=env, capture_output=True, text=True, timeout=120, check=True, cwd=ROOT,
    )
    report = json.loads(status.stdout)
    assert report["account"] == "worker1"
    assert report["households"] > 0 and report["residents"] > 0
    assert report["pending_changes"] == 0
    port = int((demo / "client-port").read_text())
    assert report["server"] == f"http://127.0.0.1:{port}"

    # Second run: the centre is reused, the client keeps its server (same port) and signs in.
    second = _run(demo, env, "--port", "0")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "使用已有的演示服务器数据" in second.stdout
    assert "首次运行" not in second.stdout
    assert f"http://127.0.0.1:{port}" in second.stdout
