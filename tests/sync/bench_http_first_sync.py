"""A first sync over HTTP from a real gridcenter holding ~100,000 rows of one grid.

    .venv/bin/python -m tests.sync.bench_http_first_sync [--residents 75000]

Seeds a demo gridcenter in a temporary folder, imports a synthetic roster into worker1's grid
(``gridcenter admin import-roster``, 50,000 rows per file at most), then times
``Workspace.sync()`` for a never-synced workspace and compares its rate with a raw SQLite
``executemany`` of the rows it received. Prints figures; never passes or fails on time.
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from support.server import GRID1, GridcenterProcess  # noqa: E402

from gridworker.api import Workspace  # noqa: E402
from gridworker.storage.database import Database  # noqa: E402
from gridworker.sync.credentials import MemoryStore  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
GIVEN = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌芳娜敏静丽艳娟霞秀英慧巧美淑惠珠翠雅芝玉萍"


def _check_char(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(first17, weights, strict=True))
    return "10X98765432"[total % 11]


def write_rosters(folder: Path, residents: int, seed: int = 5) -> list[Path]:
    rng = random.Random(seed)
    households: list[list[list[str]]] = []
    seen: set[str] = set()
    n = 0
    while n < residents:
        number = len(households) + 1
        members = []
        for member in range(rng.choice((1, 2, 3, 3, 4, 5))):
            sex = rng.choice(("男", "女"))
            while True:
                born = f"{rng.randrange(1930, 2020)}{rng.randrange(1, 13):02d}"
                born += f"{rng.randrange(1, 29):02d}"
                seq = rng.randrange(0, 500) * 2 + (1 if sex == "男" else 0)
                first17 = f"110105{born}{seq:03d}"
                if first17 not in seen:
                    seen.add(first17)
                    break
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            members.append([f"{(number % 12) + 1}组", f"{number}号", name, sex,
                            first17 + _check_char(first17), f"13{rng.randrange(0, 10**9):09d}",
                            "户主" if member == 0 else "子"])
        households.append(members)
        n += len(members)
    paths: list[Path] = []
    batch: list[list[str]] = []

    def flush() -> None:
        path = folder / f"roster-{len(paths)}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["组", "门牌号", "姓名", "性别", "公民身份号码", "电话", "与户主关系"])
            writer.writerows(batch)
        paths.append(path)
        batch.clear()

    for members in households:  # files hold whole households, at most 45,000 rows
        if len(batch) + len(members) > 45_000:
            flush()
        batch.extend(members)
    if batch:
        flush()
    return paths


def raw_rate(source: Path, target: Path) -> tuple[int, float]:
    """Copy the synced rows into a fresh workspace database with plain executemany."""
    Database(target).close()
    src = sqlite3.connect(source)
    tables = ["grids", "households", "residents", "visits"]
    data = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    src.close()
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.execute("PRAGMA synchronous=FULL")
    dst.execute("PRAGMA foreign_keys=ON")
    start = time.perf_counter()
    dst.execute("BEGIN")
    for t in tables:
        if data[t]:
            marks = ", ".join("?" for _ in data[t][0])
            dst.executemany(f"INSERT INTO {t} VALUES ({marks})", data[t])
    dst.execute("COMMIT")
    took = time.perf_counter() - start
    dst.close()
    return sum(len(v) for v in data.values()), took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=75_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        server = GridcenterProcess(root / "center")
        server.seed()
        start = time.perf_counter()
        for path in write_rosters(root, args.residents):
            done = server.admin("import-roster", str(path), "--grid", GRID1)
            if done.returncode != 0:
                raise SystemExit(done.stdout + done.stderr)
        print(f"roster import: {time.perf_counter() - start:.1f} s")
        with server:
            ws = Workspace.open(root / "client", credentials=MemoryStore())
            ws.login(server.url, "worker1", server.password)
            start = time.perf_counter()
            report = ws.sync()
            took = time.perf_counter() - start
            status = ws.status()
            ws.close()
        rows, raw = raw_rate(root / "client" / "gridworker.sqlite3", root / "raw.sqlite3")
        committed = took - report.index_seconds  # rows committed and browsable
        print(f"first sync: {report.pulled} rows committed in {committed:.1f} s = "
              f"{report.pulled / committed:,.0f} rows/s, {report.requests} requests, "
              f"{report.pages} pages ({status.households} households, "
              f"{status.residents} residents)")
        print(f"  then search index rebuild: {report.index_seconds:.1f} s "
              f"({report.indexed} entries); whole sync {took:.1f} s")
        print(f"raw executemany of the same {rows} rows: {raw:.2f} s = {rows / raw:,.0f} rows/s")
        print(f"first sync over HTTP = {(report.pulled / committed) / (rows / raw):.1%} of raw "
              f"(server time included); with the index rebuild "
              f"{(report.pulled / took) / (rows / raw):.1%}")


if __name__ == "__main__":
    main()
