"""``gridworker login / sync / status / conflicts / resolve / logout`` as separate processes,
against a real gridcenter, with the file-backed fake keyring (or none at all)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gridworker.api import Workspace
from gridworker.sync.credentials import MemoryStore

ROOT = Path(__file__).resolve().parents[2]
FILE_KEYRING = "support.fake_keyring.FileKeyring"
NO_KEYRING = "keyring.backends.fail.Keyring"


class Cli:
    def __init__(self, data_dir: Path, keyring_file: Path, backend: str = FILE_KEYRING):
        self.data_dir = data_dir
        self.env = dict(os.environ)
        self.env.pop("GRIDWORKER_PASSWORD", None)
        self.env.update(
            PYTHONPATH=os.pathsep.join([str(ROOT / "tests"), str(ROOT)]),
            PYTHON_KEYRING_BACKEND=backend,
            GRIDWORKER_TEST_KEYRING_FILE=str(keyring_file),
            GRIDWORKER_DATA_DIR=str(data_dir),
        )

    def __call__(self, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
        env = dict(self.env)
        if password is not None:
            env["GRIDWORKER_PASSWORD"] = password
        return subprocess.run(
            [sys.executable, "-m", "gridworker", "--data-dir", str(self.data_dir), *args],
            env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
        )


@pytest.fixture
def cli(tmp_path):
    return Cli(tmp_path / "cli-ws", tmp_path / "keyring.json")


def test_login_sync_status_conflicts_resolve_logout(gridcenter_session, cli, tmp_path):
    server = gridcenter_session
    done = cli("login", "--server", server.url, "--user", "worker1", password=server.password)
    assert done.returncode == 0, done.stderr
    assert "已登录" in done.stdout and "李秀英" in done.stdout
    stored = Path(cli.env["GRIDWORKER_TEST_KEYRING_FILE"]).read_text()
    assert server.password not in stored and len(json.loads(stored)) == 1  # a token, no password

    done = cli("sync")  # no password in the environment: the keyring's token is used
    assert done.returncode == 0, done.stderr
    assert "同步完成" in done.stdout and "下载更新" in done.stdout and "户 150" in done.stdout
    assert "Traceback" not in done.stderr

    status = json.loads(cli("status", "--json").stdout)
    assert status["server"] == server.url and status["account"] == "worker1"
    assert status["last_sync"] and status["conflicts"] == 0 and status["rejected"] == 0
    assert status["households"] == 150 and status["pending_changes"] == 0

    done = cli("sync")
    assert done.returncode == 0 and "已是最新" in done.stdout

    # A conflict: worker2 changes a phone number that this workspace changes too.
    with Workspace.open(cli.data_dir) as ws:
        resident = ws.residents(sorted(h.id for h in ws.households())[40])[0]
        ws.update_resident(resident.id, phone="13900000009")
    other = Workspace.open(tmp_path / "other", credentials=MemoryStore())
    try:
        other.login(server.url, "worker2", server.password)
        other.sync()
        other.update_resident(resident.id, phone="13900000008")
        other.sync()
    finally:
        other.close()
    done = cli("sync")
    assert done.returncode == 0, done.stderr
    assert "冲突" in done.stdout and "联系电话" in done.stdout and resident.name in done.stdout
    assert "13900000009" not in done.stdout  # phone numbers masked

    listed = json.loads(cli("conflicts", "--json").stdout)
    assert len(listed) == 1 and listed[0]["field"] == "phone" and listed[0]["state"] == "open"
    assert "13900000008" not in json.dumps(listed)
    assert json.loads(cli("status", "--json").stdout)["conflicts"] == 1
    plain = cli("conflicts").stdout
    assert "联系电话" in plain and "mine" in plain

    done = cli("resolve", listed[0]["id"], "mine")
    assert done.returncode == 0 and "已记录" in done.stdout
    done = cli("sync")
    assert done.returncode == 0 and "已解决" in done.stdout
    assert cli("conflicts").stdout.strip() == "没有待处理的冲突。"

    done = cli("logout")
    assert done.returncode == 0 and "已退出登录" in done.stdout
    done = cli("sync")
    assert done.returncode == 4 and "login" in done.stderr and "Traceback" not in done.stderr


def test_without_a_keyring_sync_signs_in_again_from_the_environment(gridcenter_session, tmp_path):
    server = gridcenter_session
    cli = Cli(tmp_path / "headless", tmp_path / "unused.json", backend=NO_KEYRING)
    done = cli("login", "--server", server.url, "--user", "worker3", password=server.password)
    assert done.returncode == 0, done.stderr
    assert "每次启动后需要重新登录" in done.stderr  # plain words about the missing keyring
    done = cli("sync")
    assert done.returncode == 4 and "GRIDWORKER_PASSWORD" in done.stderr
    done = cli("sync", password=server.password)
    assert done.returncode == 0, done.stderr
    assert json.loads(cli("status", "--json").stdout)["households"] == 150


def test_readable_failures_and_exit_codes(gridcenter_session, cli, tmp_path):
    server = gridcenter_session
    done = cli("login", "--server", server.url, "--user", "worker2", password="wrong-pass")
    assert done.returncode == 4 and "用户名或密码不正确" in done.stderr

    done = cli("sync")
    assert done.returncode == 4 and "尚未登录" in done.stderr

    done = cli("login", "--server", server.url, "--user", "worker2", password=server.password)
    assert done.returncode == 0
    done = cli("login", "--server", server.url, "--user", "worker1", password=server.password)
    assert done.returncode == 0  # never synced: may be bound to another account
    assert cli("sync").returncode == 0
    done = cli("login", "--server", server.url, "--user", "worker2", password=server.password)
    assert done.returncode == 4 and "另一个数据目录" in done.stderr

    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    offline = Cli(tmp_path / "offline", tmp_path / "k2.json")
    done = offline("login", "--server", dead, "--user", "worker1", password="x")
    assert done.returncode == 3 and "无法连接" in done.stderr and "Traceback" not in done.stderr

    done = cli("login", "--server", "not a url", "--user", "worker1", password="x")
    assert done.returncode == 1 and "https://" in done.stderr
