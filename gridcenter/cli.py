"""``gridcenter`` command line: serve, demo, admin.

Every command runs the schema migrations first, so a fresh data dir (or an empty PostgreSQL
database) works out of the box. Messages are Chinese; errors go to stderr with exit code 1,
never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import secrets
import shutil
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .config import AUTH_RATE_LIMIT_ENV, AUTH_RATE_WINDOW_ENV, DATABASE_FILE, Settings

PASSWORD_ENV = "GRIDCENTER_PASSWORD"


def _fail(message: str) -> int:
    print(message, file=sys.stderr, flush=True)
    return 1


def _open(args: argparse.Namespace) -> tuple[Settings, Any]:
    from . import migrations
    from .db import Database

    settings = Settings.load(args.data_dir, args.database_url)
    db = Database(settings.database_url)
    migrations.upgrade(db.engine)
    return settings, db


# ---------------------------------------------------------------------------------------------
# serve


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # Through the environment, so that `--workers N` processes (app_from_env) see them too.
    if args.auth_rate_limit is not None:
        os.environ[AUTH_RATE_LIMIT_ENV] = str(args.auth_rate_limit)
    if args.auth_rate_window is not None:
        os.environ[AUTH_RATE_WINDOW_ENV] = str(args.auth_rate_window)
    try:
        settings, db = _open(args)
    except RuntimeError as exc:  # a broken secret file, a malformed setting
        return _fail(str(exc))
    host, port = args.host, args.port

    class Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if self.started:
                bound = port
                for server in getattr(self, "servers", []):
                    for sock in server.sockets or ():
                        bound = sock.getsockname()[1]
                print(f"gridcenter listening on http://{host}:{bound}", flush=True)

        def handle_exit(self, sig: int, frame: Any) -> None:
            super().handle_exit(sig, frame)
            # SIGTERM is the normal way to stop a service: finish in-flight requests and
            # exit 0 instead of re-raising the signal (uvicorn's default) after shutdown.
            captured = getattr(self, "_captured_signals", None)
            if sig == signal.SIGTERM and isinstance(captured, list) and sig in captured:
                captured.remove(sig)

    if args.workers > 1:
        os.environ["GRIDCENTER_DATA_DIR"] = str(settings.data_dir)
        os.environ["GRIDCENTER_DATABASE_URL"] = settings.database_url
        config = uvicorn.Config("gridcenter.app:app_from_env", factory=True, host=host,
                                port=port, workers=args.workers, log_level="warning",
                                access_log=False)
        from uvicorn.supervisors import Multiprocess

        sock = config.bind_socket()
        print(f"gridcenter listening on http://{host}:{sock.getsockname()[1]}", flush=True)
        Multiprocess(config, sockets=[sock]).run()
        return 0
    app = create_app(settings, db)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            timeout_graceful_shutdown=10)
    Server(config).run()
    return 0


# ---------------------------------------------------------------------------------------------
# demo


def _has_data(settings: Settings) -> bool:
    if settings.is_sqlite:
        path = settings.data_dir / DATABASE_FILE
        return path.exists() and path.stat().st_size > 0
    from sqlalchemy import create_engine, inspect

    engine = create_engine(settings.database_url)
    try:
        return "users" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def _wipe(settings: Settings) -> None:
    if settings.is_sqlite:
        for suffix in ("", "-wal", "-shm"):
            (settings.data_dir / (DATABASE_FILE + suffix)).unlink(missing_ok=True)
    else:
        from alembic import command
        from alembic.config import Config
        from sqlalchemy import create_engine

        from .migrations import MIGRATIONS_DIR

        engine = create_engine(settings.database_url)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        engine.dispose()
    shutil.rmtree(settings.blob_dir, ignore_errors=True)
    settings.blob_dir.mkdir(exist_ok=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import USERS, populate

    settings = Settings.load(args.data_dir, args.database_url)
    if _has_data(settings):
        if not args.force:
            return _fail(f"数据目录 {settings.data_dir} 中已有数据库，为避免覆盖已停止。"
                         "如确需重建演示数据，请加 --force。")
        _wipe(settings)
    password = args.password or secrets.token_urlsafe(9)
    _, db = _open(args)
    try:
        populate(db, password)
    finally:
        db.dispose()
    print(f"演示数据已创建：{settings.data_dir}")
    print("用户：")
    for username, role, display, _ in USERS:
        print(f"  {username:<12} {role:<13} {display}")
    if args.password:
        print(f"密码（所有用户）：{password}")
    else:
        print(f"演示密码 (demo only)：{password}")
    return 0


# ---------------------------------------------------------------------------------------------
# admin


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"[:50]
    except Exception:  # no user name on some containers
        return "cli"


def _password() -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise _CliError(f"请通过环境变量 {PASSWORD_ENV} 提供密码，或在终端中运行以输入密码。")
    first = getpass.getpass("密码：")
    if first != getpass.getpass("再次输入密码："):
        raise _CliError("两次输入的密码不一致。")
    return first


class _CliError(Exception):
    pass


def _table(rows: list[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> None:
    if not rows:
        print("（无）")
        return
    print("  ".join(title for _, title in columns))
    for row in rows:
        values = []
        for key, _ in columns:
            value = row[key]
            values.append(",".join(value) if isinstance(value, list) else str(value))
        print("  ".join(values))


def cmd_admin(args: argparse.Namespace) -> int:
    from . import admin
    from .roster import RosterError, import_roster

    actor = _actor()
    try:
        _, db = _open(args)
    except Exception as exc:  # unreachable database, bad URL …
        return _fail(f"无法打开数据库：{type(exc).__name__}。请检查 --data-dir / --database-url。")
    try:
        command = args.admin_command
        if command == "create-grid":
            admin.create_grid(db, args.code, args.name, args.village, args.township,
                              args.county, actor)
            print(f"已创建网格 {args.code} {args.name}")
        elif command == "create-user":
            admin.create_user(db, args.username, args.role, args.display_name or args.username,
                              _password(), actor)
            print(f"已创建用户 {args.username}（{args.role}）")
        elif command == "assign":
            admin.assign(db, args.username, args.grid, actor)
            print(f"已将网格 {args.grid} 分配给 {args.username}")
        elif command == "unassign":
            admin.unassign(db, args.username, args.grid, actor)
            print(f"已取消 {args.username} 对网格 {args.grid} 的负责")
        elif command == "deactivate-user":
            revoked = admin.set_active(db, args.username, False, actor)
            print(f"已停用用户 {args.username}：不能再登录或同步，已注销其 {revoked} 个登录会话。")
        elif command == "activate-user":
            admin.set_active(db, args.username, True, actor)
            print(f"已重新启用用户 {args.username}：需用密码重新登录。")
        elif command == "reassign-household":
            moved = admin.reassign_household(db, args.household, args.grid, actor)
            print(f"已将户 {args.household} 调整到网格 {args.grid}（共 {moved} 条记录）")
        elif command == "import-roster":
            try:
                households, residents = import_roster(db, Path(args.file), args.grid, actor)
            except RosterError as exc:
                admin.log_action(db, "admin_import_roster", actor, f"grid:{args.grid}",
                                 str(exc), success=False)
                lines = [str(exc)] + [f"  第 {line} 行：{msg}" for line, msg in exc.problems]
                return _fail("\n".join(lines))
            print(f"导入完成：新建 {households} 户，登记 {residents} 人。")
        elif command == "redact":
            from .redact import redact

            ids = redact(db, args.id, args.reason, actor)
            print(f"已撤销 {len(ids)} 条记录（走访记录及其更正）；"
                  "网格员下次同步后只能看到撤销原因。")
        elif command == "new-cursor-epoch":
            admin.new_cursor_epoch(db, actor)
            print("已更换同步游标纪元：所有客户端下次同步时将从头重新下载全部数据，"
                  "平台上缺失的本机已上传记录会由客户端重新上传。")
        elif command == "users":
            _table(admin.list_users(db), [("username", "用户名"), ("role", "角色"),
                                          ("display_name", "姓名"), ("grids", "负责网格")])
            admin.log_action(db, "admin_list_users", actor, "")
        elif command == "grids":
            _table(admin.list_grids(db), [("code", "网格编码"), ("name", "名称"),
                                          ("households", "户数"), ("id", "ID")])
            admin.log_action(db, "admin_list_grids", actor, "")
        return 0
    except (admin.AdminError, _CliError) as exc:
        admin.log_action(db, f"admin_{args.admin_command.replace('-', '_')}", actor, "",
                         str(exc)[:200], success=False)
        return _fail(str(exc))
    finally:
        db.dispose()


# ---------------------------------------------------------------------------------------------


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("应为 0 或正整数")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("应为正整数")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gridcenter", description="gridworker 中心同步服务")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data-dir", required=True, help="数据目录（数据库、密钥、照片）")
        p.add_argument("--database-url", default=None,
                       help="数据库 URL，默认使用数据目录中的 SQLite；也可用环境变量 "
                            "GRIDCENTER_DATABASE_URL")

    serve = sub.add_parser("serve", help="启动同步服务")
    common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--auth-rate-limit", type=_non_negative, default=None, metavar="N",
                       help="每个客户端地址在时间窗口内最多允许的登录/刷新失败次数，超过后"
                            f"返回 429（默认 30；0 表示不限制；也可用环境变量 "
                            f"{AUTH_RATE_LIMIT_ENV}）")
    serve.add_argument("--auth-rate-window", type=_positive, default=None, metavar="SECONDS",
                       help=f"上述时间窗口的秒数（默认 60；也可用环境变量 {AUTH_RATE_WINDOW_ENV}）")

    demo = sub.add_parser("demo", help="创建演示数据")
    common(demo)
    demo.add_argument("--password", default=None, help="所有演示用户的密码")
    demo.add_argument("--force", action="store_true", help="覆盖已有数据库")

    adm = sub.add_parser("admin", help="管理网格、用户和分配")
    common(adm)
    cmds = adm.add_subparsers(dest="admin_command", required=True)
    p = cmds.add_parser("create-grid", help="新建网格")
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--village", default="")
    p.add_argument("--township", default="")
    p.add_argument("--county", default="")
    p = cmds.add_parser("create-user", help=f"新建用户（密码取自 {PASSWORD_ENV} 或交互输入）")
    p.add_argument("--username", required=True)
    p.add_argument("--role", required=True,
                   choices=["worker", "station", "supervisor", "centre_admin"])
    p.add_argument("--display-name", default="")
    for name in ("assign", "unassign"):
        p = cmds.add_parser(name, help="分配网格" if name == "assign" else "取消分配")
        p.add_argument("--username", required=True)
        p.add_argument("--grid", required=True, help="网格编码")
    for name, text in (("deactivate-user", "停用用户（注销其全部登录会话）"),
                       ("activate-user", "重新启用用户")):
        p = cmds.add_parser(name, help=text)
        p.add_argument("--username", required=True)
    p = cmds.add_parser("reassign-household", help="将户调整到其他网格")
    p.add_argument("--household", required=True)
    p.add_argument("--grid", required=True, help="目标网格编码")
    p = cmds.add_parser("import-roster", help="从 .csv 或 .xlsx 导入花名册")
    p.add_argument("file")
    p.add_argument("--grid", required=True, help="网格编码")
    p = cmds.add_parser("redact",
                        help="撤销一条有误或有害的走访记录或更正（保留撤销记录，需写明原因）")
    p.add_argument("--id", required=True, help="走访记录或走访更正的 ID")
    p.add_argument("--reason", required=True, help="撤销原因（网格员会看到）")
    cmds.add_parser("new-cursor-epoch",
                    help="从备份恢复数据库后运行：作废所有客户端的同步游标，使其从头重新同步")
    cmds.add_parser("users", help="列出用户")
    cmds.add_parser("grids", help="列出网格")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"serve": cmd_serve, "demo": cmd_demo, "admin": cmd_admin}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
