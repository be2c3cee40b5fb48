"""A private, throw-away PostgreSQL cluster for the test session.

Use the fixtures from a ``conftest.py`` (or a test module)::

    from support.postgres import postgres_server, postgres_url  # noqa: F401

- ``postgres_server`` (session): starts one cluster for the whole test session (initdb in a temp
  dir, 127.0.0.1 on a free port plus a unix socket in the temp dir, fsync off, trust auth) and
  stops it with ``pg_ctl stop -m immediate`` at the end. Yields a :class:`PostgresServer`.
- ``postgres_url`` (function): a fresh, empty database per test; yields a SQLAlchemy URL
  ``postgresql+psycopg://postgres@127.0.0.1:PORT/dbname``. The database is dropped afterwards
  (``WITH (FORCE)``, so connections a test left open do not block it).

The server binaries come from Debian's ``postgresql`` package (installed by
``scripts/system-deps.sh``, which ``make test`` runs). When they are missing the fixtures skip
with the reason, except under ``CI=true`` where they fail: CI must never silently skip the
PostgreSQL tests. As root (CI runs as root) the cluster belongs to the ``postgres`` system user,
because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PG_BIN_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin")
SERVER_USER = "postgres"  # the system user that owns the cluster when we run as root
SUPERUSER = "postgres"  # the database superuser created by initdb
START_TIMEOUT = 60.0

# Written to postgresql.conf: fast and disposable, never durable.
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "300",
    "shared_buffers": "64MB",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "dynamic_shared_memory_type": "mmap",  # containers often have a tiny /dev/shm
    "max_wal_size": "1GB",
    "log_min_messages": "warning",
    "log_line_prefix": "'%m [%p] %d '",
    "timezone": "'UTC'",
}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _version_key(bindir: str) -> tuple[int, ...]:
    numbers = re.findall(r"\d+", bindir)
    return tuple(int(n) for n in numbers) or (0,)


def find_pg_bindir(globs: tuple[str, ...] = PG_BIN_GLOBS) -> Path | None:
    """The newest directory holding both ``initdb`` and ``pg_ctl``, or None."""
    candidates = [d for pattern in globs for d in glob.glob(pattern)]
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    usable = [
        d
        for d in candidates
        if os.access(os.path.join(d, "initdb"), os.X_OK)
        and os.access(os.path.join(d, "pg_ctl"), os.X_OK)
    ]
    if not usable:
        return None
    return Path(max(usable, key=_version_key))


def require_pg_bindir(globs: tuple[str, ...] = PG_BIN_GLOBS) -> Path:
    """The binaries, or skip the test (fail it under ``CI=true``) with a clear reason."""
    bindir = find_pg_bindir(globs)
    if bindir is not None:
        return bindir
    reason = (
        "PostgreSQL server binaries (initdb, pg_ctl) not found under "
        + ", ".join(globs)
        + "; install the Debian package 'postgresql' (`make system-deps` as root does it)"
    )
    if in_ci():
        pytest.fail("CI=true: PostgreSQL tests must not be skipped. " + reason, pytrace=False)
    pytest.skip(reason)
    raise AssertionError("unreachable")  # pragma: no cover


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresStartError(RuntimeError):
    pass


@dataclass
class PostgresServer:
    """A running private cluster. Create databases with :meth:`create_database`."""

    bindir: Path
    root: Path  # temp dir: data/, sock/, server.log
    port: int
    host: str = "127.0.0.1"
    run_as: str | None = None  # system user the binaries run as (when we are root)
    _names: Iterator[int] = field(default_factory=itertools.count, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _stopped: bool = field(default=False, repr=False)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    @property
    def log_path(self) -> Path:
        return self.root / "server.log"

    def url(self, dbname: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{SUPERUSER}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres"):  # -> psycopg.Connection
        import psycopg

        return psycopg.connect(
            host=self.host, port=self.port, user=SUPERUSER, dbname=dbname, autocommit=True,
            connect_timeout=10,
        )

    def create_database(self, hint: str = "test") -> str:
        """Create an empty database and return its name (derived from ``hint``)."""
        with self._lock:
            number = next(self._names)
        stem = re.sub(r"[^a-z0-9]+", "_", hint.lower()).strip("_")[:40] or "test"
        name = f"t{number}_{stem}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    def _cmd(self, *args: str) -> list[str]:
        if self.run_as:
            return ["runuser", "-u", self.run_as, "--", *args]
        return list(args)

    def _run(self, *args: str, timeout: float = START_TIMEOUT) -> subprocess.CompletedProcess:
        return subprocess.run(
            self._cmd(*args), cwd=self.root, capture_output=True, text=True, timeout=timeout,
            check=False, stdin=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        """Stop immediately (no shutdown checkpoint) and delete the cluster. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        with contextlib.suppress(Exception):
            self._run(
                str(self.bindir / "pg_ctl"), "-D", str(self.data_dir), "stop", "-m", "immediate",
                "-w", "-t", "30", timeout=40,
            )
        shutil.rmtree(self.root, ignore_errors=True)


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise PostgresStartError(
            f"running as root, but there is no '{SERVER_USER}' system user to own the test "
            "cluster (PostgreSQL refuses to run as root); install the 'postgresql' package"
        ) from None
    return SERVER_USER


