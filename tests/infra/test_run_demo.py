"""scripts/run_demo.py (`make run`), driven against a stand-in interpreter.

The stand-in answers ``-m gridcenter demo|serve`` and ``-m gridworker … login|sync|status|<gui>``
like the real commands would, and writes down every call with the environment it got, so
these tests check the orchestration (order, arguments, passwords, ports, clean-up, messages)
on their own. The end-to-end run against the real gridcenter and gridworker is in
test_run_demo_e2e.py.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "run_demo.py"

FAKE = r'''
import json, os, sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer

log = os.environ["FAKE_LOG"]
behaviour = os.environ.get("FAKE_BEHAVIOUR", "")
args = sys.argv[1:]
with open(log, "a", encoding="utf-8") as f:
    f.write(json.dumps({"args": args, "pid": os.getpid(),
                        "password": os.environ.get("GRIDWORKER_PASSWORD"),
                        "server": os.environ.get("GRIDWORKER_SERVER")}) + "\n")
module = args[1]
if module == "gridcenter" and args[2] == "demo":
    if behaviour == "demo_fails":
        print("boom: demo failed", file=sys.stderr)
        sys.exit(3)
    os.makedirs(args[args.index("--data-dir") + 1])
    sys.exit(0)
if module == "gridcenter" and args[2] == "serve":
    print("starting fake gridcenter", flush=True)
    if behaviour == "serve_hangs":
        print("still migrating the database …", flush=True)
        time.sleep(600)
    if behaviour == "serve_dies":
        print("Traceback: port exploded", flush=True)
        sys.exit(4)

    class Hello(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"service": "gridcenter", "protocols": [1]}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    port = int(args[args.index("--port") + 1])
    HTTPServer(("127.0.0.1", port), Hello).serve_forever()
if module == "gridworker":
    command = args[4] if len(args) > 4 else "gui"
    if command == "sync" and behaviour == "sync_fails":
        print("同步失败：服务器拒绝", file=sys.stderr)
        sys.exit(2)
    if command == "gui":
        time.sleep(float(os.environ.get("FAKE_GUI_SECONDS", "0")))
    print(f"fake gridworker {command} ok")
    sys.exit(0)
sys.exit(99)
'''


@pytest.fixture
def fake(tmp_path: Path) -> dict[str, str]:
    impl = tmp_path / "fake_impl.py"
    impl.write_text(FAKE, encoding="utf-8")
    interpreter = tmp_path / "fake-python"
    interpreter.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{impl}" "$@"\n')
    interpreter.chmod(0o755)
    return {"python": str(interpreter), "log": str(tmp_path / "calls.jsonl")}


def run_demo(
    fake: dict[str, str], demo_dir: Path, *extra: str, behaviour: str = "",
    timeout: float = 60, **env: str,
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--python", fake["python"], "--demo-dir", str(demo_dir),
         *extra],
        env={**os.environ, "FAKE_LOG": fake["log"], "FAKE_BEHAVIOUR": behaviour, **env},
        capture_output=True, text=True, timeout=timeout, check=False,
    )


def calls(fake: dict[str, str]) -> list[dict]:
    path = Path(fake["log"])
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def commands(fake: dict[str, str]) -> list[str]:
    out = []
    for call in calls(fake):
        args = call["args"]
        out.append(f"{args[1]} {args[2] if args[1] == 'gridcenter' else (args[4:5] or ['gui'])[0]}")
    return out


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie that nobody reaped yet is gone for our purpose
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def server_pids(fake: dict[str, str]) -> list[int]:
    return [c["pid"] for c in calls(fake) if c["args"][1:3] == ["gridcenter", "serve"]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_gui_sets_up_signs_in_syncs_and_stops(fake, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    port = free_port()
    result = run_demo(fake, demo, "--no-gui", "--port", str(port))
    assert result.returncode == 0, result.stderr
    assert commands(fake) == [
        "gridcenter demo", "gridcenter serve", "gridworker login", "gridworker sync",
        "gridworker status",
    ]
    demo_call, serve_call, login_call, sync_call, _ = calls(fake)
    assert demo_call["args"][3:] == ["--data-dir", str(demo / "center"), "--password",
                                     "demo-pass-1"]
    assert serve_call["args"][3:] == ["--data-dir", str(demo / "center"), "--host",
                                      "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    assert login_call["args"][2:] == ["--data-dir", str(demo / "client"), "login", "--server",
                                      url, "--user", "worker1"]
    for call in (login_call, sync_call):
        assert (call["password"], call["server"]) == ("demo-pass-1", url)
    assert "演示密码 (demo only)：demo-pass-1" in result.stdout
    assert "演示服务器已停止" in result.stdout
    assert not any(pid_alive(pid) for pid in server_pids(fake))
    assert not (demo / "center-server.pid").exists()

    # Second run: the centre is not created again.
    Path(fake["log"]).unlink()
    assert run_demo(fake, demo, "--no-gui", "--port", "0").returncode == 0
    assert commands(fake)[0] == "gridcenter serve"


def test_taken_port_falls_back_to_a_free_one(fake, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        result = run_demo(fake, tmp_path / "demo", "--no-gui", "--port", str(taken))
    assert result.returncode == 0, result.stderr
    assert f"端口 {taken} 已被占用" in result.stdout
    serve = next(c for c in calls(fake) if c["args"][2] == "serve")
    assert serve["args"][-1] != str(taken)


def test_gui_gets_password_and_server_and_its_exit_stops_the_server(fake, tmp_path) -> None:
    result = run_demo(fake, tmp_path / "demo", "--port", "0")
    assert result.returncode == 0, result.stderr
    assert commands(fake)[-1] == "gridworker gui"
    gui = calls(fake)[-1]
    assert gui["args"][2:] == ["--data-dir", str(tmp_path / "demo" / "client")]
    assert gui["password"] == "demo-pass-1"
    assert gui["server"].startswith("http://127.0.0.1:")
    assert not any(pid_alive(pid) for pid in server_pids(fake))


def test_ctrl_c_stops_gui_and_server(fake, tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--python", fake["python"], "--demo-dir",
         str(tmp_path / "demo"), "--port", "0"],
        env={**os.environ, "FAKE_LOG": fake["log"], "FAKE_GUI_SECONDS": "120"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 30
    while "gridworker gui" not in commands(fake):
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "正在停止客户端和演示服务器" in out
    assert not any(pid_alive(c["pid"]) for c in calls(fake))


def test_server_that_never_answers_shows_its_log(fake, tmp_path: Path) -> None:
    started = time.monotonic()
    result = run_demo(fake, tmp_path / "demo", "--no-gui", "--port", "0", "--start-timeout",
                      "2", behaviour="serve_hangs")
    assert result.returncode == 1
    assert time.monotonic() - started < 20
    assert "2 秒内没有就绪" in result.stderr
    assert "still migrating the database" in result.stderr  # the log tail
    assert not any(pid_alive(pid) for pid in server_pids(fake))


def test_server_that_dies_shows_its_log(fake, tmp_path: Path) -> None:
    result = run_demo(fake, tmp_path / "demo", "--no-gui", "--port", "0",
                      behaviour="serve_dies")
    assert result.returncode == 1
    assert "演示服务器启动失败（退出码 4）" in result.stderr
    assert "port exploded" in result.stderr


def test_failed_demo_creation_is_retried_next_time(fake, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    result = run_demo(fake, demo, "--no-gui", "--port", "0", behaviour="demo_fails")
    assert result.returncode == 1
    assert "创建演示服务器数据失败（退出码 3）" in result.stderr
    (demo / "center").mkdir()  # a half-made centre from the failed attempt
    assert run_demo(fake, demo, "--no-gui", "--port", "0").returncode == 0
    assert [c for c in commands(fake) if c == "gridcenter demo"] == ["gridcenter demo"] * 2


def test_sync_failure_is_reported_and_server_stopped(fake, tmp_path: Path) -> None:
    result = run_demo(fake, tmp_path / "demo", "--no-gui", "--port", "0",
                      behaviour="sync_fails")
    assert result.returncode == 1
    assert "同步失败（退出码 2）" in result.stderr
    assert not any(pid_alive(pid) for pid in server_pids(fake))


def test_old_local_demo_is_mentioned(fake, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    demo.mkdir()
    (demo / "gridworker.sqlite3").write_bytes(b"")
    result = run_demo(fake, demo, "--no-gui", "--port", "0")
    assert result.returncode == 0
    assert "已不再使用" in result.stdout and "make run-offline" in result.stdout
    assert (demo / "gridworker.sqlite3").exists()  # never deleted for the user


def test_client_keeps_the_port_it_signed_in_against(fake, tmp_path: Path) -> None:
    # The client workspace is bound to its server's URL: later runs must use the same port.
    demo = tmp_path / "demo"
    assert run_demo(fake, demo, "--no-gui", "--port", "0").returncode == 0
    (demo / "client").mkdir(exist_ok=True)  # the real login creates it
    bound = int((demo / "client-port").read_text())
    other = free_port()
    result = run_demo(fake, demo, "--no-gui", "--port", str(other))
    assert result.returncode == 0, result.stderr
    assert f"继续使用该端口（忽略 {other}）" in result.stdout
    last_serve = [c for c in calls(fake) if c["args"][2] == "serve"][-1]
    assert last_serve["args"][-1] == str(bound)
    with socket.socket() as busy:
        # The last run's connections may still be in TIME_WAIT on that port.
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        busy.bind(("127.0.0.1", bound))
        busy.listen()
        result = run_demo(fake, demo, "--no-gui", "--port", "0")
    assert result.returncode == 1
    assert f"端口 {bound} 正被其他程序占用" in result.stderr
