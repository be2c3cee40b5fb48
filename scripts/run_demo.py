"""`make run`: a demo gridcenter on 127.0.0.1 and the desktop client signed in as worker1.

1. Creates the demo centre once: ``python -m gridcenter demo --data-dir .demo/center
   --password demo-pass-1`` (a synthetic village with its users).
2. Starts ``python -m gridcenter serve --data-dir .demo/center --host 127.0.0.1 --port 8765``
   (another free port when 8765 is taken) and waits for ``GET /api/v1/hello``.
3. Signs the client in and syncs: ``python -m gridworker --data-dir .demo/client login
   --server URL --user worker1`` and ``… sync``, with ``GRIDWORKER_PASSWORD`` in the environment.
4. Opens the desktop app (``GRIDWORKER_PASSWORD`` and ``GRIDWORKER_SERVER`` in its environment)
   and, when it closes (or on Ctrl+C), stops the server: SIGTERM, then kill.

``--no-gui`` stops after the sync and prints the client's status (used by the tests).
Everything lives under ``.demo/`` (``--demo-dir``); ``make run-offline`` keeps the old local-only
demo in ``.demo/offline``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A fixed password for the synthetic demo village only. Never use it for real data.
DEMO_PASSWORD = "demo-pass-1"
DEMO_USER = "worker1"
DEFAULT_PORT = 8765
READY_MARKER = ".center-ready"  # written next to center/ once `gridcenter demo` succeeded
SERVER_LOG = "center-server.log"
SERVER_PID = "center-server.pid"
CLIENT_PORT = "client-port"  # the port the client workspace was signed in against


class DemoError(Exception):
    """A step failed; the message is for the person at the terminal."""


def say(message: str) -> None:
    print(f"[演示] {message}", flush=True)


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # Like the server (uvicorn): connections of a previous run in TIME_WAIT do not count.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
        return True


def choose_port(preferred: int) -> int:
    if preferred and port_is_free(preferred):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def remembered_port(demo_dir: Path) -> int | None:
    """The client workspace is bound to the server URL it first signed in to: keep its port."""
    if not (demo_dir / "client").exists():
        return None
    try:
        return int((demo_dir / CLIENT_PORT).read_text().strip())
    except (OSError, ValueError):
        return None


def server_port(demo_dir: Path, requested: int) -> int:
    bound = remembered_port(demo_dir)
    if bound is None:
        port = choose_port(requested)
        if requested and port != requested:
            say(f"端口 {requested} 已被占用，改用端口 {port}。")
        return port
    if not port_is_free(bound):
        raise DemoError(
            f"演示客户端（{demo_dir / 'client'}）已绑定到 http://127.0.0.1:{bound} 的演示服务器，"
            f"但端口 {bound} 正被其他程序占用。请关闭占用该端口的程序后重试；"
            f"或者删除 {demo_dir / 'client'}，用新端口重新登录（其中未同步的修改会丢失）。"
        )
    if requested and requested != bound:
        say(f"演示客户端已绑定端口 {bound}，继续使用该端口（忽略 {requested}）。")
    return bound


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "（没有日志）"
    tail = text.splitlines()[-lines:]
    return "\n".join("    " + line for line in tail) or "（日志为空）"


def hello(url: str, timeout: float = 2.0) -> dict | None:
    try:
        with urllib.request.urlopen(f"{url}/api/v1/hello", timeout=timeout) as answer:
            body = json.loads(answer.read().decode("utf-8"))
    except (OSError, ValueError, urllib.error.URLError):
        return None
    return body if isinstance(body, dict) else None


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("GRIDCENTER_DATABASE_URL", None)  # the demo always uses SQLite in its data dir
    env.update(extra)
    return env


def new_session_kwargs() -> dict:
    """Children in their own process group: Ctrl+C reaches only us, and we stop them in order."""
    if os.name == "nt":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]
    return {"start_new_session": True}


def stop_process(proc: subprocess.Popen | None, name: str, grace: float = 10.0) -> None:
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        say(f"{name}未在 {grace:.0f} 秒内退出，强制结束。")
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.wait(5)


def stop_stale_server(demo_dir: Path) -> None:
    """A demo server left behind by a crashed run would hold the same data dir: stop it."""
    pid_file = demo_dir / SERVER_PID
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        cmdline = b""
    if b"gridcenter" in cmdline and b"serve" in cmdline:
        say(f"发现上次遗留的演示服务器（进程 {pid}），先将其停止。")
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
            for _ in range(50):
                os.kill(pid, 0)
                time.sleep(0.1)
            os.kill(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)


def mention_old_layout(demo_dir: Path) -> None:
    old = [p for p in (demo_dir / "gridworker.sqlite3", demo_dir / "photos") if p.exists()]
    if old:
        names = "、".join(str(p) for p in old)
        say(
            f"提示：旧的本机演示数据（{names}）已不再使用。"
            f"make run 现在使用 {demo_dir / 'center'} 和 {demo_dir / 'client'}；"
            f"离线演示请用 make run-offline（数据在 {demo_dir / 'offline'}）。"
            "旧文件可以放心删除。"
        )


def run_step(args: list[str], what: str, env: dict[str, str], timeout: float) -> None:
    """Run a short command with its output on the terminal; a failure becomes a DemoError."""
    try:
        result = subprocess.run(args, env=env, cwd=ROOT, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise DemoError(f"{what}超时（{timeout:.0f} 秒内未完成）。") from None
    if result.returncode != 0:
        raise DemoError(f"{what}失败（退出码 {result.returncode}），详见上面的输出。")


def ensure_center(python: str, demo_dir: Path, env: dict[str, str], timeout: float) -> Path:
    center = demo_dir / "center"
    marker = demo_dir / READY_MARKER
    if marker.exists() and center.is_dir():
        say(f"使用已有的演示服务器数据：{center}")
        return center
    if center.exists():
        say(f"上次创建演示数据没有完成，重新创建：{center}")
        shutil.rmtree(center)
    demo_dir.mkdir(parents=True, exist_ok=True)
    say("首次运行：正在创建演示服务器数据（虚构的社区、网格、住户和账号）…")
    run_step(
        [python, "-m", "gridcenter", "demo", "--data-dir", str(center),
         "--password", DEMO_PASSWORD],
        "创建演示服务器数据", env, timeout,
    )
    marker.write_text("gridcenter demo data created by scripts/run_demo.py\n", encoding="utf-8")
    return center


def start_server(
    python: str, demo_dir: Path, center: Path, port: int, env: dict[str, str]
) -> subprocess.Popen:
    log_path = demo_dir / SERVER_LOG
    say(f"正在启动演示服务器 gridcenter：http://127.0.0.1:{port}（日志：{log_path}）")
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [python, "-m", "gridcenter", "serve", "--data-dir", str(center),
             "--host", "127.0.0.1", "--port", str(port)],
            env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            **new_session_kwargs(),
        )
    (demo_dir / SERVER_PID).write_text(f"{proc.pid}\n", encoding="utf-8")
    return proc


def wait_until_ready(proc: subprocess.Popen, url: str, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise DemoError(
                f"演示服务器启动失败（退出码 {proc.returncode}）。服务器日志的最后几行：\n"
                + log_tail(log_path)
            )
        answer = hello(url)
        if answer is not None and answer.get("service") == "gridcenter":
            return
        time.sleep(0.2)
    raise DemoError(
        f"演示服务器在 {timeout:.0f} 秒内没有就绪（{url}/api/v1/hello 无应答）。"
        "服务器日志的最后几行：\n" + log_tail(log_path)
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="启动演示服务器并以 worker1 打开客户端")
    parser.add_argument("--demo-dir", type=Path, default=ROOT / ".demo",
                        help="demo workspace (default: .demo)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"preferred server port (default {DEFAULT_PORT}; 0 = any free port)")
    parser.add_argument("--no-gui", action="store_true",
                        help="stop after sign-in and sync (print the client's status)")
    parser.add_argument("--start-timeout", type=float, default=30.0,
                        help="seconds to wait for the server (default 30)")
    parser.add_argument("--python", default=sys.executable, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    demo_dir: Path = args.demo_dir.resolve()
    python: str = args.python
    server: subprocess.Popen | None = None
    gui: subprocess.Popen | None = None

    def on_sigterm(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    # Ctrl+C stops both, even when started from a shell that ignores SIGINT for background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        demo_dir.mkdir(parents=True, exist_ok=True)
        mention_old_layout(demo_dir)
        stop_stale_server(demo_dir)
        env = child_env()
        center = ensure_center(python, demo_dir, env, timeout=600)
        port = server_port(demo_dir, args.port)
        url = f"http://127.0.0.1:{port}"
        server = start_server(python, demo_dir, center, port, env)
        wait_until_ready(server, url, demo_dir / SERVER_LOG, args.start_timeout)
        say(f"演示服务器已就绪：{url}")
        say(f"演示账号：{DEMO_USER}　演示密码 (demo only)：{DEMO_PASSWORD}")

        client_dir = demo_dir / "client"
        client_env = child_env(GRIDWORKER_PASSWORD=DEMO_PASSWORD, GRIDWORKER_SERVER=url)
        client = [python, "-m", "gridworker", "--data-dir", str(client_dir)]
        say(f"客户端以 {DEMO_USER} 登录（数据：{client_dir}）…")
        run_step([*client, "login", "--server", url, "--user", DEMO_USER], "登录",
                 client_env, timeout=120)
        (demo_dir / CLIENT_PORT).write_text(f"{port}\n", encoding="utf-8")
        say("正在同步…")
        run_step([*client, "sync"], "同步", client_env, timeout=900)

        if args.no_gui:
            run_step([*client, "status"], "查看客户端状态", client_env, timeout=120)
            say("完成（--no-gui：不打开窗口）。")
            return 0
        say("正在打开客户端窗口；关闭窗口后演示服务器会自动停止。按 Ctrl+C 可同时结束两者。")
        gui = subprocess.Popen([*client], env=client_env, cwd=ROOT, **new_session_kwargs())
        code = gui.wait()
        if code != 0:
            say(f"客户端异常退出（退出码 {code}）。")
        return code
    except DemoError as exc:
        print(f"[演示] 出错了：{exc.args[0]}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        say("收到中断，正在停止客户端和演示服务器…")
        return 130
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        stop_process(gui, "客户端")
        if server is not None:
            stop_process(server, "演示服务器")
            (demo_dir / SERVER_PID).unlink(missing_ok=True)
            say("演示服务器已停止。")


if __name__ == "__main__":
    sys.exit(main())