def start_postgres(bindir: Path, attempts: int = 3) -> PostgresServer:
    """initdb a temp dir and start a server on a free port; retries if the port got taken."""
    run_as = _server_user()
    root = Path(tempfile.mkdtemp(prefix="gridworker-pg-"))
    (root / "sock").mkdir()
    if run_as:
        entry = pwd.getpwnam(run_as)
        for path in (root, root / "sock"):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    server = PostgresServer(bindir=bindir, root=root, port=0, run_as=run_as)
    try:
        init = server._run(
            str(bindir / "initdb"), "-D", str(server.data_dir), "-U", SUPERUSER,
            "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync",
        )
        if init.returncode != 0:
            raise PostgresStartError(f"initdb failed:\n{init.stdout}\n{init.stderr}")
        last_error = ""
        for _ in range(attempts):
            server.port = free_port()
            settings = {
                **SETTINGS,
                "port": str(server.port),
                "unix_socket_directories": f"'{server.socket_dir}'",
            }
            conf = "".join(f"{key} = {value}\n" for key, value in settings.items())
            # Appended: on a retry the later port line overrides the earlier one.
            with (server.data_dir / "postgresql.conf").open("a", encoding="utf-8") as f:
                f.write("\n# gridworker tests (tests/support/postgres.py)\n" + conf)
            started = server._run(
                str(bindir / "pg_ctl"), "-D", str(server.data_dir), "-l", str(server.log_path),
                "-w", "-t", str(int(START_TIMEOUT)), "start",
            )
            if started.returncode == 0 and _wait_ready(server):
                return server
            last_error = f"{started.stdout}\n{started.stderr}\n{server.log_tail()}"
            server._run(
                str(bindir / "pg_ctl"), "-D", str(server.data_dir), "stop", "-m", "immediate",
            )
        raise PostgresStartError(f"PostgreSQL did not start:\n{last_error}")
    except BaseException:
        server.stop()
        raise


def _wait_ready(server: PostgresServer, timeout: float = START_TIMEOUT) -> bool:
    import psycopg

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with server.connect() as conn:
                conn.execute("SELECT 1")
            return True
        except psycopg.OperationalError:
            time.sleep(0.1)
    return False


# One cluster per process, however many conftest files import the fixtures.
_SERVER: PostgresServer | None = None
_SERVER_LOCK = threading.Lock()


def _shared_server(bindir: Path) -> PostgresServer:
    global _SERVER
    with _SERVER_LOCK:
        if _SERVER is None or _SERVER._stopped:
            _SERVER = start_postgres(bindir)
            atexit.register(_SERVER.stop)  # a crashed session still stops its cluster
        return _SERVER


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's private PostgreSQL cluster (skips, or fails under CI=true, without it)."""
    bindir = require_pg_bindir()
    try:
        server = _shared_server(bindir)
    except PostgresStartError as exc:
        pytest.fail(f"private PostgreSQL test cluster could not start: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database for this test, as a SQLAlchemy URL (psycopg 3 driver)."""
    name = postgres_server.create_database(request.node.name)
    yield postgres_server.url(name)
    with contextlib.suppress(Exception):  # the cluster may already be gone at session end
        postgres_server.drop_database(name)
