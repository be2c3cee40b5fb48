"""The ``gridworker`` command: the desktop app by default, subcommands for headless work.

gridworker [--data-dir DIR]                      open the desktop app
gridworker [--data-dir DIR] demo --households N  fill an empty workspace with a demo village
gridworker [--data-dir DIR] search TEXT [--json] find residents and households
gridworker [--data-dir DIR] status [--json]      the workspace at a glance
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

from . import __version__
from .domain.errors import GridworkerError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gridworker", description="网格员离线工作台 gridworker")
    parser.add_argument("--version", action="version", version=f"gridworker {__version__}")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    if command == "gui":
        from .app import run_gui

        return run_gui(data_dir=args.data_dir, lang=getattr(args, "lang", None))
    from .api import Workspace

    try:
        with Workspace.open(args.data_dir) as ws:
            if command == "demo":
                return _demo(ws, args)
            if command == "search":
                return _search(ws, args)
            return _status(ws, args)
    except GridworkerError as exc:
        print(f"gridworker: {exc.message}", file=sys.stderr)
        return 1


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
    status = ws.status().as_dict()
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
    else:
        for key, value in status.items():
            print(f"{key:<16} {value}")
    return 0
