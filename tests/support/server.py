"""A real gridcenter server process for tests (``python -m gridcenter serve``).

Usage from any conftest or test module::

    from support.server import GridcenterProcess, gridcenter  # noqa: F401

- :class:`GridcenterProcess` (context manager): seeds the demo data when ``data_dir`` is empty
  (``python -m gridcenter demo --password …``), starts ``serve`` on a free 127.0.0.1 port and
  waits for ``GET /api/v1/hello``. ``.url``, ``.data_dir``, ``.password``, ``.port``;
  ``.kill()`` (SIGKILL), ``.stop()`` (SIGTERM and wait), ``.start()`` (again, same port and
  data), ``.admin(*args)`` (the admin CLI against the same data dir / database URL; returns
  ``subprocess.CompletedProcess`` with text output).
- fixture ``gridcenter`` (function scope): a fresh demo server in ``tmp_path``.
- fixture ``gridcenter_session`` (module scope): one shared server for read-mostly tests.

Demo users: worker1 and worker2 (grid 110105001001001), worker3 (grid 110105001001002),
station1 and supervisor1 (both grids), admin (centre_admin); all with ``.password``.

The SQLite demo database is generated once per test session and copied for each server, so a
fresh server costs one process start (~1 s), not a demo run.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import requests

DEMO_PASSWORD = "demo-pass-1"
START_TIMEOUT = 30.0
GRID1 = "110105001001001"
GRID2 = "110105001001002"
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _is_empty(path: Path) -> bool:
    return not path.exists() or not any(path.iterdir())


class GridcenterProcess:
    def __init__(
        self,
        data_dir: str | Path,
        *,
        database_url: str | None = None,
        port: int | None = None,
        demo_password: str = DEMO_PASSWORD,
        env: Mapping[str, str] | None = None,
    ):
        self.data_dir = Path(data_dir)
        self.database_url = database_url
        self.port = port or free_port()
        self.password = demo_password
        self.extra_env = dict(env or {})
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = self.data_dir.parent / f"{self.data_dir.name}-server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- process control -------------------------------------------------------------------
    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("GRIDCENTER_DATABASE_URL", None)
        env.update(self.extra_env)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        return env

    def _base_args(self) -> list[str]:
        args = ["--data-dir", str(self.data_dir)]
        if self.database_url:
            args += ["--database-url", self.database_url]
        return args

    def seed(self) -> None:
        """Run the demo generator (only into an empty data dir)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "gridcenter", "demo", *self._base_args(),
             "--password", self.password],
            env=self._env(), capture_output=True, text=True, timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(f"gridcenter demo failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> GridcenterProcess:
        if self.process is not None and self.process.poll() is None:
            return self
        if _is_empty(self.data_dir):
            self.seed()
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gridcenter", "serve", *self._base_args(),
             "--host", "127.0.0.1", "--port", str(self.port)],
            env=self._env(), stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"gridcenter exited early:\n{self.log()}")
            try:
                if requests.get(f"{self.url}/api/v1/hello", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"gridcenter did not answer within {START_TIMEOUT} s:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-5000:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL: the server gets no chance to finish anything."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> int | None:
        """SIGTERM and wait (clean shutdown); returns the exit code."""
        if self.process is None:
            return None
        code = self.process.poll()
        if code is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                code = self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                code = self.process.wait(timeout=10)
        self.process = None
        return code

    def admin(self, *args: str, env: Mapping[str, str] | None = None,
              input: str | None = None) -> subprocess.CompletedProcess[str]:
        """``python -m gridcenter admin <args>`` against this server's data."""
        full_env = self._env()
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "gridcenter", "admin", *self._base_args(), *args],
            env=full_env, capture_output=True, text=True, timeout=120, input=input,
        )

    def __enter__(self) -> GridcenterProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ---------------------------------------------------------------------------------------------
# A demo database made once per test session and copied for every SQLite server.

_template: Path | None = None


def demo_template(password: str = DEMO_PASSWORD) -> Path:
    """A seeded SQLite data dir (made once per process); copy it, never use it directly."""
    global _template
    if _template is None:
        root = Path(tempfile.mkdtemp(prefix="gridcenter-template-"))
        atexit.register(shutil.rmtree, root, True)
        proc = GridcenterProcess(root / "data", demo_password=password)
        proc.seed()
        _template = proc.data_dir
    return _template


def fresh_data_dir(target: Path) -> Path:
    """A copy of the demo data dir at ``target`` (the SQLite file, secret and blobs)."""
    shutil.copytree(demo_template(), target)
    return target


def _serve_copy(target: Path, env: Mapping[str, str] | None = None) -> GridcenterProcess:
    return GridcenterProcess(fresh_data_dir(target), env=env)


@pytest.fixture
def gridcenter(tmp_path: Path) -> Iterator[GridcenterProcess]:
    """A fresh demo gridcenter for one test."""
    with _serve_copy(tmp_path / "gridcenter") as server:
        yield server


@pytest.fixture(scope="module")
def gridcenter_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GridcenterProcess]:
    """One demo gridcenter shared by a test module (for tests that do not interfere)."""
    with _serve_copy(tmp_path_factory.mktemp("gridcenter") / "data") as server:
        yield server
