"""The ``gridworker`` command: the desktop app by default, subcommands for headless work.

gridworker [--data-dir DIR]                      open the desktop app
gridworker [--data-dir DIR] demo --households N  fill an empty workspace with a demo village
gridworker [--data-dir DIR] search TEXT [--json] find residents and households
gridworker [--data-dir DIR] status [--json]      the workspace at a glance
gridworker [--data-dir DIR] login --server URL --user NAME
                                                 sign in (password prompted, or
                                                 $GRIDWORKER_PASSWORD) and bind the workspace
gridworker [--data-dir DIR] sync [--json]        push my changes, pull the centre's, photos
gridworker [--data-dir DIR] logout               end the session (local data stays)
gridworker [--data-dir DIR] conflicts [--json] [--all]
                                                 conflicts waiting for a decision
gridworker [--data-dir DIR] resolve ID CHOICE [--value V]
                                                 decide one (mine/theirs/new/keep/accept_delete)
gridworker [--data-dir DIR] rejections [--json]  changes the server refused, and why
gridworker [--data-dir DIR] dismiss MUTATION_ID  give a refused change up
gridworker [--data-dir DIR] keep-rejected MUTATION_ID
                                                 keep a read-only copy of it, then give it up

Exit codes: 0 done, 1 error, 2 usage, 3 server unreachable (offline), 4 sign-in needed or
refused, 5 the app must be updated (protocol), 6 the server's answer was unusable.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

from . import __version__
from .domain.errors import GridworkerError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gridworker", description="网格员离线工作台 gridworker")
    parser.add_argument("--version", action="version", version=f"gridworker {__version__}")
    parser.add_argument(
        "--lang", dest="cli_lang", choices=["zh_CN", "en"],
        help="language of messages (default: $GRIDWORKER_LANG, else zh_CN)",
    )  # fmt: skip
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="workspace folder (default: $GRIDWORKER_DATA_DIR or the user data folder)",
    )
    sub = parser.add_subparsers(dest="command")

    gui = sub.add_parser("gui", help="open the desktop app (the default)")
    gui.add_argument("--lang", choices=["zh_CN", "en"], help="interface language")

    demo = sub.add_parser("demo", help="fill an empty workspace with a synthetic village")
    demo.add_argument("--households", type=int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=7, metavar="S")

    search = sub.add_parser("search", help="find residents and households")
    search.add_argument("text")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--limit", type=int, default=50)

    status = sub.add_parser("status", help="the workspace at a glance")
    status.add_argument("--json", action="store_true", help="print JSON")

    login = sub.add_parser("login", help="sign in to gridcenter and bind this workspace")
    login.add_argument("--server", required=True, metavar="URL")
    login.add_argument("--user", required=True, metavar="NAME")

    sync = sub.add_parser("sync", help="push local changes, pull the centre's, upload photos")
    sync.add_argument("--json", action="store_true", help="print the report as JSON")

    sub.add_parser("logout", help="end the session on this computer (data stays)")

    conflicts = sub.add_parser("conflicts", help="conflicts waiting for a decision")
    conflicts.add_argument("--json", action="store_true", help="print JSON")
    conflicts.add_argument("--all", action="store_true", help="resolved ones too")

    resolve = sub.add_parser("resolve", help="decide a conflict")
    resolve.add_argument("conflict_id")
    resolve.add_argument("choice", choices=["mine", "theirs", "new", "keep", "accept_delete"])
    resolve.add_argument("--value", help="the new value (with choice 'new')")

    rejections = sub.add_parser("rejections", help="changes the server refused, and why")
    rejections.add_argument("--json", action="store_true", help="print JSON")
    dismiss = sub.add_parser("dismiss", help="give up a refused change after reading why")
    dismiss.add_argument("mutation_id")
    keep = sub.add_parser(
        "keep-rejected", help="keep a read-only local copy of a refused change, then give it up"
    )
    keep.add_argument("mutation_id")
    return parser


EXIT_ERROR, EXIT_USAGE, EXIT_OFFLINE, EXIT_AUTH, EXIT_UPDATE, EXIT_MALFORMED = 1, 2, 3, 4, 5, 6
ENV_PASSWORD = "GRIDWORKER_PASSWORD"


def _exit_code(exc: GridworkerError) -> int:
    from .sync import errors

    if isinstance(exc, errors.ServerUnreachable):
        return EXIT_OFFLINE
    if isinstance(exc, errors.AuthFailed | errors.AccountMismatch):
        return EXIT_AUTH
    if isinstance(exc, errors.ProtocolMismatch):
        return EXIT_UPDATE
    if isinstance(exc, errors.MalformedResponse):
        return EXIT_MALFORMED
    return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    if command == "gui":
        from .app import run_gui

        return run_gui(data_dir=args.data_dir, lang=getattr(args, "lang", None) or args.cli_lang)
    from . import logs
    from .api import Workspace
    from .words import catalogue, cli_language, error_words

    args.translate = catalogue(cli_language(args.cli_lang))

    logs.setup(args.data_dir, program=f"cli {command}")
    try:
        with Workspace.open(args.data_dir) as ws:
            if command == "demo":
                return _demo(ws, args)
            if command == "search":
                return _search(ws, args)
            if command == "login":
                return _login(ws, args)
            if command == "sync":
                return _sync(ws, args)
            if command == "logout":
                return _logout(ws)
            if command == "conflicts":
                return _conflicts(ws, args)
            if command == "resolve":
                return _resolve(ws, args)
            if command == "rejections":
                return _rejections(ws, args)
            if command == "dismiss":
                ws.dismiss_rejection(args.mutation_id)
                print("已放弃这条修改（仍保留在本机记录中）。")
                return 0
            if command == "keep-rejected":
                copy = ws.keep_rejected_copy(args.mutation_id)
                print(f"已保留本地副本：{copy.entity_label}“{copy.row_label}”的{copy.op_label}"
                      "（只读，不会同步）；这条修改已放弃。")
                return 0
            return _status(ws, args)
    except GridworkerError as exc:
        logging.getLogger("gridworker.cli").warning(
            "%s failed: %s (%s)", command, type(exc).__name__, exc.code
        )
        print(f"gridworker: {error_words(exc, args.translate)}", file=sys.stderr)
        return _exit_code(exc)


def _demo(ws: object, args: argparse.Namespace) -> int:
    from .api import Workspace

    assert isinstance(ws, Workspace)
    if args.households < 0:
        print("gridworker: --households must be 0 or more", file=sys.stderr)
        return 2
    started = time.perf_counter()
    ws.load_demo(households=args.households, seed=args.seed)
    status = ws.status()
    print(
        f"demo village ready in {time.perf_counter() - started:.1f} s: "
        f"{status.households} households, {status.residents} residents, {status.visits} visits "
        f"({ws.data_dir})"
    )
    return 0


def _search(ws: object, args: argparse.Namespace) -> int:
    from .api import Workspace

    assert isinstance(ws, Workspace)
    hits = ws.search(args.text, limit=args.limit)
    if not ws.search_index_ready():
        print("索引建立中，搜索较慢，暂不能按拼音查找（下次同步时完成索引）", file=sys.stderr)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "kind": h.kind,
                        "name": h.name,
                        "household_id": h.household_id,
                        "resident_id": h.resident_id,
                        "citizen_id": h.masked_citizen_id,
                        "phone": h.masked_phone,
                        "address": h.address,
                        "status": h.resident_status,
                    }
                    for h in hits
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not hits:
        print("no matches")
    for h in hits:
        print(f"{h.name or '-':<8} {h.masked_citizen_id:<20} {h.masked_phone:<13} {h.address}")
    return 0


def _status(ws: object, args: argparse.Namespace) -> int:
    from .api import Workspace

    assert isinstance(ws, Workspace)
    from . import logs

    status = ws.status().as_dict()
    log_file = logs.log_file()
    status["log_file"] = str(log_file) if log_file else None
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
    else:
        for key, value in status.items():
            print(f"{key:<16} {value}")
    return 0


# --------------------------------------------------------------------------- sync commands


def _password() -> str:
    from getpass import getpass

    env = os.environ.get(ENV_PASSWORD)
    if env:
        return env
    if not sys.stdin.isatty():
        raise GridworkerError(
            f"需要密码：请在终端中运行，或通过环境变量 {ENV_PASSWORD} 提供。", code="no_password"
        )
    return getpass("密码：")


def _login(ws: Any, args: argparse.Namespace) -> int:
    binding = ws.login(args.server, args.user, _password())
    print(f"已登录：{binding.display_name}（{binding.username}），服务器 {binding.server}")
    if binding.grids:
        print(f"负责网格：{'、'.join(binding.grids)}")
    store = ws.sync_service.credentials
    if not store.persistent:
        print(f"提示：{store.explanation}", file=sys.stderr)
    print("下一步：运行 gridworker sync 同步数据。")
    return 0


def _how_to_sign_in(ws: Any) -> str:
    bound = ws.binding
    if bound is None:
        return "请先登录：gridworker login --server 服务器地址 --user 用户名"
    return (
        f"请重新登录：gridworker login --server {bound.server} --user {bound.username}"
        f"（或设置环境变量 {ENV_PASSWORD} 后再同步）"
    )


def _sync(ws: Any, args: argparse.Namespace) -> int:
    from .sync.errors import AuthFailed

    bound = ws.binding
    if bound is None:
        print(f"gridworker: 本工作区尚未登录。{_how_to_sign_in(ws)}", file=sys.stderr)
        return EXIT_AUTH
    password = os.environ.get(ENV_PASSWORD)
    if not ws.signed_in():
        if not password:
            print(f"gridworker: 没有保存的登录状态。{_how_to_sign_in(ws)}", file=sys.stderr)
            return EXIT_AUTH
        ws.login(bound.server, bound.username, password)  # no keyring: sign in again
    progress = _progress_printer() if sys.stderr.isatty() and not args.json else None
    try:
        try:
            report = ws.sync(progress=progress)
        except AuthFailed as exc:
            if exc.code not in ("refresh_invalid", "not_signed_in") or not password:
                raise
            ws.login(bound.server, bound.username, password)
            report = ws.sync(progress=progress)
    except GridworkerError as exc:
        partial = getattr(exc, "report", None)
        if partial is not None and not partial.nothing_happened and not args.json:
            print("同步中断前已完成：", file=sys.stderr)
            for line in _report_lines(ws, partial):
                print(f"  {line}", file=sys.stderr)
        # Signing in again cannot help a deactivated account: only its message is printed.
        sign_in_again = isinstance(exc, AuthFailed) and exc.code != "account_disabled"
        hint = f"\n{_how_to_sign_in(ws)}" if sign_in_again else ""
        from .words import error_words

        print(f"gridworker: {error_words(exc, args.translate)}{hint}", file=sys.stderr)
        return _exit_code(exc)
    if args.json:
        out = report.as_dict()
        out["conflict_details"] = [
            c.as_dict() for c in ws.conflicts("all") if c.id in set(report.conflicts)
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    seconds = (report.finished_at - report.started_at).total_seconds()
    print(f"同步完成（{report.requests} 次请求，用时 {seconds:.0f} 秒）")
    for line in _report_lines(ws, report):
        print(f"  {line}")
    return 0


def _progress_printer() -> Any:
    names = {"push": "上传修改", "pull": "下载更新", "indexing": "建立搜索索引",
             "upload": "上传照片"}  # fmt: skip

    def show(phase: str, done: int, total: int | None) -> None:
        name = names.get(phase, phase)
        if phase == "upload" and total:
            text = f"{name} {done / 1e6:.1f}/{total / 1e6:.1f} MB"
        else:
            text = f"{name} {done}" + (f"/{total}" if total else "")
        print(f"\r{text:<40}", end="", file=sys.stderr, flush=True)

    return show


ENTITY_WORDS = {"grid": "网格", "household": "户", "resident": "居民", "visit": "走访",
                "visit_amendment": "走访更正"}  # fmt: skip


def _report_lines(ws: Any, report: Any) -> list[str]:
    lines: list[str] = []
    if report.nothing_happened and not report.rejected:
        return ["已是最新：没有需要上传或下载的内容。"]
    if report.pushed:
        lines.append(
            f"上传修改 {report.pushed} 条：已被平台接受 {report.applied} 条"
            + (f"，有冲突 {report.conflicted} 条" if report.conflicted else "")
            + (f"，被拒绝 {len(report.rejected)} 条" if report.rejected else "")
        )
    if report.pulled:
        parts = "，".join(
            f"{ENTITY_WORDS.get(e, e)} {n}" for e, n in report.pulled_by_entity.items() if n
        )
        lines.append(f"下载更新 {report.pulled} 条" + (f"（{parts}）" if parts else ""))
    if report.quarantined:
        lines.append(
            f"有 {report.quarantined} 条来自中心的记录无法读取，已暂存，不影响其他数据同步"
            "（gridworker status --json 的 quarantined；请告诉中心）"
        )
    if report.cursor_reset:
        lines.append("服务器要求重新下载全部数据，已从头同步。")
    if report.indexed:
        lines.append(f"已建立搜索索引（{report.indexed} 条，用时 {report.index_seconds:.1f} 秒）")
    if report.removed:
        lines.append(f"已从本机移除 {report.removed} 条（平台已删除，或已不在您负责的网格）")
    if report.requeued or report.resent:
        lost = []
        if report.requeued:
            lost.append(f"平台上缺少本机上传过的 {report.requeued} 条记录")
        if report.resent:
            lost.append(
                f"{'另有' if report.requeued else '平台上有'} {report.resent} 条记录"
                "缺少本机上传过的修改"
            )
        lines.append("，".join(lost) + "（平台可能已从备份恢复），已重新排队，下次同步时重新上传")
    if report.uploaded:
        lines.append(f"上传照片 {report.uploaded} 张（{report.uploaded_bytes / 1e6:.1f} MB）")
    for sha, reason in report.upload_failures:
        lines.append(f"照片 {sha[:8]}… 未能上传：{reason}")
    if report.resolved:
        lines.append(f"已解决的冲突 {len(report.resolved)} 项已被平台记录。")
    if report.conflicts:
        lines.append(f"新出现的冲突 {len(report.conflicts)} 项（平台上的值暂时保留）：")
        wanted = set(report.conflicts)
        for c in ws.conflicts("all"):
            if c.id in wanted:
                lines.append(f"  - {c.summary}")
        lines.append("  请运行 gridworker conflicts 查看，并用 gridworker resolve 处理。")
    if report.rejected:
        lines.append(f"被平台拒绝的修改 {len(report.rejected)} 条（本机数据已保留）：")
        for r in report.rejected:
            what = f"{ENTITY_WORDS.get(r.entity, r.entity)}“{r.label}”" if r.label else r.entity
            lines.append(f"  - {what}：{r.message or r.code}")
    for entity, _row_id, flag in report.kept:
        why = "已不在您负责的网格" if flag == "out_of_scope" else "已在平台上删除"
        lines.append(
            f"保留在本机：一条{ENTITY_WORDS.get(entity, entity)}记录{why}，"
            "但本机还有未被平台接受的修改"
        )
    if report.pending:
        lines.append(f"仍待上传 {report.pending} 条（同步期间新增，或下次继续）")
    return lines


def _logout(ws: Any) -> int:
    bound = ws.binding
    ws.logout()
    if bound is None:
        print("本工作区尚未登录。")
    else:
        print(f"已退出登录（{bound.username}）。本机数据保留，再次登录同一账号即可继续同步。")
    return 0


def _conflicts(ws: Any, args: argparse.Namespace) -> int:
    items = ws.conflicts("all" if args.all else "open", args.translate)
    if args.json:
        print(json.dumps([c.as_dict() for c in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("没有待处理的冲突。")
        return 0
    for c in items:
        print(f"[{c.id}] {c.summary}")
        if c.state == "open":
            from .services.wording import choice_text

            options = "，".join(f"{x}＝{choice_text(x, args.translate)}" for x in c.choices)
            print(f"    可选：{options}")
    return 0


def _resolve(ws: Any, args: argparse.Namespace) -> int:
    if args.choice == "new" and args.value is None:
        print("gridworker: 选择 new 时请用 --value 给出新值", file=sys.stderr)
        return EXIT_USAGE
    view = ws.resolve_conflict(args.conflict_id, args.choice, args.value)
    print(f"已记录：{view.summary}。下次同步时提交到平台。")
    return 0


def _rejections(ws: Any, args: argparse.Namespace) -> int:
    items = ws.rejections()
    if args.json:
        print(json.dumps([{"mutation_id": r.mutation_id, "entity": r.entity, "row_id": r.row_id,
                           "op": r.op, "code": r.code, "message": r.message, "row": r.label}
                          for r in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("没有被拒绝的修改。")
        return 0
    for r in items:
        print(f"[{r.mutation_id}] {ENTITY_WORDS.get(r.entity, r.entity)}“{r.label}”："
              f"{r.message or r.code}")
    print("放弃某条修改：gridworker dismiss 编号；保留副本后放弃：gridworker keep-rejected 编号")
    return 0
